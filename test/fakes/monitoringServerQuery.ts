/**
 * What the Monitoring fake answers to `projects.timeSeries.list`: the series that match a filter,
 * aligned per period and reduced across series, as Cloud Monitoring does for the subset of the API the
 * gardener uses. Anything outside that subset is refused (INVALID_ARGUMENT), never guessed.
 *
 * Filter: `key = "value"`, `key != "value"`, `key = one_of("a", "b")`, `key = starts_with("x")`, joined
 * by AND, over metric.type, resource.type, metric.label(s).K and resource.label(s).K.
 * Aggregation: perSeriesAligner ALIGN_NONE | ALIGN_SUM | ALIGN_DELTA; crossSeriesReducer REDUCE_NONE |
 * REDUCE_SUM with groupByFields. Points come newest first.
 */
export interface FakeDistribution {
  count: number;
  mean: number;
  sumOfSquaredDeviation: number;
  /** Exponential buckets: bucket 0 is (-inf, scale), bucket i (1..n) is [scale*g^(i-1), scale*g^i), bucket n+1 the overflow. */
  bucketOptions: { exponentialBuckets: { numFiniteBuckets: number; growthFactor: number; scale: number } };
  bucketCounts: number[];
}

export interface FakePoint {
  startMs: number;
  endMs: number;
  int64?: number;
  distribution?: FakeDistribution;
}

export interface FakeSeries {
  metricType: string;
  metricLabels: Record<string, string>;
  resourceType: string;
  resourceLabels: Record<string, string>;
  metricKind: "DELTA" | "GAUGE" | "CUMULATIVE";
  valueType: "INT64" | "DISTRIBUTION";
  points: FakePoint[];
}

export interface ListQuery {
  name: string;
  filter: string;
  startMs: number;
  endMs: number;
  alignmentPeriodS?: number;
  aligner: string;
  reducer: string;
  groupByFields: string[];
}

type Clause = { key: string; op: "=" | "!="; test: (v: string | undefined) => boolean };

/** Thrown for requests outside the subset the fake implements; the servers answer INVALID_ARGUMENT. */
export class QueryError extends Error {}

export function parseMonitoringFilter(filter: string): Clause[] {
  const clauses: Clause[] = [];
  const re = /\s*([a-z_.]+[A-Za-z0-9_]*)\s*(!=|=)\s*(one_of\(([^)]*)\)|starts_with\(\s*"([^"]*)"\s*\)|"([^"]*)")\s*(AND\b|$)/y;
  let at = 0;
  const text = filter.trim();
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new QueryError(`filter not understood at ${JSON.stringify(text.slice(at, at + 40))}`);
    const [, key, op, , list, prefix, literal] = m;
    let test: (v: string | undefined) => boolean;
    if (list !== undefined) {
      const values = [...list.matchAll(/"([^"]*)"/g)].map((x) => x[1] as string);
      test = (v) => v !== undefined && values.includes(v);
    } else if (prefix !== undefined) test = (v) => v !== undefined && v.startsWith(prefix);
    else test = (v) => v === literal;
    clauses.push({ key: key as string, op: op as "=" | "!=", test });
    at = re.lastIndex;
  }
  return clauses;
}

/** The value a filter key or group-by field names in a series. */
function valueOf(s: FakeSeries, key: string): string | undefined {
  if (key === "metric.type") return s.metricType;
  if (key === "resource.type") return s.resourceType;
  const m = /^(metric|resource)\.labels?\.(.+)$/.exec(key);
  if (!m) throw new QueryError(`unknown field ${key}`);
  return m[1] === "metric" ? s.metricLabels[m[2] as string] : s.resourceLabels[m[2] as string];
}

function mergeDistributions(a: FakeDistribution | undefined, b: FakeDistribution): FakeDistribution {
  if (!a) return { ...b, bucketCounts: [...b.bucketCounts] };
  const count = a.count + b.count;
  const mean = count ? (a.mean * a.count + b.mean * b.count) / count : 0;
  const delta = b.mean - a.mean;
  const ssd = a.sumOfSquaredDeviation + b.sumOfSquaredDeviation + (count ? (delta * delta * a.count * b.count) / count : 0);
  const n = Math.max(a.bucketCounts.length, b.bucketCounts.length);
  const buckets = Array.from({ length: n }, (_, i) => (a.bucketCounts[i] ?? 0) + (b.bucketCounts[i] ?? 0));
  return { count, mean, sumOfSquaredDeviation: ssd, bucketOptions: a.bucketOptions, bucketCounts: buckets };
}

