/**
 * Latency percentiles in bounded memory: a log-bucketed histogram (the DDSketch idea). Each bucket covers
 * values within ±2% of its centre, so a percentile is within 2% of the exact one; 1 µs to 1 hour needs
 * at most ~560 buckets whatever the number of requests. Counts are exact.
 */
export interface LatencySketch {
  count: number;
  minMs: number;
  maxMs: number;
  sumMs: number;
  buckets: Map<number, number>;
}

/** Relative width of a bucket: values within ±RELATIVE_ACCURACY of the bucket's centre share it. */
const RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Below this the value is reported as 0 (sub-microsecond latencies are clock noise). */
const MIN_MS = 0.001;

export function emptySketch(): LatencySketch {
  return { count: 0, minMs: Infinity, maxMs: -Infinity, sumMs: 0, buckets: new Map() };
}

/** Adds a latency, `n` times (a source that counted requests of the same latency for us). */
export function addLatency(s: LatencySketch, ms: number, n = 1): void {
  if (!Number.isFinite(ms) || ms < 0 || n <= 0) return;
  s.count += n;
  s.sumMs += ms * n;
  if (ms < s.minMs) s.minMs = ms;
  if (ms > s.maxMs) s.maxMs = ms;
  const key = ms < MIN_MS ? -Infinity : Math.ceil(Math.log(ms) / LOG_GAMMA);
  s.buckets.set(key, (s.buckets.get(key) ?? 0) + n);
}

/**
 * Adds `count` latencies known only by their quantile boundaries (min, 1%, …, max: what BigQuery's
 * APPROX_QUANTILES(x, 100) returns): each percent of the requests at its upper boundary, so the
 * sketch's percentiles are those boundaries (BigQuery's own approximation, then the sketch's 2%).
 */
export function addLatencyQuantiles(s: LatencySketch, boundaries: readonly number[], count: number): void {
  const steps = boundaries.length - 1;
  if (steps < 1) {
    if (boundaries.length === 1) addLatency(s, boundaries[0] as number, count);
    return;
  }
  for (let i = 1; i <= steps; i++) {
    const n = Math.floor((count * i) / steps) - Math.floor((count * (i - 1)) / steps);
    addLatency(s, boundaries[i] as number, n);
  }
}

/** The q-quantile (0..1), within 2% of the exact value; undefined when empty. */
export function quantile(s: LatencySketch, q: number): number | undefined {
  if (!s.count) return undefined;
  const rank = Math.max(0, Math.ceil(q * s.count) - 1);
  const keys = [...s.buckets.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const k of keys) {
    seen += s.buckets.get(k) ?? 0;
    if (seen > rank) {
      if (k === -Infinity) return 0;
      const centre = (2 * GAMMA ** k) / (GAMMA + 1);
      return Math.min(s.maxMs, Math.max(s.minMs, centre));
    }
  }
  return s.maxMs;
}
