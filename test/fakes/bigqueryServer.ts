import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  LIST,
  listValue,
  TIMESTAMPTZ,
  VARCHAR,
  BIGINT,
  DOUBLE,
  BOOLEAN,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from "@duckdb/node-api";
import { DIALECT_MACROS, toDuckDb } from "./bigqueryDialect.js";
import { ALL_LOGS_COLUMNS, ALL_LOGS_DDL, insertEntries } from "./logAnalyticsTable.js";
import type { RestEntry } from "./loggingServer.js";

/**
 * A local BigQuery REST API for the real @google-cloud/bigquery client: `jobs.query`
 * (POST /bigquery/v2/projects/P/queries) and `jobs.getQueryResults` (GET …/queries/JOB) with
 * pages, named query parameters and `maximumBytesBilled`. Queries run in DuckDB over one table,
 * `_AllLogs` (see logAnalyticsTable.ts), after the dialect rewrites of bigqueryDialect.ts.
 *
 * Bytes processed are estimated the way BigQuery bills, with a stated model: the referenced columns
 * (every `_AllLogs` column named in the query text) over the day partitions that the query's
 * `@start`/`@end` parameters touch, as for a table partitioned by day on `timestamp` and given no
 * credit for clustering: an upper bound of what the real view would bill.
 */
export type BigQueryFault = "accessDenied" | "notFound" | "backendError" | "rateLimitExceeded";

export interface QueryRecord {
  sql: string;
  params: Record<string, unknown>;
  rows: number;
  bytesProcessed: number;
  /** Response bytes sent for this query, all pages. */
  bytesSent: number;
  pages: number;
}

export interface FakeBigQueryServer {
  /** http://127.0.0.1:PORT, the client's apiEndpoint. */
  url: string;
  queries: QueryRecord[];
  /** Replaces the table's contents with these entries. */
  setEntries(entries: readonly RestEntry[]): Promise<void>;
  /** Runs DuckDB SQL directly (tests that generate millions of rows in place). */
  exec(sql: string): Promise<void>;
  failNext(kind: BigQueryFault, count?: number): void;
  close(): Promise<void>;
}

const FAULT_STATUS: Record<BigQueryFault, number> = { accessDenied: 403, notFound: 404, backendError: 503, rateLimitExceeded: 429 };
const DAY_US = 86_400_000_000n;

interface Job {
  record: QueryRecord;
  schema: { fields: Field[] };
  rows: unknown[];
  useInt64Timestamp: boolean;
}
interface Field {
  name: string;
  type: string;
  mode: "NULLABLE" | "REPEATED";
  fields?: Field[];
}

