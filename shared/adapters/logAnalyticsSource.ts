import { BigQuery, type Query } from "@google-cloud/bigquery";
import { STATUS_CLASSES, type StatusClass } from "../analysis/requestStats.js";
import { emptySeverityCounts, parseSeverity } from "../entries/severity.js";
import type { LogSource, ReadOutcome, ReadRequest, SourceItem, SourceRead } from "../gardener/ports.js";
import type { Weight } from "../gardener/weight.js";
import type { ServiceWindowCounts, WindowCountsOutcome } from "../gardener/windowCounts.js";
import { UserError } from "../util/userError.js";
import { DEFAULT_LOG_ANALYTICS_LIMITS, type LogAnalyticsLimits } from "./logAnalyticsLimits.js";
import { ERROR_PATTERNS, logAnalyticsQueries, REQUESTS_LOG_ID, type LogAnalyticsQuery } from "./logAnalyticsSql.js";

export interface LogAnalyticsSourceOptions {
  bigquery: BigQuery;
  /** `project.dataset` of the log bucket's linked BigQuery dataset. */
  dataset: string;
  /** The log view (default `_AllLogs`). */
  view?: string;
  /** Project whose logs are read (a linked dataset may hold several projects' logs). */
  projectId: string;
  /** BigQuery refuses a query that would bill more than this (a cost guard); absent = no limit. */
  maximumBytesBilled?: number;
  limits?: LogAnalyticsLimits;
  description?: string;
}

/** What a read cost: the figures the worklog and the benchmarks report. */
export interface LogAnalyticsStats {
  queries: number;
  rows: number;
  bytesProcessed: number;
  byQuery: Array<{ name: LogAnalyticsQuery["name"]; rows: number; bytesProcessed: number }>;
}

type Row = Record<string, unknown>;

/**
 * Cloud Run logs from a Log Analytics bucket through its linked BigQuery dataset, for services too
 * busy for the Logging read quota: the counting is pushed down to BigQuery, so a read is five or six
 * queries whatever the volume (see logAnalyticsSql.ts for what each returns and why nothing is read
 * twice). Error-like entries come back in full and are handed on as values; requests and the other
 * lines come back as shapes with counts and are handed on as weighted items; the whole-window counts
 * come from the counts query.
 */
