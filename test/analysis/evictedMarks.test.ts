import { describe, expect, it } from "@jest/globals";
import type { Cluster } from "../../shared/clustering/cluster.js";
import { markEvicted } from "../../shared/clustering/createClusterer.js";
import { createPairRecorder, PAIR_LIMITS } from "../../shared/analysis/requestPairs.js";
import { emptyTimeline, recordOnInstance, TIMELINE_LIMITS } from "../../shared/analysis/instanceTimeline.js";

/** A cluster as the clusterer hands it out; `evicted` as it marks one it let go. */
function cluster(id: string, evicted = false): Cluster {
  return {
    fingerprint: id,
    aliases: [],
    kind: "exception",
    template: id,
    count: 1,
    bySeverity: { ERROR: 1 },
    inferredSeverity: 0,
    firstMs: 0,
    lastMs: 0,
    perMinute: new Map(),
    samples: [],
    instances: new Set(),
    revisions: new Map(),
    traces: new Set(),
    ...(evicted ? { evicted: true as const } : {}),
  };
}

describe("per-instance records forget clusters the clusterer evicted", () => {
  it("pairs: marks of evicted clusters make room instead of filling an instance's bound", () => {
    const pairs = createPairRecorder();
    const gone = Array.from({ length: PAIR_LIMITS.perInstance + 500 }, (_, i) => cluster(`gone${i}`));
    for (const [i, c] of gone.entries()) pairs.event("i1", c, i);
    // evicted after they were recorded, as the LRU does while the read goes on
    for (const c of gone) markEvicted(c);
    const live = cluster("live");
    const request = cluster("request");
    pairs.event("i1", live, 10_000);
    pairs.request("i1", request, 9_990, { status: 500, latencyMs: 5, url: "https://api.example.com/orders" });
    const r = pairs.result();
    // the 500 past the bound were refused before any was evicted; nothing after
    expect(r.dropped).toBe(500);
    expect(r.events.get(live)).toBe(1);
    expect([...r.events.keys()].filter((c) => c.evicted)).toEqual([]);
    expect(r.pairs.get(request)?.get(live)).toBe(1);
  });

  it("pairs: marks of live clusters are kept, and counted as dropped past the bound", () => {
    const pairs = createPairRecorder();
    const live = cluster("live");
    for (let i = 0; i < PAIR_LIMITS.perInstance + 10; i++) pairs.event("i1", live, i);
    const r = pairs.result();
    expect(r.events.get(live)).toBe(PAIR_LIMITS.perInstance);
    expect(r.dropped).toBe(10);
  });

  it("pairs: a full instance that refused marks makes room again once clusters of its marks are evicted", () => {
    const pairs = createPairRecorder();
    const held = Array.from({ length: PAIR_LIMITS.perInstance }, (_, i) => cluster(`held${i}`));
    for (const [i, c] of held.entries()) pairs.event("i1", c, i);
    const late = cluster("late");
    // full and nothing evicted: refused (each refusal checks the marks, none can go)
    for (let i = 0; i < 5; i++) pairs.event("i1", late, 5_000 + i);
    for (const c of held.slice(0, 3)) markEvicted(c);
    for (let i = 0; i < 5; i++) pairs.event("i1", late, 6_000 + i);
    const r = pairs.result();
    expect(r.dropped).toBe(5 + 2);
    expect(r.events.get(late)).toBe(3);
    expect([...r.events.keys()].filter((c) => c.evicted)).toEqual([]);
  });

  it("instance timeline: an evicted pattern gives its place to a new one", () => {
    const t = emptyTimeline();
    const gone = Array.from({ length: TIMELINE_LIMITS.maxPatternsPerInstance }, (_, i) => cluster(`gone${i}`));
    for (const [i, c] of gone.entries()) recordOnInstance(t, "i1", c, i);
    const late = cluster("late");
    recordOnInstance(t, "i1", late, 100);
    expect(t.dropped).toBe(1);
    for (const c of gone.slice(0, 10)) markEvicted(c);
    recordOnInstance(t, "i1", late, 101);
    expect(t.instances.get("i1")?.get(late)).toBe(101);
    expect(t.instances.get("i1")?.size).toBe(TIMELINE_LIMITS.maxPatternsPerInstance - 10 + 1);
  });
});
