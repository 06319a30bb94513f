import type { RestEntry } from "./loggingServer.js";
import type { FakeDistribution, FakeSeries } from "./monitoringServerQuery.js";

/**
 * The series Cloud Monitoring would hold for these log entries, one point per minute: the built-in
 * `logging.googleapis.com/log_entry_count` (labels `log`, `severity`) for every Cloud Run entry, and
 * Cloud Run's `run.googleapis.com/request_count` (labels `response_code`, `response_code_class`) and
 * `request_latencies` (a distribution in ms) for every request log. This is the whole-window truth the
 * tests hold a worklog's header to, computed independently of the gardener's own code.
 */
export const LOG_ENTRY_COUNT = "logging.googleapis.com/log_entry_count";
export const REQUEST_COUNT = "run.googleapis.com/request_count";
export const REQUEST_LATENCIES = "run.googleapis.com/request_latencies";

/** Cloud Run's latency buckets are exponential; these cover 1 ms to ~20 minutes. */
export const LATENCY_BUCKETS = { numFiniteBuckets: 60, growthFactor: 1.26, scale: 1 };

const MINUTE = 60_000;
const RESOURCE_KEYS = ["project_id", "service_name", "revision_name", "location", "configuration_name"] as const;

export function seriesFromEntries(entries: Iterable<RestEntry>): FakeSeries[] {
  const series = new Map<string, FakeSeries>();
  const points = new Map<string, Map<number, { n: number; d?: FakeDistribution }>>();
  const bump = (key: string, make: () => FakeSeries, minute: number, latencyMs?: number) => {
    if (!series.has(key)) {
      series.set(key, make());
      points.set(key, new Map());
    }
    const byMinute = points.get(key) as Map<number, { n: number; d?: FakeDistribution }>;
    const p = byMinute.get(minute) ?? { n: 0 };
    p.n++;
    if (latencyMs !== undefined) p.d = addToDistribution(p.d, latencyMs);
    byMinute.set(minute, p);
  };

  for (const e of entries) {
    const resource = (e.resource ?? {}) as { type?: string; labels?: Record<string, string> };
    if (resource.type !== "cloud_run_revision") continue;
    const t = Date.parse(String(e.timestamp));
    if (!Number.isFinite(t)) continue;
    const minute = t - (t % MINUTE);
    const labels: Record<string, string> = {};
    for (const k of RESOURCE_KEYS) labels[k] = resource.labels?.[k] ?? "";
    const log = decodeURIComponent(String(e.logName ?? "").replace(/^.*\/logs\//, ""));
    const severity = typeof e.severity === "string" && e.severity ? e.severity : "DEFAULT";
    const base = { resourceType: "cloud_run_revision", resourceLabels: labels, metricKind: "DELTA" as const };
    bump(`c|${JSON.stringify(labels)}|${log}|${severity}`, () => ({ ...base, metricType: LOG_ENTRY_COUNT, metricLabels: { log, severity }, valueType: "INT64", points: [] }), minute);

    const http = e.httpRequest as { status?: number; latency?: string } | undefined;
    if (!log.endsWith("/requests") || typeof http?.status !== "number") continue;
    const code = String(http.status);
    const cls = `${code[0]}xx`;
    const rl = { response_code: code, response_code_class: cls };
    bump(`r|${JSON.stringify(labels)}|${code}`, () => ({ ...base, metricType: REQUEST_COUNT, metricLabels: rl, valueType: "INT64", points: [] }), minute);
    const latency = typeof http.latency === "string" ? Number(http.latency.replace(/s$/, "")) * 1000 : undefined;
    if (latency !== undefined && Number.isFinite(latency)) {
      bump(`l|${JSON.stringify(labels)}|${code}`, () => ({ ...base, metricType: REQUEST_LATENCIES, metricLabels: rl, valueType: "DISTRIBUTION", points: [] }), minute, latency);
    }
  }

  const out: FakeSeries[] = [];
  for (const [key, s] of series) {
    for (const [minute, p] of points.get(key) ?? []) {
      s.points.push(s.valueType === "DISTRIBUTION" ? { startMs: minute, endMs: minute + MINUTE, distribution: p.d as FakeDistribution } : { startMs: minute, endMs: minute + MINUTE, int64: p.n });
    }
    out.push(s);
  }
  return out;
}

function addToDistribution(d: FakeDistribution | undefined, ms: number): FakeDistribution {
  const { numFiniteBuckets: n, growthFactor: g, scale } = LATENCY_BUCKETS;
  const out = d ?? { count: 0, mean: 0, sumOfSquaredDeviation: 0, bucketOptions: { exponentialBuckets: LATENCY_BUCKETS }, bucketCounts: new Array<number>(n + 2).fill(0) };
  const bucket = ms < scale ? 0 : Math.min(n + 1, 1 + Math.floor(Math.log(ms / scale) / Math.log(g)));
  out.bucketCounts[bucket] = (out.bucketCounts[bucket] ?? 0) + 1;
  // Welford: the running mean and sum of squared deviations Monitoring reports.
  out.count++;
  const delta = ms - out.mean;
  out.mean += delta / out.count;
  out.sumOfSquaredDeviation += delta * (ms - out.mean);
  return out;
}