function addPoint(into: FakePoint | undefined, p: FakePoint, startMs: number, endMs: number): FakePoint {
  const out: FakePoint = into ?? { startMs, endMs };
  if (p.int64 !== undefined) out.int64 = (out.int64 ?? 0) + p.int64;
  if (p.distribution) out.distribution = mergeDistributions(out.distribution, p.distribution);
  return out;
}

/** Runs one list request over the fake's series. */
export function listTimeSeries(all: readonly FakeSeries[], q: ListQuery): FakeSeries[] {
  const clauses = parseMonitoringFilter(q.filter);
  if (!clauses.some((c) => c.key === "metric.type" && c.op === "=")) throw new QueryError("the filter must name one metric.type");
  const matching = all.filter((s) => clauses.every((c) => (c.op === "=" ? c.test(valueOf(s, c.key)) : !c.test(valueOf(s, c.key)))));

  // Points whose interval lies inside [start, end] (Monitoring's closed interval for reads).
  const inWindow = (p: FakePoint) => p.startMs >= q.startMs && p.endMs <= q.endMs;
  let aligned: FakeSeries[];
  if (q.aligner === "ALIGN_NONE") {
    aligned = matching.map((s) => ({ ...s, points: s.points.filter(inWindow) }));
  } else if (q.aligner === "ALIGN_SUM" || q.aligner === "ALIGN_DELTA") {
    const period = (q.alignmentPeriodS ?? 0) * 1000;
    if (!(period > 0)) throw new QueryError("an aligner needs aggregation.alignmentPeriod");
    aligned = matching.map((s) => {
      // Periods end at the interval's end and go back from there, as Monitoring aligns them.
      const byPeriod = new Map<number, FakePoint>();
      for (const p of s.points.filter(inWindow)) {
        const k = Math.floor((q.endMs - p.endMs) / period);
        const end = q.endMs - k * period;
        byPeriod.set(k, addPoint(byPeriod.get(k), p, end - period, end));
      }
      return { ...s, points: [...byPeriod.values()] };
    });
  } else throw new QueryError(`aligner ${q.aligner} is not in the fake`);

  let reduced: FakeSeries[];
  if (q.reducer === "REDUCE_NONE") reduced = aligned;
  else if (q.reducer === "REDUCE_SUM") {
    if (q.aligner === "ALIGN_NONE") throw new QueryError("a reducer needs an aligner");
    const groups = new Map<string, { series: FakeSeries; byStart: Map<number, FakePoint> }>();
    for (const s of aligned) {
      const metricLabels: Record<string, string> = {};
      const resourceLabels: Record<string, string> = {};
      for (const f of q.groupByFields) {
        const v = valueOf(s, f) ?? "";
        const m = /^(metric|resource)\.labels?\.(.+)$/.exec(f);
        if (!m) throw new QueryError(`cannot group by ${f}`);
        (m[1] === "metric" ? metricLabels : resourceLabels)[m[2] as string] = v;
      }
      const key = JSON.stringify([metricLabels, resourceLabels]);
      let g = groups.get(key);
      if (!g) {
        g = { series: { ...s, metricLabels, resourceLabels, points: [] }, byStart: new Map() };
        groups.set(key, g);
      }
      for (const p of s.points) g.byStart.set(p.startMs, addPoint(g.byStart.get(p.startMs), p, p.startMs, p.endMs));
    }
    reduced = [...groups.values()].map((g) => ({ ...g.series, points: [...g.byStart.values()] }));
  } else throw new QueryError(`reducer ${q.reducer} is not in the fake`);

  for (const s of reduced) s.points.sort((a, b) => b.endMs - a.endMs);
  return reduced.filter((s) => s.points.length > 0);
}
