import { describe, expect, it } from "@jest/globals";
import { compareTrends } from "../../shared/analysis/trends.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";

const HOUR = 3_600_000;

function previous(incidents: Array<{ fingerprint: string; count: number; baselinePerHour?: number }>): WorklogJson {
  return {
    schemaVersion: 1,
    generator: { name: "log-gardener", version: "t" },
    generatedAt: "2026-01-01T01:00:00Z",
    service: "svc",
    window: { start: "2026-01-01T00:00:00Z", end: "2026-01-01T01:00:00Z" },
    source: { kind: "file", description: "t", complete: true },
    totals: { entries: 0, bySeverity: {} as WorklogJson["totals"]["bySeverity"], inferredBySeverity: {}, events: 0, truncated: false, skipped: {}, clusteringDrops: {} },
    revisions: [],
    clusters: incidents.map((i, n) => ({ id: `C${n + 1}`, fingerprint: i.fingerprint, aliases: [], kind: "message", template: "t", count: i.count, bySeverity: {}, inferredSeverity: 0, firstSeen: "", lastSeen: "", samples: [], instances: 0, revisions: {}, timeline: [] })),
    incidents: incidents.map((i, n) => ({
      id: `I${n + 1}`,
      title: `incident ${i.fingerprint}`,
      priority: "P1",
      priorityReasons: [],
      rootCause: `C${n + 1}`,
      fingerprint: i.fingerprint,
      clusters: [`C${n + 1}`],
      evidence: [],
      count: i.count,
      firstSeen: "2026-01-01T00:10:00Z",
      lastSeen: "2026-01-01T00:50:00Z",
      ...(i.baselinePerHour !== undefined ? { trend: { status: "recurring" as const, reason: "", ratePerHour: i.count, baselinePerHour: i.baselinePerHour } } : {}),
    })),
    issues: [],
  };
}

describe("trends against the previous worklog", () => {
  it("says new, recurring, spiking (against the carried baseline) and resolved", () => {
    const prev = previous([
      { fingerprint: "a", count: 10 },
      { fingerprint: "b", count: 10, baselinePerHour: 10 },
      { fingerprint: "c", count: 5 },
    ]);
    const { trends, resolved } = compareTrends(
      [
        { fingerprints: ["a"], count: 12 },
        { fingerprints: ["x", "b"], count: 45 },
        { fingerprints: ["d"], count: 3 },
      ],
      HOUR,
      prev,
    );
    expect(trends.map((t) => t.status)).toEqual(["recurring", "spiking", "new"]);
    expect(trends[1]?.reason).toBe("spiking: 45 per hour against a baseline of 10 per hour (rule: ≥ 3× and ≥ 10 more)");
    expect(trends[1]?.baselinePerHour).toBe(20.5);
    expect(resolved.map((r) => r.fingerprint)).toEqual(["c"]);
  });

  it("does not call a small rise a spike, and calls everything new without a previous worklog", () => {
    const prev = previous([{ fingerprint: "a", count: 2 }]);
    expect(compareTrends([{ fingerprints: ["a"], count: 8 }], HOUR, prev).trends[0]?.status).toBe("recurring");
    expect(compareTrends([{ fingerprints: ["a"], count: 8 }], HOUR, undefined).trends[0]).toMatchObject({ status: "new", reason: "no previous worklog to compare with" });
  });
});