export function logAnalyticsSource(options: LogAnalyticsSourceOptions): LogSource & { stats(): LogAnalyticsStats } {
  const limits = options.limits ?? DEFAULT_LOG_ANALYTICS_LIMITS;
  const view = options.view ?? "_AllLogs";
  const description = options.description ?? `Log Analytics (${options.dataset}.${view})`;
  const stats: LogAnalyticsStats = { queries: 0, rows: 0, bytesProcessed: 0, byQuery: [] };

  async function* run(q: LogAnalyticsQuery, values: Record<string, unknown>): AsyncGenerator<Row> {
    const params: Record<string, unknown> = {};
    const types: Record<string, unknown> = {};
    for (const p of q.params) {
      if (!(p in values)) throw new Error(`query ${q.name} needs @${p}`);
      params[p] = values[p];
      if (Array.isArray(values[p])) types[p] = ["STRING"];
    }
    const query = {
      query: q.sql,
      params,
      types,
      maxResults: limits.pageRows,
      ...(options.maximumBytesBilled !== undefined ? { maximumBytesBilled: String(options.maximumBytesBilled) } : {}),
    } as Query;
    const record = { name: q.name, rows: 0, bytesProcessed: 0 };
    stats.queries++;
    stats.byQuery.push(record);
    let page: [Row[], { job?: { getQueryResults(o: unknown): Promise<unknown> } } | null, { totalBytesProcessed?: string } | undefined];
    try {
      page = (await options.bigquery.query(query, { autoPaginate: false } as never)) as unknown as typeof page;
    } catch (err) {
      throw bigQueryError(err, options.dataset, q.name);
    }
    record.bytesProcessed = Number(page[2]?.totalBytesProcessed ?? 0);
    stats.bytesProcessed += record.bytesProcessed;
    for (;;) {
      record.rows += page[0].length;
      stats.rows += page[0].length;
      yield* page[0];
      const next = page[1];
      if (!next?.job) return;
      try {
        page = (await next.job.getQueryResults(next)) as typeof page;
      } catch (err) {
        throw bigQueryError(err, options.dataset, q.name);
      }
    }
  }

  return {
    kind: "log-analytics",
    describe: () => description,
    selection: () =>
      "Log Analytics SQL: error-like entries, platform messages and deploy markers one by one (oldest first, bounded); requests as groups by route and status; every other line as a message shape with its count",
    stats: () => structuredClone(stats),
    read(request: ReadRequest): SourceRead {
      const window = request.window;
      if (!window) throw new UserError("reading Log Analytics needs a window (--start/--end or --window)");
      const queries = logAnalyticsQueries({ dataset: options.dataset, view, byService: request.services.length > 0 });
      const base = {
        start: BigQuery.timestamp(window.start),
        end: BigQuery.timestamp(window.end),
        project: options.projectId,
        ...ERROR_PATTERNS,
        ...(request.services.length ? { services: [...request.services] } : {}),
      };
      let outcome: ReadOutcome = { complete: false, note: "the read was not consumed to its end", reason: "failure" };
      let counts: WindowCountsOutcome | undefined;
      const project = options.projectId;

      // One row per batch: the queries return bounded rows (see logAnalyticsLimits), so an await per row is cheap here.
      async function* batches(): AsyncGenerator<SourceItem[]> {
        // 1. Whole-window counts, and how many entries each class holds (to know what the bounds left out).
        const byService = new Map<string, ServiceWindowCounts>();
        const classTotals = { full: 0, request: 0, line: 0 };
        const perMinute = new Map<string, Map<number, number>>();
        for await (const r of run(queries.counts, base)) {
          const service = String(r.service ?? "");
          let c = byService.get(service);
          if (!c) byService.set(service, (c = { entries: 0, bySeverity: emptySeverityCounts(), perMinute: [], byLog: {}, byRevision: {} }));
          const n = Number(r.n);
          const severity = parseSeverity(r.severity) ?? "DEFAULT";
          c.entries += n;
          c.bySeverity[severity] += n;
          const log = String(r.log_id ?? "");
          c.byLog[log] = (c.byLog[log] ?? 0) + n;
          if (r.revision) c.byRevision[String(r.revision)] = (c.byRevision[String(r.revision)] ?? 0) + n;
          const cls = String(r.class) as keyof typeof classTotals;
          classTotals[cls] += n;
          if (cls === "request") {
            const req = (c.requests ??= { total: 0, byClass: Object.fromEntries(STATUS_CLASSES.map((k) => [k, 0])) as Record<StatusClass, number> });
            req.total += n;
            const sc = `${Number(r.status_class)}xx` as StatusClass;
            if (STATUS_CLASSES.includes(sc)) req.byClass[sc] += n;
          }
          const minutes = perMinute.get(service) ?? new Map<number, number>();
          perMinute.set(service, minutes);
          const m = Number(r.minute) * 60_000;
          minutes.set(m, (minutes.get(m) ?? 0) + n);
        }
        for (const [service, minutes] of perMinute) {
          const c = byService.get(service);
          if (c) c.perMinute = [...minutes.entries()].sort((a, b) => a[0] - b[0]);
        }
        counts = { kind: "counted", by: "log-analytics", source: description, services: byService };

        // 2. Error-like entries, platform messages and deploy markers in full, oldest first.
        let fullRead = 0;
        let last: Row | undefined;
        for await (const r of run(queries.full, { ...base, max_rows: limits.maxFullRows })) {
          fullRead++;
          last = r;
          yield [{ kind: "value", value: restEntryOf(r, project) }];
        }
        const cuts: string[] = [];
        let weightedFull = 0;
        if (fullRead < classTotals.full && last) {
          // The bound was hit: the rest of them come as shapes, after the last row read.
          const cut = { cut_time: BigQuery.timestamp(isoOf(last.timestamp)), cut_insert_id: String(last.insert_id ?? "") };
          for await (const r of run(queries["full-overflow"], { ...base, ...cut, max_groups: limits.maxShapes })) {
            weightedFull += Number(r.n);
            yield [lineItem(r, project)];
          }
          cuts.push(`${fmt(classTotals.full - fullRead)} error-like entries past the first ${fmt(limits.maxFullRows)} came as message shapes`);
          if (fullRead + weightedFull < classTotals.full) {
            cuts.push(`${fmt(classTotals.full - fullRead - weightedFull)} of them in rarer shapes past the ${fmt(limits.maxShapes)} most frequent were counted, not clustered`);
          }
        }

        // 3. Requests: per revision, method, path shape, status and agent, with latency quantiles and failed traces.
        const traces = new Map<string, string[]>();
        for await (const r of run(queries["failed-traces"], { ...base, max_traces: limits.maxTracesPerRoute, max_rows: limits.maxTraces })) {
          const key = `${r.service}\n${r.method}\n${r.path}`;
          const list = traces.get(key) ?? [];
          list.push(String(r.trace));
          traces.set(key, list);
        }
        let requestsRead = 0;
        for await (const r of run(queries.requests, { ...base, max_groups: limits.maxRequestGroups })) {
          requestsRead += Number(r.n);
          const failed = Number(r.status) >= 500 ? traces.get(`${r.service}\n${r.method}\n${r.path}`) : undefined;
          yield [requestItem(r, project, failed)];
        }
        if (requestsRead < classTotals.request) {
          cuts.push(`${fmt(classTotals.request - requestsRead)} requests in groups past the ${fmt(limits.maxRequestGroups)} busiest were counted, not clustered`);
        }

        // 4. Every other line, as message shapes.
        let linesRead = 0;
        for await (const r of run(queries.lines, { ...base, max_groups: limits.maxShapes })) {
          linesRead += Number(r.n);
          yield [lineItem(r, project)];
        }
        if (linesRead < classTotals.line) {
          cuts.push(`${fmt(classTotals.line - linesRead)} lines in shapes past the ${fmt(limits.maxShapes)} most frequent were counted, not clustered`);
        }
        outcome = cuts.length
          ? { complete: false, reason: "budget", note: `Log Analytics read bounds were reached: ${cuts.join("; ")}; the totals are exact` }
          : { complete: true };
      }

      const stream = batches();
      const guarded: AsyncIterable<SourceItem[]> = {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            try {
              return await stream.next();
            } catch (err) {
              if (err instanceof UserError) throw err;
              outcome = { complete: false, reason: "failure", note: `${(err as Error).message}; the next pass reads this window again` };
              counts ??= { kind: "unavailable", reason: "failed", detail: (err as Error).message };
              return { done: true, value: undefined };
            }
          },
          return: async () => stream.return(undefined),
        }),
      };
      return { batches: guarded, outcome: () => outcome, windowCounts: () => counts };
    },
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** A BigQuery TIMESTAMP as the client returns it ({value: ISO with nanoseconds}) or as text, to BigQuery's microseconds. */
function isoOf(v: unknown): string {
  const text = v && typeof v === "object" && "value" in v ? String((v as { value: unknown }).value) : String(v);
  return text.replace(/\.(\d{6})\d*Z$/, ".$1Z");
}

