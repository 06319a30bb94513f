import type { DuckDBConnection } from "@duckdb/node-api";
import type { RestEntry } from "./loggingServer.js";

/**
 * The `_AllLogs` view of a Log Analytics bucket's linked dataset, as a DuckDB table. Column names and
 * types follow Google's published Log Analytics schema (snake_case LogEntry fields; `json_payload`,
 * `labels` and `resource.labels` of type JSON read with JSON_VALUE; `http_request` a STRUCT whose
 * `latency` has `seconds` and `nanos`; `log_id` the decoded log id beside `log_name`). Sources: the
 * Cloud blog "Moving to Log Analytics for BigQuery export users" (single `_AllLogs` view, overarching
 * schema, JSON payload columns), cloud.google.com/logging/docs/analyze/examples (table path
 * `project.dataset._AllLogs`), and Google's own query samples in GoogleCloudPlatform/
 * observability-analytics-samples and security-analytics (`JSON_VALUE(resource.labels.service_name)`,
 * `http_request.status`, `http_request.latency.nanos`, `log_id IN (…)`, `severity = "ERROR"`).
 * `proto_payload` is kept as JSON here (its inner STRUCT is not modelled: the gardener only reads it
 * whole, through TO_JSON_STRING).
 */
export const ALL_LOGS_DDL = `CREATE TABLE "_AllLogs" (
  timestamp TIMESTAMPTZ,
  receive_timestamp TIMESTAMPTZ,
  log_name VARCHAR,
  log_id VARCHAR,
  severity VARCHAR,
  severity_number BIGINT,
  insert_id VARCHAR,
  resource STRUCT(type VARCHAR, labels JSON),
  labels JSON,
  json_payload JSON,
  text_payload VARCHAR,
  proto_payload JSON,
  http_request STRUCT(request_method VARCHAR, request_url VARCHAR, request_size BIGINT, status BIGINT, response_size BIGINT,
    user_agent VARCHAR, remote_ip VARCHAR, server_ip VARCHAR, referer VARCHAR, latency STRUCT(seconds BIGINT, nanos BIGINT), protocol VARCHAR),
  trace VARCHAR,
  span_id VARCHAR,
  trace_sampled BOOLEAN,
  source_location STRUCT(file VARCHAR, line BIGINT, function VARCHAR),
  error_groups STRUCT(id VARCHAR)[]
)`;

/** Top-level columns, for the fake's estimate of bytes processed. */
export const ALL_LOGS_COLUMNS = [
  "timestamp", "receive_timestamp", "log_name", "log_id", "severity", "severity_number", "insert_id", "resource", "labels", "json_payload",
  "text_payload", "proto_payload", "http_request", "trace", "span_id", "trace_sampled", "source_location", "error_groups",
] as const;

const SEVERITY_NUMBER: Record<string, number> = { DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800 };

const ROW_TYPE = JSON.stringify([
  {
    timestamp: "TIMESTAMPTZ", receive_timestamp: "TIMESTAMPTZ", log_name: "VARCHAR", log_id: "VARCHAR", severity: "VARCHAR", severity_number: "BIGINT",
    insert_id: "VARCHAR", resource: { type: "VARCHAR", labels: "JSON" }, labels: "JSON", json_payload: "JSON", text_payload: "VARCHAR", proto_payload: "JSON",
    http_request: {
      request_method: "VARCHAR", request_url: "VARCHAR", request_size: "BIGINT", status: "BIGINT", response_size: "BIGINT", user_agent: "VARCHAR",
      remote_ip: "VARCHAR", server_ip: "VARCHAR", referer: "VARCHAR", latency: { seconds: "BIGINT", nanos: "BIGINT" }, protocol: "VARCHAR",
    },
    trace: "VARCHAR", span_id: "VARCHAR", trace_sampled: "BOOLEAN", source_location: { file: "VARCHAR", line: "BIGINT", function: "VARCHAR" },
    error_groups: [{ id: "VARCHAR" }],
  },
]);

/** A REST-shape LogEntry (as `gcloud logging read --format=json` prints it) as an `_AllLogs` row. */
export function rowOf(e: RestEntry): Record<string, unknown> {
  const h = e.httpRequest as Record<string, unknown> | undefined;
  const latency = typeof h?.latency === "string" ? /^(\d+)(?:\.(\d+))?s$/.exec(h.latency) : null;
  const logName = String(e.logName ?? "");
  const severity = typeof e.severity === "string" && e.severity ? e.severity : "DEFAULT";
  const num = (v: unknown) => (v === undefined || v === null || v === "" ? null : Number(v));
  return {
    timestamp: e.timestamp ?? null,
    receive_timestamp: e.receiveTimestamp ?? null,
    log_name: logName,
    log_id: decodeURIComponent(logName.replace(/^.*\/logs\//, "")),
    severity,
    severity_number: SEVERITY_NUMBER[severity] ?? 0,
    insert_id: e.insertId ?? null,
    resource: e.resource ?? null,
    labels: e.labels ?? null,
    json_payload: e.jsonPayload ?? null,
    text_payload: e.textPayload ?? null,
    proto_payload: e.protoPayload ?? null,
    http_request: h
      ? {
          request_method: h.requestMethod ?? null, request_url: h.requestUrl ?? null, request_size: num(h.requestSize), status: num(h.status),
          response_size: num(h.responseSize), user_agent: h.userAgent ?? null, remote_ip: h.remoteIp ?? null, server_ip: h.serverIp ?? null,
          referer: h.referer ?? null, latency: latency ? { seconds: Number(latency[1]), nanos: Number((latency[2] ?? "").padEnd(9, "0").slice(0, 9)) } : null,
          protocol: h.protocol ?? null,
        }
      : null,
    trace: e.trace ?? null,
    span_id: e.spanId ?? null,
    trace_sampled: e.traceSampled ?? null,
    source_location: e.sourceLocation ?? null,
    error_groups: Array.isArray(e.errorGroups) ? e.errorGroups : null,
  };
}

/** Inserts entries in batches (one JSON array per statement, decoded by DuckDB). */
export async function insertEntries(db: DuckDBConnection, entries: readonly RestEntry[], batch = 5000): Promise<void> {
  for (let i = 0; i < entries.length; i += batch) {
    const rows = JSON.stringify(entries.slice(i, i + batch).map(rowOf));
    await db.run(`INSERT INTO "_AllLogs" SELECT r.* FROM (SELECT unnest(from_json($rows, '${ROW_TYPE}')) AS r)`, { rows });
  }
}