export async function startBigQueryServer(options: { project: string }): Promise<FakeBigQueryServer> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  for (const m of DIALECT_MACROS) await db.run(m);
  await db.run(ALL_LOGS_DDL);
  const queries: QueryRecord[] = [];
  const faults: BigQueryFault[] = [];
  const jobs = new Map<string, Job>();
  /** Bytes per day partition (µs since epoch of the day's start) and column. */
  let partitionBytes = new Map<bigint, Record<string, number>>();
  let jobCount = 0;

  async function refreshPartitionBytes(): Promise<void> {
    const sizes = ALL_LOGS_COLUMNS.map((c) => `SUM(COALESCE(strlen(CAST(${c === "timestamp" ? '"timestamp"' : c} AS VARCHAR)), 0)) AS "${c}"`).join(", ");
    const r = await db.runAndReadAll(`SELECT epoch_us(date_trunc('day', "timestamp")) AS day, ${sizes} FROM "_AllLogs" GROUP BY 1`);
    partitionBytes = new Map();
    for (const row of r.getRowObjects()) {
      const bytes: Record<string, number> = {};
      for (const c of ALL_LOGS_COLUMNS) bytes[c] = Number(row[c] ?? 0);
      partitionBytes.set(row.day as bigint, bytes);
    }
  }

  function bytesProcessed(sql: string, params: Record<string, unknown>): number {
    const named = ALL_LOGS_COLUMNS.filter((c) => new RegExp(`\\b${c}\\b`).test(sql));
    const start = params.start instanceof DuckDBTimestampTZValue ? params.start.micros : undefined;
    const end = params.end instanceof DuckDBTimestampTZValue ? params.end.micros : undefined;
    let total = 0;
    for (const [day, bytes] of partitionBytes) {
      if (start !== undefined && day + DAY_US <= start) continue;
      if (end !== undefined && day >= end) continue;
      for (const c of named) total += bytes[c] ?? 0;
    }
    return total;
  }

  async function runQuery(body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const fault = faults.shift();
    if (fault) return { status: FAULT_STATUS[fault], body: errorBody(FAULT_STATUS[fault], fault, `injected ${fault}`) };
    const sql = String(body.query ?? "");
    if (body.useLegacySql !== false) return { status: 400, body: errorBody(400, "invalid", "the fake runs standard SQL only (useLegacySql: false)") };
    let params: Record<string, DuckDBValue>;
    let types: Record<string, DuckDBType>;
    try {
      ({ params, types } = paramsOf(body.queryParameters));
    } catch (err) {
      return { status: 400, body: errorBody(400, "invalidQuery", (err as Error).message) };
    }
    const processed = bytesProcessed(sql, params);
    const limit = body.maximumBytesBilled !== undefined ? Number(body.maximumBytesBilled) : undefined;
    if (limit !== undefined && processed > limit) {
      return { status: 400, body: errorBody(400, "bytesBilledLimitExceeded", `Query exceeded limit for bytes billed: ${limit}. ${processed} or higher required.`) };
    }
    let reader;
    try {
      reader = await db.runAndReadAll(toDuckDb(sql), params, types);
    } catch (err) {
      return { status: 400, body: errorBody(400, "invalidQuery", String((err as Error).message).split("\n")[0] ?? "") };
    }
    const useInt64Timestamp = (body.formatOptions as { useInt64Timestamp?: boolean } | undefined)?.useInt64Timestamp === true;
    const fields = reader.columnNames().map((name, i) => fieldOf(name, reader.columnType(i)));
    const rows = reader.getRows().map((row) => ({ f: row.map((v, i) => cellOf(v, fields[i] as Field, useInt64Timestamp)) }));
    const record: QueryRecord = { sql, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), rows: rows.length, bytesProcessed: processed, bytesSent: 0, pages: 0 };
    queries.push(record);
    const jobId = `job_${++jobCount}`;
    const job: Job = { record, schema: { fields }, rows, useInt64Timestamp };
    jobs.set(jobId, job);
    return { status: 200, body: page(job, jobId, 0, Number(body.maxResults ?? 0)) };
  }

  function page(job: Job, jobId: string, offset: number, maxResults: number): Record<string, unknown> {
    const size = maxResults > 0 ? maxResults : job.rows.length;
    const slice = job.rows.slice(offset, offset + size);
    const next = offset + size < job.rows.length ? String(offset + size) : undefined;
    job.record.pages++;
    return {
      kind: "bigquery#queryResponse",
      schema: job.schema,
      jobReference: { projectId: options.project, jobId, location: "US" },
      totalRows: String(job.rows.length),
      ...(slice.length ? { rows: slice } : {}),
      ...(next ? { pageToken: next } : {}),
      totalBytesProcessed: String(job.record.bytesProcessed),
      jobComplete: true,
      cacheHit: false,
    };
  }

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let job: Job | undefined;
        const send = (status: number, body: unknown) => {
          const text = JSON.stringify(body);
          if (job) job.record.bytesSent += Buffer.byteLength(text);
          res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
          res.end(text);
        };
        const url = new URL(req.url ?? "/", "http://fake");
        // Jobs may run in any project (the billing project); the data is the one table.
        const prefix = `/bigquery/v2/projects/${/^\/bigquery\/v2\/projects\/([^/]+)\//.exec(url.pathname)?.[1] ?? options.project}`;
        if (req.method === "POST" && url.pathname === `${prefix}/queries`) {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
          } catch {
            return send(400, errorBody(400, "invalid", "body is not JSON"));
          }
          const out = await runQuery(body);
          const id = (out.body as { jobReference?: { jobId?: string } }).jobReference?.jobId;
          job = id ? jobs.get(id) : undefined;
          return send(out.status, out.body);
        }
        const m = new RegExp(`^${prefix}/queries/([^/]+)$`).exec(url.pathname);
        if (req.method === "GET" && m) {
          job = jobs.get(m[1] as string);
          if (!job) return send(404, errorBody(404, "notFound", `Not found: Job ${options.project}:${m[1]}`));
          const offset = Number(url.searchParams.get("pageToken") ?? 0);
          return send(200, page(job, m[1] as string, offset, Number(url.searchParams.get("maxResults") ?? 0)));
        }
        send(404, errorBody(404, "notFound", `no ${req.method} ${url.pathname} in the fake`));
      })().catch((err: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(errorBody(500, "internalError", String(err))));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    async setEntries(entries) {
      await db.run(`DELETE FROM "_AllLogs"`);
      await insertEntries(db, entries);
      await refreshPartitionBytes();
    },
    async exec(sql) {
      await db.run(sql);
      await refreshPartitionBytes();
    },
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i++) faults.push(kind);
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      db.closeSync();
      instance.closeSync();
    },
  };
}

function errorBody(code: number, reason: string, message: string): unknown {
  const status = code === 403 ? "PERMISSION_DENIED" : code === 404 ? "NOT_FOUND" : code === 429 ? "RESOURCE_EXHAUSTED" : code >= 500 ? "UNAVAILABLE" : "INVALID_ARGUMENT";
  return { error: { code, message, errors: [{ message, domain: "global", reason }], status } };
}