function msOf(v: unknown): number {
  return Date.parse(isoOf(v));
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string" || !text || text === "null") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function logNameOf(project: string, logId: string): string {
  return `projects/${project}/logs/${encodeURIComponent(logId)}`;
}

/** A full row in the REST LogEntry shape the normaliser reads. */
function restEntryOf(r: Row, project: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: isoOf(r.timestamp),
    severity: r.severity ?? "DEFAULT",
    logName: r.log_name ?? logNameOf(project, ""),
    resource: { type: r.resource_type ?? "cloud_run_revision", labels: parseJson(r.resource_labels) ?? {} },
  };
  if (r.receive_timestamp) out.receiveTimestamp = isoOf(r.receive_timestamp);
  if (r.insert_id) out.insertId = r.insert_id;
  const labels = parseJson(r.labels);
  if (labels) out.labels = labels;
  const jsonPayload = parseJson(r.json_payload);
  const protoPayload = parseJson(r.proto_payload);
  if (typeof r.text_payload === "string") out.textPayload = r.text_payload;
  else if (jsonPayload) out.jsonPayload = jsonPayload;
  else if (protoPayload) out.protoPayload = protoPayload;
  if (r.http_method || r.http_url || r.http_status != null) {
    const h: Record<string, unknown> = {};
    if (r.http_method) h.requestMethod = r.http_method;
    if (r.http_url) h.requestUrl = r.http_url;
    if (r.http_status !== null && r.http_status !== undefined) h.status = Number(r.http_status);
    if (r.http_user_agent) h.userAgent = r.http_user_agent;
    if (r.http_remote_ip) h.remoteIp = r.http_remote_ip;
    if (r.latency_seconds !== null && r.latency_seconds !== undefined) h.latency = `${Number(r.latency_seconds) + Number(r.latency_nanos ?? 0) / 1e9}s`;
    if (Object.keys(h).length) out.httpRequest = h;
  }
  if (r.trace) out.trace = r.trace;
  if (r.span_id) out.spanId = r.span_id;
  const groups = parseJson(r.error_groups);
  if (Array.isArray(groups) && groups.length) out.errorGroups = groups;
  return out;
}

