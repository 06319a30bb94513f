/** Bounds of the per-instance record of when each pattern first appeared. */
export const TIMELINE_LIMITS = {
  /** Instances remembered; a crash loop of an hour at one restart every 10 s is 360. */
  maxInstances: 2000,
  /** Patterns remembered per instance; only warnings, errors and failed requests are recorded. */
  maxPatternsPerInstance: 64,
} as const;

/**
 * When each notable pattern (by cluster fingerprint) first appeared on each instance: the order within
 * one instance's life (one restart cycle in a crash loop) tells cause from consequence.
 */
export interface InstanceTimeline {
  instances: Map<string, Map<string, number>>;
  /** Records not kept because a bound was reached. */
  dropped: number;
}

export function emptyTimeline(): InstanceTimeline {
  return { instances: new Map(), dropped: 0 };
}

export function recordOnInstance(t: InstanceTimeline, instance: string, fingerprint: string, timeMs: number): void {
  let m = t.instances.get(instance);
  if (!m) {
    if (t.instances.size >= TIMELINE_LIMITS.maxInstances) {
      t.dropped++;
      return;
    }
    m = new Map();
    t.instances.set(instance, m);
  }
  const seen = m.get(fingerprint);
  if (seen === undefined) {
    if (m.size >= TIMELINE_LIMITS.maxPatternsPerInstance) {
      t.dropped++;
      return;
    }
    m.set(fingerprint, timeMs);
  } else if (timeMs < seen) m.set(fingerprint, timeMs);
}

/** On how many instances pattern a first appeared before b, and b before a (ties count for neither). */
export function precedence(t: InstanceTimeline, a: string, b: string): { aFirst: number; bFirst: number; both: number } {
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

/** On how many instances both patterns first appeared, and on how many of those within `withinMs` of each other. */
export function coincidence(t: InstanceTimeline, a: string, b: string, withinMs: number): { both: number; close: number; maxGapMs: number } {
  const out = { both: 0, close: 0, maxGapMs: 0 };
  for (const m of t.instances.values()) {
    const ta = m.get(a);
    const tb = m.get(b);
    if (ta === undefined || tb === undefined) continue;
    out.both++;
    const gap = Math.abs(ta - tb);
    if (gap <= withinMs) {
      out.close++;
      if (gap > out.maxGapMs) out.maxGapMs = gap;
    }
  }
  return out;
}
