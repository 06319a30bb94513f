import { ERROR_LEVEL_WORD, ERROR_LOOKING_MESSAGE, ERROR_LOOKING_TEXT, LEVEL_FIELDS } from "./loggingFilter.js";

/**
 * The queries of a Log Analytics read, over the `_AllLogs` view of a log bucket's linked BigQuery
 * dataset (columns: timestamp, severity, log_id, resource.type, resource.labels (JSON), labels (JSON),
 * json_payload (JSON), text_payload, proto_payload, http_request (a STRUCT, latency in seconds and
 * nanos), trace, span_id, insert_id, error_groups; see test/fakes/logAnalyticsTable.ts for where that
 * schema comes from).
 *
 * Written in the part of GoogleSQL that the offline fake's DuckDB also runs (its translation table is
 * in test/fakes/bigqueryDialect.ts). Every variable value is a query parameter, and so are the
 * error-looking patterns (loggingFilter.ts's, shared with the Cloud Logging filter): they hold quotes
 * and backslashes, which the two dialects escape differently. The only literals are fixed short
 * patterns with neither. Every query filters on `timestamp` first, so BigQuery reads only the window's
 * partitions, then on the service.
 *
 * Every entry of a service in the window falls in exactly one class, so nothing is read twice and
 * nothing is lost:
 * - `request`: Cloud Run request logs. Aggregated per revision, method, path shape, status, agent and
 *   message shape, with counts per minute and latency quantiles.
 * - `full`: error-like entries (ERROR and above, and DEFAULT lines that look like errors, by the same
 *   patterns as the Cloud Logging filter), Cloud Run's platform log and audit/deploy markers. Read in
 *   full, oldest first, up to a bound; past it, as shapes.
 * - `line`: everything else (INFO chatter, warnings, debug). Read as distinct message shapes
 *   (digits, hex and ids masked) with counts per minute, which the clusterer mines as weighted lines.
 */
export const REQUESTS_LOG_ID = "run.googleapis.com/requests";
const PLATFORM_LOG_ID = "run.googleapis.com/varlog/system";
const AUDIT_LOG_IDS = ["cloudaudit.googleapis.com/activity", "cloudaudit.googleapis.com/system_event"];

/** jsonPayload keys that hold the message, in normalizeEntry's order (test/cloud/logAnalyticsSource.test.ts holds them to it). */
const MESSAGE_KEYS = ["message", "msg", "error", "err", "exception", "event", "log"];

/** Shapes: ids, hex and numbers become `<*>` (what the template miner would mask anyway). */
const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const HEX_OR_NUMBER = "[0-9a-fA-F]*[0-9][0-9a-fA-F]*";
/** Paths keep short numbers (API versions like v1, small enum ids): the gardener's routeOf masks the rest. */
const PATH_ID = "[0-9]{3,}|[0-9a-fA-F]{12,}";
/** Shape and sample lengths: enough to tell messages apart, bounded so that a group key stays small. */
const SHAPE_CHARS = 500;
const SAMPLE_CHARS = 4000;

export interface LogAnalyticsQuery {
  /** Which read this is, for progress and errors. */
  name: "counts" | "full" | "full-overflow" | "requests" | "failed-traces" | "lines";
  sql: string;
  /** Parameters by name (the source binds @start, @end, @services and the bounds). */
  params: string[];
}

export interface SqlInput {
  /** `project.dataset` of the linked dataset (validated by the config loader). */
  dataset: string;
  /** Log view; `_AllLogs` unless the bucket's owner made another. */
  view: string;
  /** Filter on these services (`@services`); false = every Cloud Run service. */
  byService: boolean;
}

/** A safe identifier path for a backquoted table reference (no backquote, no space). */
export function tableOf(input: SqlInput): string {
  const path = `${input.dataset}.${input.view}`;
  if (!/^[a-z][a-z0-9.:-]*[a-z0-9]\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(path)) throw new Error(`not a BigQuery table path: ${path}`);
  return `\`${path}\``;
}