/** "29299740:5,29299741:3" (minutes since the epoch: count) as [minute start ms, count]. */
function minutesOf(text: unknown): Array<[number, number]> {
  if (typeof text !== "string" || !text) return [];
  return text.split(",").map((pair) => {
    const [m, n] = pair.split(":");
    return [Number(m) * 60_000, Number(n)] as [number, number];
  });
}

function weightOf(r: Row): Weight {
  return { count: Number(r.n), firstMs: msOf(r.first_seen), lastMs: msOf(r.last_seen), perMinute: minutesOf(r.minutes) };
}

function resourceOf(r: Row, project: string): Record<string, unknown> {
  const labels: Record<string, string> = { service_name: String(r.service ?? "") };
  if (r.revision) labels.revision_name = String(r.revision);
  if (project) labels.project_id = project;
  return { type: "cloud_run_revision", labels };
}

/** A message shape as a representative entry: one real message of the shape, the shape's severity and log. */
function lineItem(r: Row, project: string): SourceItem {
  const weight = weightOf(r);
  const value: Record<string, unknown> = {
    timestamp: new Date(weight.firstMs).toISOString(),
    severity: r.severity,
    logName: logNameOf(project, String(r.log_id ?? "")),
    resource: resourceOf(r, project),
  };
  if (r.structured === true || r.structured === "true") value.jsonPayload = { message: String(r.sample ?? "") };
  else value.textPayload = String(r.sample ?? "");
  return { kind: "weighted", value, weight };
}

/** A request group as a representative request log, with its latency quantiles and failed traces. */
function requestItem(r: Row, project: string, traces: string[] | undefined): SourceItem {
  const weight = weightOf(r);
  const quantiles = Array.isArray(r.latency_ms) ? (r.latency_ms as unknown[]).map(Number).filter(Number.isFinite) : [];
  if (quantiles.length) weight.latencyQuantilesMs = quantiles;
  if (traces?.length) weight.traces = traces;
  const http: Record<string, unknown> = { status: Number(r.status) };
  if (r.method) http.requestMethod = r.method;
  if (r.url) http.requestUrl = r.url;
  if (r.user_agent) http.userAgent = r.user_agent;
  const value: Record<string, unknown> = {
    timestamp: new Date(weight.firstMs).toISOString(),
    severity: r.severity,
    logName: logNameOf(project, REQUESTS_LOG_ID),
    resource: resourceOf(r, project),
    httpRequest: http,
  };
  if (typeof r.text === "string" && r.text) value.textPayload = r.text;
  return { kind: "weighted", value, weight };
}

/** BigQuery's refusals, said with the fix; other failures keep their message for the worklog. */
function bigQueryError(err: unknown, dataset: string, query: string): Error {
  const e = err as { code?: unknown; message?: unknown; errors?: Array<{ reason?: string }> };
  const reason = e.errors?.[0]?.reason;
  const message = String(e.message ?? err).split("\n")[0];
  if (e.code === 403 || reason === "accessDenied") {
    return new UserError(
      `BigQuery refused the ${query} query on ${dataset} (${message}): grant the gardener roles/bigquery.dataViewer on the linked dataset and roles/bigquery.jobUser on the project`,
      { cause: err },
    );
  }
  if (e.code === 404 || reason === "notFound") {
    return new UserError(`BigQuery does not know ${dataset} (${message}): set GARDENER_LOG_ANALYTICS_DATASET to PROJECT.DATASET of the log bucket's linked dataset`, { cause: err });
  }
  if (reason === "bytesBilledLimitExceeded") {
    return new UserError(`the ${query} query would bill more than GARDENER_LOG_ANALYTICS_MAX_BYTES allows (${message}): raise it, or read a shorter window`, { cause: err });
  }
  return new Error(`BigQuery ${query} query failed${reason ? ` (${reason})` : ""}: ${message}`, { cause: err });
}
