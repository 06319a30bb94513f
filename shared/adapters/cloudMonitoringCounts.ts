import type { MetricServiceClient } from "@google-cloud/monitoring";
import { STATUS_CLASSES, type StatusClass } from "../analysis/requestStats.js";
import { emptySeverityCounts, parseSeverity } from "../entries/severity.js";
import type { ServiceWindowCounts, WindowCounter, WindowCountRequest, WindowCountsOutcome } from "../gardener/windowCounts.js";
import { googleErrorCode, isRetryableGoogleError } from "./googleErrorCode.js";
import { backoffDelayMs, DEFAULT_BACKOFF, type Backoff } from "./loggingBackoff.js";
import { addBucketCounts, bucketQuantile, type DistributionValue } from "./monitoringDistribution.js";

/** Built-in metrics read (no log-based metric to create: every project has these). */
export const MONITORING_METRICS = {
  /** Entries written, per log and severity, per resource: DELTA INT64, one point a minute. */
  logEntryCount: "logging.googleapis.com/log_entry_count",
  /** Requests that reached a Cloud Run revision, by response_code and response_code_class: DELTA INT64. */
  requestCount: "run.googleapis.com/request_count",
  /** Their latencies in ms: DELTA DISTRIBUTION. */
  requestLatencies: "run.googleapis.com/request_latencies",
} as const;

/** Series per list call: the largest page, so that an hour of a busy project is a handful of calls. */
const PAGE_SIZE = 10_000;
/** Per-minute points: the resolution of the header's volume line and of log_entry_count itself. */
const MINUTE_S = 60;

export interface CloudMonitoringCounterOptions {
  client: MetricServiceClient;
  projectId: string;
  backoff?: Backoff;
  /** Injected so tests do not wait out real backoff. */
  sleep?: (ms: number) => Promise<void>;
  description?: string;
  /** Series per list call (tests make it small to exercise paging). */
  pageSize?: number;
}