function where(input: SqlInput): string {
  return [
    "timestamp >= @start AND timestamp < @end",
    "resource.type = 'cloud_run_revision'",
    // One linked dataset may hold several projects' logs (a central bucket): each pass reads its own.
    "JSON_VALUE(resource.labels, '$.project_id') = @project",
    ...(input.byService ? ["JSON_VALUE(resource.labels, '$.service_name') IN UNNEST(@services)"] : []),
  ].join("\n  AND ");
}

const json = (key: string) => `JSON_VALUE(json_payload, '$.${key}')`;

/** A JSON payload field by name, quoted when it holds a dot (`$."log.level"`). */
const field = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? json(key) : `JSON_VALUE(json_payload, '$."${key}"')`);

/**
 * The patterns ERROR_LIKE takes as parameters: loggingFilter.ts's, so that Log Analytics reads the
 * same entries as errors as the Cloud Logging filter does (and severity inference, which they are
 * built from).
 */
export const ERROR_PATTERNS = { error_text: ERROR_LOOKING_TEXT, error_message: ERROR_LOOKING_MESSAGE, error_level: ERROR_LEVEL_WORD } as const;
const PATTERN_PARAMS = Object.keys(ERROR_PATTERNS);

/** Error-like, as loggingFilter.ts's ERROR_CLAUSE: ERROR and above, and DEFAULT lines whose text, message or level field says error. */
export const ERROR_LIKE =
  `(severity IN ('ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY') OR (IFNULL(severity, 'DEFAULT') = 'DEFAULT' AND (` +
  `REGEXP_CONTAINS(text_payload, @error_text) OR REGEXP_CONTAINS(${json("message")}, @error_message)` +
  LEVEL_FIELDS.map((f) => ` OR REGEXP_CONTAINS(${field(f)}, @error_level)`).join("") +
  `)))`;

/** A request log. IFNULL: a NULL comparison must not drop a row from every class. */
export const IS_REQUEST = `IFNULL(log_id = '${REQUESTS_LOG_ID}', FALSE)`;

/** Read in full: error-like entries that are not request logs, platform messages, deploy markers. Never NULL. */
export const FULL =
  `(NOT ${IS_REQUEST} AND IFNULL(${ERROR_LIKE} OR log_id = '${PLATFORM_LOG_ID}' OR log_id IN (${AUDIT_LOG_IDS.map((l) => `'${l}'`).join(", ")}), FALSE))`;

/** Everything else: read as message shapes. */
export const LINE = `(NOT ${IS_REQUEST} AND NOT ${FULL})`;

const MESSAGE = `COALESCE(text_payload, ${MESSAGE_KEYS.map(json).join(", ")}, TO_JSON_STRING(json_payload), '')`;
const shapeOf = (expr: string) => `SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(${expr}, '${UUID}', '<*>'), '${HEX_OR_NUMBER}', '<*>'), 1, ${SHAPE_CHARS})`;
/** The path of the request URL (no scheme, host, query or fragment), ids masked. */
const PATH_SHAPE = `REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_EXTRACT(http_request.request_url, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*)?([^?#]*)'), '${UUID}', '<*>'), '${PATH_ID}', '<*>')`;
const SERVICE = "JSON_VALUE(resource.labels, '$.service_name')";
const REVISION = "IFNULL(JSON_VALUE(resource.labels, '$.revision_name'), '')";
const MINUTE = "DIV(UNIX_SECONDS(timestamp), 60)";
const MINUTES_AGG = "STRING_AGG(CONCAT(CAST(minute AS STRING), ':', CAST(n AS STRING)), ',' ORDER BY minute)";

/** Whole-window counts: per service, revision, severity, log, class and minute. */
function counts(input: SqlInput): LogAnalyticsQuery {
  const sql = `SELECT
  ${SERVICE} AS service,
  ${REVISION} AS revision,
  IFNULL(severity, 'DEFAULT') AS severity,
  IFNULL(log_id, '') AS log_id,
  CASE WHEN ${IS_REQUEST} THEN 'request' WHEN ${FULL} THEN 'full' ELSE 'line' END AS class,
  IFNULL(DIV(http_request.status, 100), 0) AS status_class,
  ${MINUTE} AS minute,
  COUNT(*) AS n
FROM ${tableOf(input)}
WHERE ${where(input)}
GROUP BY service, revision, severity, log_id, class, status_class, minute`;
  return { name: "counts", sql, params: ["start", "end", "project", ...(input.byService ? ["services"] : []), ...PATTERN_PARAMS] };
}

