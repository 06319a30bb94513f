import type { Cluster } from "../clustering/cluster.js";

/** Bounds of the per-instance record of when each pattern first appeared. */
export const TIMELINE_LIMITS = {
  /** Instances remembered; a crash loop of an hour at one restart every 10 s is 360. */
  maxInstances: 2000,
  /** Patterns remembered per instance; only warnings, errors and failed requests are recorded. */
  maxPatternsPerInstance: 64,
} as const;

/**
 * When each notable pattern first appeared on each instance: the order within one instance's life (one
 * restart cycle in a crash loop) tells cause from consequence. Keyed by the cluster itself, because a
 * mined cluster's fingerprint changes when its template generalises.
 */
export interface InstanceTimeline {
  instances: Map<string, Map<Cluster, number>>;
  /** Records not kept because a bound was reached. */
  dropped: number;
}

export function emptyTimeline(): InstanceTimeline {
  return { instances: new Map(), dropped: 0 };
}

export function recordOnInstance(t: InstanceTimeline, instance: string, cluster: Cluster, timeMs: number): void {
  let m = t.instances.get(instance);
  if (!m) {
    if (t.instances.size >= TIMELINE_LIMITS.maxInstances) {
      t.dropped++;
      return;
    }
    m = new Map();
    t.instances.set(instance, m);
  }
  const seen = m.get(cluster);
  if (seen === undefined) {
    // Patterns the clusterer evicted never reach the result: they give their place to a new one.
    if (m.size >= TIMELINE_LIMITS.maxPatternsPerInstance) for (const c of m.keys()) if (c.evicted) m.delete(c);
    if (m.size >= TIMELINE_LIMITS.maxPatternsPerInstance) {
      t.dropped++;
      return;
    }
    m.set(cluster, timeMs);
  } else if (timeMs < seen) m.set(cluster, timeMs);
}

/** On how many instances pattern a first appeared before b, and b before a (ties count for neither). */
export function precedence(t: InstanceTimeline, a: Cluster, b: Cluster): { aFirst: number; bFirst: number; both: number } {
  const out = { aFirst: 0, bFirst: 0, both: 0 };
  for (const m of t.instances.values()) {
    const ta = m.get(a);
    const tb = m.get(b);
    if (ta === undefined || tb === undefined) continue;
    out.both++;
    if (ta < tb) out.aFirst++;
    else if (tb < ta) out.bFirst++;
  }
  return out;
}

/** Instances on which the pattern appeared (as far as the timeline's bounds remembered). */
export function instancesOf(t: InstanceTimeline, c: Cluster): Set<string> {
  const out = new Set<string>();
  for (const [instance, m] of t.instances) if (m.has(c)) out.add(instance);
  return out;
}
