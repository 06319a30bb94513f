import { readFileSync } from "node:fs";
import { expect, it } from "@jest/globals";
import type { Cluster } from "../../shared/clustering/cluster.js";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import type { LogEvent } from "../../shared/events/logEvent.js";
import { toEvent } from "../../shared/events/toEvent.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";

function events(): LogEvent[] {
  const raw = JSON.parse(readFileSync(CRASHLOOP_1000, "utf8")) as unknown[];
  const out: LogEvent[] = [];
  for (const r of raw) {
    const n = normalizeEntry(r);
    if (n.ok) out.push(toEvent(n.entry));
  }
  return out;
}

function cluster(evs: LogEvent[]): Cluster[] {
  const c = createClusterer();
  for (const e of evs) c.add(e);
  return c.result().clusters;
}

const isModuleNotFoundTraceback = (e: LogEvent) => e.text.startsWith("Traceback (most recent call last):") && /\nModuleNotFoundError: /.test(e.text);
const is503 = (e: LogEvent) => e.entry.httpRequest?.status === 503;
const isExit3 = (e: LogEvent) => e.text === "Container called exit(3).";

/** Every cluster's keys: its fingerprint and aliases. */
const keysOf = (c: Cluster) => new Set([c.fingerprint, ...c.aliases]);

describeWithSharedData("clusters of the real 1000-entry crash-loop export", () => {
  const all = events();

  it("puts each problem in exactly one cluster and mixes none of them", () => {
    const c = createClusterer();
    const where = new Map<LogEvent, Cluster>();
    for (const e of all) where.set(e, c.add(e));
    const groups = [isModuleNotFoundTraceback, is503, isExit3].map((pred) => {
      const members = all.filter(pred);
      const clusters = new Set(members.map((e) => where.get(e)));
      return { members, clusters };
    });
    expect(groups.map((g) => g.members.length)).toEqual([30, 11, 9]);
    for (const g of groups) {
      expect(g.clusters.size).toBe(1);
      const only = [...g.clusters][0] as Cluster;
      // the cluster holds those events and nothing else
      expect(only.count).toBe(g.members.length);
    }
    const [mnf, r503, exit3] = groups.map((g) => [...g.clusters][0] as Cluster);
    expect(new Set([mnf, r503, exit3]).size).toBe(3);
    expect(mnf).toMatchObject({ kind: "exception", exceptionType: "ModuleNotFoundError" });
    // both Error Reporting groups of the two call paths are kept as aliases
    expect(mnf?.aliases).toEqual(expect.arrayContaining(["errorGroup:CK7C-tDwuYTp8AE", "errorGroup:CPTn7buPgLimLw"]));
    expect(r503).toMatchObject({ kind: "request" });
    expect(r503?.meaning).toMatch(/valid HTTP/);
    expect(exit3).toMatchObject({ kind: "platform", template: "Container called exit(3)." });
    expect(exit3?.meaning).toMatch(/code 3/);
  });

  it("counts every event exactly once", () => {
    const c = createClusterer();
    for (const e of all) c.add(e);
    const r = c.result();
    expect(r.events).toBe(all.length);
    expect(r.clusters.reduce((n, x) => n + x.count, 0)).toBe(all.length);
    expect(r.drops).toEqual({});
  });

  it("gives the same keys to each half clustered alone, and in reverse order", () => {
    const whole = cluster(all);
    const half = Math.floor(all.length / 2);
    const parts = [cluster(all.slice(0, half)), cluster(all.slice(half)), cluster([...all].reverse())];
    for (const part of parts) {
      for (const c of part) {
        // the same events under the whole run: find the cluster that owns this one's first sample
        const match = whole.filter((w) => [...keysOf(c)].some((k) => keysOf(w).has(k)));
        expect(match.length).toBeGreaterThanOrEqual(1);
        // and the key it had alone is the whole run's fingerprint or one of its aliases
        expect(match.some((w) => keysOf(w).has(c.fingerprint))).toBe(true);
      }
    }
    // the whole file reversed gives exactly the same fingerprints
    const fwd = new Set(whole.map((c) => c.fingerprint));
    const rev = new Set((parts[2] as Cluster[]).map((c) => c.fingerprint));
    expect(rev).toEqual(fwd);
  });
});
