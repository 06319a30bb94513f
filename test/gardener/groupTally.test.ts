import { describe, expect, it } from "@jest/globals";
import { DEFAULT_CLUSTER_LIMITS } from "../../shared/clustering/clusterLimits.js";
import { createGroupTally } from "../../shared/gardener/groupTally.js";
import type { SourceItem } from "../../shared/gardener/ports.js";
import { parseUnitSelector } from "../../shared/resources/unitSelector.js";

const NOW = Date.parse("2026-03-10T16:00:00Z");
const WINDOW = { start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" };

/** A Cloud Run entry as gcloud exports it. */
function run(service: string, at: string, insertId: string, text = "hello"): SourceItem {
  return {
    kind: "value",
    value: {
      insertId,
      logName: "projects/p/logs/run.googleapis.com%2Fstdout",
      resource: { type: "cloud_run_revision", labels: { service_name: service, revision_name: `${service}-00001-abc`, project_id: "p", location: "europe-west1" } },
      timestamp: at,
      textPayload: text,
    },
  };
}

function selector(text: string) {
  const p = parseUnitSelector(text);
  if (!p.ok) throw new Error(p.problem);
  return p.selector;
}

describe("createGroupTally: every item the source hands over is tallied or counted by reason", () => {
  it("tallies the named unit and counts the rest: source skips, unreadable entries, outside the window, duplicates, other resources, other services", () => {
    const g = createGroupTally([selector("api")], WINDOW, DEFAULT_CLUSTER_LIMITS, NOW);
    const items: SourceItem[] = [
      run("api", "2026-03-10T14:10:00Z", "a1"),
      run("api", "2026-03-10T14:11:00Z", "a2", "boom"),
      run("api", "2026-03-10T14:11:00Z", "a2", "boom"), // the same entry again
      run("api", "2026-03-10T13:59:59Z", "a3"), // before the window
      run("web", "2026-03-10T14:12:00Z", "w1"), // a unit not asked for
      { kind: "value", value: { insertId: "g1", timestamp: "2026-03-10T14:13:00Z", resource: { type: "gce_instance", labels: {} }, textPayload: "vm" } },
      { kind: "value", value: { insertId: "x1", textPayload: "no time" } },
      { kind: "skip", reason: "invalid_json", detail: "line 9" },
    ];
    for (const item of items) g.take(item);
    const kept = g.finish();
    expect([...kept.tallies.keys()]).toEqual(["api"]);
    const api = kept.tallies.get("api");
    expect(api?.entries).toBe(2);
    expect(api?.clusterer.result().events).toBe(2);
    expect(kept.skipped).toEqual({ duplicate: 1, outside_window: 1, other_service: 1, missing_timestamp: 1, invalid_json: 1 });
    expect(kept.otherResources).toEqual({ gce_instance: 1 });
    expect(kept.duplicates.dropped).toBe(1);
  });

  it("without units named, each unit found gets a tally, one seen only outside the window too (its hour was quiet)", () => {
    const g = createGroupTally([], WINDOW, DEFAULT_CLUSTER_LIMITS, NOW);
    g.take(run("api", "2026-03-10T14:10:00Z", "a1"));
    g.take(run("web", "2026-03-10T15:00:00Z", "w1")); // the window's end is exclusive
    const kept = g.finish();
    expect([...kept.tallies.keys()].sort()).toEqual(["api", "web"]);
    expect(kept.tallies.get("api")?.entries).toBe(1);
    expect(kept.tallies.get("web")?.entries).toBe(0);
    expect(kept.skipped).toEqual({ outside_window: 1 });
  });

  it("skips an entry dated more than a day after the pass's clock", () => {
    const g = createGroupTally([], undefined, DEFAULT_CLUSTER_LIMITS, NOW);
    g.take(run("api", "2026-03-12T14:10:00Z", "late"));
    expect(g.finish().skipped).toEqual({ timestamp_out_of_range: 1 });
  });
});