const FULL_COLUMNS = `timestamp,
  receive_timestamp,
  IFNULL(severity, 'DEFAULT') AS severity,
  log_name,
  insert_id,
  resource.type AS resource_type,
  TO_JSON_STRING(resource.labels) AS resource_labels,
  TO_JSON_STRING(labels) AS labels,
  text_payload,
  TO_JSON_STRING(json_payload) AS json_payload,
  TO_JSON_STRING(proto_payload) AS proto_payload,
  http_request.request_method AS http_method,
  http_request.request_url AS http_url,
  http_request.status AS http_status,
  http_request.user_agent AS http_user_agent,
  http_request.remote_ip AS http_remote_ip,
  http_request.latency.seconds AS latency_seconds,
  http_request.latency.nanos AS latency_nanos,
  trace,
  span_id,
  TO_JSON_STRING(error_groups) AS error_groups`;

/** Error-like entries, platform messages and deploy markers in full, oldest first, bounded. */
function full(input: SqlInput): LogAnalyticsQuery {
  const sql = `SELECT
  ${FULL_COLUMNS}
FROM ${tableOf(input)}
WHERE ${where(input)}
  AND ${FULL}
ORDER BY timestamp, IFNULL(insert_id, '')
LIMIT @max_rows`;
  return { name: "full", sql, params: ["start", "end", "project", ...(input.byService ? ["services"] : []), ...PATTERN_PARAMS, "max_rows"] };
}

/** Message shapes of a class with counts per minute; `extra` narrows the rows. */
function shapes(input: SqlInput, name: "lines" | "full-overflow", classFilter: string, extraParams: string[]): LogAnalyticsQuery {
  const sql = `WITH l AS (
  SELECT
    ${SERVICE} AS service,
    ${REVISION} AS revision,
    IFNULL(severity, 'DEFAULT') AS severity,
    IFNULL(log_id, '') AS log_id,
    json_payload IS NOT NULL AS structured,
    ${shapeOf("x.message")} AS shape,
    SUBSTR(x.message, 1, ${SAMPLE_CHARS}) AS message,
    timestamp
  FROM (
    SELECT timestamp, resource, severity, log_id, json_payload, ${MESSAGE} AS message
    FROM ${tableOf(input)}
    WHERE ${where(input)}
      AND ${classFilter}
  ) AS x
),
g AS (
  SELECT service, revision, severity, log_id, structured, shape,
    COUNT(*) AS n, MIN(timestamp) AS first_seen, MAX(timestamp) AS last_seen, ANY_VALUE(message) AS sample
  FROM l GROUP BY service, revision, severity, log_id, structured, shape
),
m AS (
  SELECT service, revision, severity, log_id, structured, shape, ${MINUTE} AS minute, COUNT(*) AS n
  FROM l GROUP BY service, revision, severity, log_id, structured, shape, minute
),
mm AS (
  SELECT service, revision, severity, log_id, structured, shape, ${MINUTES_AGG} AS minutes
  FROM m GROUP BY service, revision, severity, log_id, structured, shape
)
SELECT g.service, g.revision, g.severity, g.log_id, g.structured, g.shape, g.n, g.first_seen, g.last_seen, g.sample, mm.minutes
FROM g JOIN mm USING (service, revision, severity, log_id, structured, shape)
ORDER BY g.n DESC, g.service, g.shape, g.severity, g.log_id, g.revision
LIMIT @max_groups`;
  return { name, sql, params: ["start", "end", "project", ...(input.byService ? ["services"] : []), ...PATTERN_PARAMS, ...extraParams, "max_groups"] };
}

