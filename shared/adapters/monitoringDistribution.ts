/**
 * A Cloud Monitoring Distribution as the API sends it (google/api/distribution.proto): a count, and
 * per-bucket counts under one of three bucket layouts. Proto3 JSON and the gRPC decoding both give
 * int64s as strings or numbers; everything here accepts either.
 */
export interface DistributionValue {
  count?: string | number | null;
  bucketOptions?: {
    linearBuckets?: { numFiniteBuckets?: number | null; width?: number | null; offset?: number | null } | null;
    exponentialBuckets?: { numFiniteBuckets?: number | null; growthFactor?: number | null; scale?: number | null } | null;
    explicitBuckets?: { bounds?: number[] | null } | null;
  } | null;
  bucketCounts?: Array<string | number | { toString(): string }> | null;
}

/** Bucket i's [lower, upper) bounds; the underflow bucket starts at 0 (latencies), the overflow ends at its lower bound. */
function boundsOf(d: DistributionValue, i: number): [number, number] | undefined {
  const o = d.bucketOptions;
  const clamp = (lo: number, hi: number): [number, number] => [Math.max(0, lo), Number.isFinite(hi) ? hi : Math.max(0, lo)];
  if (o?.exponentialBuckets) {
    const { numFiniteBuckets: k = 0, growthFactor: g = 2, scale = 1 } = o.exponentialBuckets;
    const kk = Number(k);
    if (i === 0) return clamp(0, Number(scale));
    if (i > kk) return clamp(Number(scale) * Number(g) ** kk, Infinity);
    return clamp(Number(scale) * Number(g) ** (i - 1), Number(scale) * Number(g) ** i);
  }
  if (o?.linearBuckets) {
    const { numFiniteBuckets: k = 0, width = 1, offset = 0 } = o.linearBuckets;
    if (i === 0) return clamp(0, Number(offset));
    if (i > Number(k)) return clamp(Number(offset) + Number(width) * Number(k), Infinity);
    return clamp(Number(offset) + Number(width) * (i - 1), Number(offset) + Number(width) * i);
  }
  const b = o?.explicitBuckets?.bounds;
  if (b && b.length) {
    if (i === 0) return clamp(0, b[0] as number);
    if (i >= b.length) return clamp(b[b.length - 1] as number, Infinity);
    return clamp(b[i - 1] as number, b[i] as number);
  }
  return undefined;
}

/** Adds `b` into `a` (same bucket layout, as every point of one metric has). */
export function addBucketCounts(a: number[], d: DistributionValue): void {
  (d.bucketCounts ?? []).forEach((c, i) => (a[i] = (a[i] ?? 0) + Number(String(c))));
}

/**
 * The q-quantile of bucket counts, linearly interpolated inside the bucket that holds it (what
 * Monitoring's own percentile aligners do): exact to the bucket's width, so approximate.
 */
export function bucketQuantile(layout: DistributionValue, counts: readonly number[], q: number): number | undefined {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!total) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (!c) continue;
    if (seen + c >= rank) {
      const bounds = boundsOf(layout, i);
      if (!bounds) return undefined;
      const [lo, hi] = bounds;
      return lo + ((hi - lo) * Math.max(0, rank - seen)) / c;
    }
    seen += c;
  }
  return undefined;
}