type QueryParameter = {
  name?: string;
  parameterType?: { type?: string; arrayType?: { type?: string } };
  parameterValue?: { value?: string; arrayValues?: Array<{ value?: string }> };
};

/** BigQuery's named parameters as DuckDB values, typed. */
function paramsOf(raw: unknown): { params: Record<string, DuckDBValue>; types: Record<string, DuckDBType> } {
  const params: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const p of (raw as QueryParameter[] | undefined) ?? []) {
    if (!p.name) throw new Error("the fake supports named parameters only");
    const type = p.parameterType?.type;
    if (type === "ARRAY") {
      const inner = p.parameterType?.arrayType?.type;
      if (inner !== "STRING") throw new Error(`array parameters of ${inner} are not in the fake`);
      params[p.name] = listValue((p.parameterValue?.arrayValues ?? []).map((v) => v.value ?? ""));
      types[p.name] = LIST(VARCHAR);
      continue;
    }
    const value = p.parameterValue?.value;
    switch (type) {
      case "TIMESTAMP": {
        // BigQuery keeps microseconds: the fraction is read to the microsecond, not through Date's milliseconds.
        const text = String(value).replace(" ", "T").replace(/\+00(:00)?$/, "Z");
        const m = /^(.*?)(?:\.(\d+))?Z$/.exec(text);
        const secondsMs = m ? Date.parse(`${m[1]}Z`) : NaN;
        if (!m || !Number.isFinite(secondsMs)) throw new Error(`bad TIMESTAMP parameter ${p.name}=${value}`);
        params[p.name] = new DuckDBTimestampTZValue(BigInt(secondsMs) * 1000n + BigInt((m[2] ?? "").padEnd(6, "0").slice(0, 6) || "0"));
        types[p.name] = TIMESTAMPTZ;
        break;
      }
      case "INT64":
        params[p.name] = BigInt(value ?? "0");
        types[p.name] = BIGINT;
        break;
      case "FLOAT64":
        params[p.name] = Number(value);
        types[p.name] = DOUBLE;
        break;
      case "BOOL":
        params[p.name] = value === "true";
        types[p.name] = BOOLEAN;
        break;
      case "STRING":
        params[p.name] = value ?? "";
        types[p.name] = VARCHAR;
        break;
      default:
        throw new Error(`parameter type ${type} is not in the fake`);
    }
  }
  return { params, types };
}

function fieldOf(name: string, t: DuckDBType): Field {
  switch (t.typeId) {
    case DuckDBTypeId.LIST: {
      const inner = fieldOf(name, (t as unknown as { valueType: DuckDBType }).valueType);
      return { ...inner, mode: "REPEATED" };
    }
    case DuckDBTypeId.STRUCT: {
      const s = t as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      return { name, type: "RECORD", mode: "NULLABLE", fields: s.entryNames.map((n, i) => fieldOf(n, s.entryTypes[i] as DuckDBType)) };
    }
    case DuckDBTypeId.BOOLEAN:
      return { name, type: "BOOLEAN", mode: "NULLABLE" };
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.UBIGINT:
      return { name, type: "INTEGER", mode: "NULLABLE" };
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: case DuckDBTypeId.DECIMAL:
      return { name, type: "FLOAT", mode: "NULLABLE" };
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ:
      return { name, type: "TIMESTAMP", mode: "NULLABLE" };
    case DuckDBTypeId.VARCHAR:
      return { name, type: "STRING", mode: "NULLABLE" };
    default:
      throw new Error(`column ${name} has type ${String(t)}, which the fake does not map to BigQuery`);
  }
}

/** One value in BigQuery's REST row encoding ({v: …}; numbers and timestamps as strings). */
function cellOf(v: DuckDBValue, f: Field, useInt64Timestamp: boolean): { v: unknown } {
  // BigQuery has no NULL arrays: an absent array is empty.
  if (f.mode === "REPEATED" && (v === null || v === undefined)) return { v: [] };
  if (v === null || v === undefined) return { v: null };
  if (f.mode === "REPEATED") {
    const items = v instanceof DuckDBListValue ? v.items : [];
    return { v: items.map((x) => cellOf(x, { ...f, mode: "NULLABLE" }, useInt64Timestamp)) };
  }
  if (f.type === "RECORD" && v instanceof DuckDBStructValue) {
    return { v: { f: (f.fields ?? []).map((sub) => cellOf(v.entries[sub.name] ?? null, sub, useInt64Timestamp)) } };
  }
  if (f.type === "TIMESTAMP" && (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue)) {
    return { v: useInt64Timestamp ? String(v.micros) : String(Number(v.micros) / 1e6) };
  }
  if (f.type === "BOOLEAN") return { v: String(v) };
  return { v: String(v) };
}