/** Request logs per revision, method, path shape, status, agent and message shape. */
function requests(input: SqlInput): LogAnalyticsQuery {
  const keys = "service, revision, method, path, status, agent, text_shape";
  const sql = `WITH r AS (
  SELECT
    ${SERVICE} AS service,
    ${REVISION} AS revision,
    IFNULL(http_request.request_method, '') AS method,
    IFNULL(${PATH_SHAPE}, '') AS path,
    IFNULL(http_request.status, 0) AS status,
    IFNULL(REGEXP_EXTRACT(http_request.user_agent, '^([^ /(]*)'), '') AS agent,
    IFNULL(${shapeOf("text_payload")}, '') AS text_shape,
    http_request.request_url AS url,
    http_request.user_agent AS user_agent,
    SUBSTR(text_payload, 1, ${SAMPLE_CHARS}) AS text,
    IFNULL(severity, 'DEFAULT') AS severity,
    http_request.latency.seconds * 1000 + http_request.latency.nanos / 1000000 AS latency_ms,
    timestamp
  FROM ${tableOf(input)}
  WHERE ${where(input)}
    AND log_id = '${REQUESTS_LOG_ID}'
),
g AS (
  SELECT ${keys},
    COUNT(*) AS n, MIN(timestamp) AS first_seen, MAX(timestamp) AS last_seen,
    ANY_VALUE(url) AS url, ANY_VALUE(user_agent) AS user_agent, ANY_VALUE(text) AS text, ANY_VALUE(severity) AS severity,
    APPROX_QUANTILES(latency_ms, 100) AS latency_ms
  FROM r GROUP BY ${keys}
),
m AS (
  SELECT ${keys}, ${MINUTE} AS minute, COUNT(*) AS n FROM r GROUP BY ${keys}, minute
),
mm AS (
  SELECT ${keys}, ${MINUTES_AGG} AS minutes FROM m GROUP BY ${keys}
)
SELECT g.service, g.revision, g.method, g.path, g.status, g.agent, g.n, g.first_seen, g.last_seen, g.url, g.user_agent, g.text, g.severity, g.latency_ms, mm.minutes
FROM g JOIN mm USING (${keys})
ORDER BY g.n DESC, g.service, g.path, g.method, g.status, g.agent, g.revision, g.text_shape
LIMIT @max_groups`;
  return { name: "requests", sql, params: ["start", "end", "project", ...(input.byService ? ["services"] : []), "max_groups"] };
}

/** Traces of failed (5xx) requests, a bounded number per service, method and path shape, to link them to container logs. */
function failedTraces(input: SqlInput): LogAnalyticsQuery {
  const sql = `SELECT service, method, path, trace FROM (
  SELECT service, method, path, trace, ROW_NUMBER() OVER (PARTITION BY service, method, path ORDER BY timestamp, IFNULL(insert_id, '')) AS k
  FROM (
    SELECT
      ${SERVICE} AS service,
      IFNULL(http_request.request_method, '') AS method,
      IFNULL(${PATH_SHAPE}, '') AS path,
      trace,
      timestamp,
      insert_id
    FROM ${tableOf(input)}
    WHERE ${where(input)}
      AND log_id = '${REQUESTS_LOG_ID}' AND http_request.status >= 500 AND trace IS NOT NULL
  ) AS f
) AS t
WHERE k <= @max_traces
ORDER BY service, path, method, trace
LIMIT @max_rows`;
  return { name: "failed-traces", sql, params: ["start", "end", "project", ...(input.byService ? ["services"] : []), "max_traces", "max_rows"] };
}

/** Every query of a read, in the order the source issues them (full-overflow only when the bound was hit). */
export function logAnalyticsQueries(input: SqlInput): Record<LogAnalyticsQuery["name"], LogAnalyticsQuery> {
  return {
    counts: counts(input),
    full: full(input),
    "full-overflow": shapes(input, "full-overflow", `${FULL}\n    AND (timestamp > @cut_time OR (timestamp = @cut_time AND IFNULL(insert_id, '') > @cut_insert_id))`, ["cut_time", "cut_insert_id"]),
    requests: requests(input),
    "failed-traces": failedTraces(input),
    lines: shapes(input, "lines", LINE, []),
  };
}