interface Series {
  metric?: { labels?: Record<string, string> | null } | null;
  resource?: { labels?: Record<string, string> | null } | null;
  points?: Array<{
    interval?: { startTime?: unknown; endTime?: unknown } | null;
    value?: { int64Value?: unknown; distributionValue?: DistributionValue | null } | null;
  }> | null;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whole-window counts from Cloud Monitoring: entries by severity, log, revision and minute from the
 * built-in log_entry_count, requests by status class from Cloud Run's request_count, and latency
 * percentiles from request_latencies. Three timeSeries.list calls (more only when a page is full), so
 * the counts cost nothing against the Logging read quota. A refused permission, a disabled API or a
 * missing metric is an outcome, not an error: the pass then says its counts are those it read.
 */
export function cloudMonitoringCounter(options: CloudMonitoringCounterOptions): WindowCounter {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? realSleep;
  const description = options.description ?? `Cloud Monitoring (project ${options.projectId})`;

  async function list(metric: string, request: WindowCountRequest, periodS: number, aligner: "ALIGN_SUM" | "ALIGN_DELTA", groupBy: string[]): Promise<Series[]> {
    const services = request.services.length
      ? ` AND resource.labels.service_name = one_of(${request.services.map((s) => JSON.stringify(s)).join(", ")})`
      : "";
    const base = {
      name: `projects/${options.projectId}`,
      filter: `metric.type = "${metric}" AND resource.type = "cloud_run_revision"${services}`,
      interval: { startTime: timestampOf(request.window.start), endTime: timestampOf(request.window.end) },
      aggregation: { alignmentPeriod: { seconds: periodS }, perSeriesAligner: aligner, crossSeriesReducer: "REDUCE_SUM", groupByFields: groupBy },
      view: "FULL",
      pageSize: options.pageSize ?? PAGE_SIZE,
    } as const;
    const out: Series[] = [];
    let pageToken: string | undefined;
    do {
      let page: Series[] | undefined;
      let next: { pageToken?: string | null } | null | undefined;
      for (let attempt = 1; !page; attempt++) {
        try {
          [page, next] = (await options.client.listTimeSeries({ ...base, ...(pageToken ? { pageToken } : {}) } as never, { autoPaginate: false } as never)) as unknown as [
            Series[],
            { pageToken?: string | null } | null,
          ];
        } catch (err) {
          const code = googleErrorCode(err);
          if (!isRetryableGoogleError(code) || attempt >= backoff.maxAttempts) throw err;
          await sleep(backoffDelayMs(backoff, attempt, code === "RESOURCE_EXHAUSTED"));
        }
      }
      out.push(...page);
      pageToken = next?.pageToken || undefined;
    } while (pageToken);
    return out;
  }

  return {
    describe: () => description,
    async count(request): Promise<WindowCountsOutcome> {
      const windowS = Math.max(MINUTE_S, Math.ceil((Date.parse(request.window.end) - Date.parse(request.window.start)) / 1000));
      const byService = new Map<string, ServiceWindowCounts & { latencyCounts?: number[]; latencyLayout?: DistributionValue }>();
      const service = (s: Series) => {
        const name = s.resource?.labels?.service_name ?? "";
        let c = byService.get(name);
        if (!c) {
          c = { entries: 0, bySeverity: emptySeverityCounts(), perMinute: [], byLog: {}, byRevision: {} };
          byService.set(name, c);
        }
        return c;
      };
      try {
        const entries = await list(MONITORING_METRICS.logEntryCount, request, MINUTE_S, "ALIGN_SUM", [
          "resource.label.service_name",
          "resource.label.revision_name",
          "metric.label.severity",
          "metric.label.log",
        ]);
        const minutes = new Map<string, Map<number, number>>();
        for (const s of entries) {
          const c = service(s);
          const severity = parseSeverity(s.metric?.labels?.severity) ?? "DEFAULT";
          const log = s.metric?.labels?.log ?? "";
          const revision = s.resource?.labels?.revision_name ?? "";
          const perMinute = minutes.get(s.resource?.labels?.service_name ?? "") ?? new Map<number, number>();
          minutes.set(s.resource?.labels?.service_name ?? "", perMinute);
          for (const p of s.points ?? []) {
            const n = Number(String(p.value?.int64Value ?? 0));
            if (!n) continue;
            c.entries += n;
            c.bySeverity[severity] += n;
            c.byLog[log] = (c.byLog[log] ?? 0) + n;
            if (revision) c.byRevision[revision] = (c.byRevision[revision] ?? 0) + n;
            const startMs = timeMsOf(p.interval?.startTime);
            if (Number.isFinite(startMs)) perMinute.set(startMs, (perMinute.get(startMs) ?? 0) + n);
          }
        }
        for (const [name, perMinute] of minutes) {
          const c = byService.get(name);
          if (c) c.perMinute = [...perMinute.entries()].sort((a, b) => a[0] - b[0]);
        }

        const requests = await list(MONITORING_METRICS.requestCount, request, windowS, "ALIGN_SUM", ["resource.label.service_name", "metric.label.response_code_class"]);
        for (const s of requests) {
          const c = service(s);
          const cls = s.metric?.labels?.response_code_class as StatusClass;
          const r = (c.requests ??= { total: 0, byClass: Object.fromEntries(STATUS_CLASSES.map((k) => [k, 0])) as Record<StatusClass, number> });
          for (const p of s.points ?? []) {
            const n = Number(String(p.value?.int64Value ?? 0));
            r.total += n;
            if (STATUS_CLASSES.includes(cls)) r.byClass[cls] += n;
          }
        }

        const latencies = await list(MONITORING_METRICS.requestLatencies, request, windowS, "ALIGN_DELTA", ["resource.label.service_name"]);
        for (const s of latencies) {
          const c = service(s);
          for (const p of s.points ?? []) {
            const d = p.value?.distributionValue;
            if (!d) continue;
            c.latencyLayout ??= d;
            addBucketCounts((c.latencyCounts ??= []), d);
          }
        }
      } catch (err) {
        return unavailable(err);
      }

      const services = new Map<string, ServiceWindowCounts>();
      for (const [name, c] of byService) {
        const { latencyCounts, latencyLayout, ...counts } = c;
        if (counts.requests && latencyCounts && latencyLayout) {
          const q = (x: number) => Math.round((bucketQuantile(latencyLayout, latencyCounts, x) ?? NaN) * 10) / 10;
          const p = { p50: q(0.5), p95: q(0.95), p99: q(0.99) };
          if (Number.isFinite(p.p50) && Number.isFinite(p.p95) && Number.isFinite(p.p99)) counts.requests.latencyMs = p;
        }
        if (name) services.set(name, counts);
      }
      if (!services.size) {
        return {
          kind: "unavailable",
          reason: "no-data",
          detail: `Cloud Monitoring has no ${MONITORING_METRICS.logEntryCount} series for ${request.services.length ? request.services.join(", ") : "any Cloud Run service"} between ${request.window.start} and ${request.window.end}`,
        };
      }
      return { kind: "counted", by: "cloud-monitoring", source: description, services };
    },
  };
}

/** Why the counts could not be had, in words that say how to fix it. */
function unavailable(err: unknown): WindowCountsOutcome {
  const code = googleErrorCode(err);
  const message = String((err as { message?: unknown })?.message ?? err).split("\n")[0] ?? "";
  if (code === "PERMISSION_DENIED" && /has not been used|is disabled|SERVICE_DISABLED/i.test(message)) {
    return { kind: "unavailable", reason: "api-disabled", detail: `the Cloud Monitoring API is disabled in the project: enable monitoring.googleapis.com (${message})` };
  }
  if (code === "PERMISSION_DENIED" || code === "UNAUTHENTICATED") {
    return { kind: "unavailable", reason: "permission", detail: `Cloud Monitoring refused the read (${code}): grant the gardener roles/monitoring.viewer on the project (${message})` };
  }
  if (code === "NOT_FOUND") return { kind: "unavailable", reason: "no-data", detail: `Cloud Monitoring does not have the metric (${message})` };
  return { kind: "unavailable", reason: "failed", detail: `Cloud Monitoring timeSeries.list failed${code ? ` (${code})` : ""}: ${message}` };
}

function timestampOf(iso: string): { seconds: number; nanos: number } {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

/** A point's time: a protobuf Timestamp (gRPC, and REST after the client's decoding) or RFC 3339 text. */
function timeMsOf(t: unknown): number {
  if (typeof t === "string") return Date.parse(t);
  const ts = t as { seconds?: unknown; nanos?: unknown } | undefined;
  if (!ts) return NaN;
  return Number(String(ts.seconds ?? 0)) * 1000 + Math.floor(Number(ts.nanos ?? 0) / 1e6);
}
