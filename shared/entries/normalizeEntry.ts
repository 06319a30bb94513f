import type { Entry, HttpRequestInfo, NormalizeResult, PayloadKind, SourceLocation } from "./entry.js";
import { parseSeverity } from "./severity.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** jsonPayload keys that hold the human message, in the order loggers use them. */
const MESSAGE_KEYS = ["message", "msg", "textPayload", "error", "err", "exception", "event", "log"] as const;

/** Longest compact-JSON rendering used as the message of a payload that has no message field. */
const MAX_FALLBACK_MESSAGE_CHARS = 2000;

/**
 * Turns any LogEntry shape into one Entry: the REST / `gcloud --format=json` shape (camelCase, RFC 3339
 * strings, "3.78s" latencies, severity absent for DEFAULT) and the Node client's decoding
 * (`{metadata, data}`, Date timestamps, `{seconds, nanos}` latencies, Struct-encoded jsonPayload).
 * Never throws: what cannot be understood comes back as a skip reason.
 */
export function normalizeEntry(raw: unknown): NormalizeResult {
  if (!isObj(raw)) return { ok: false, reason: "not_an_object", detail: `got ${raw === null ? "null" : typeof raw}` };
  // The Node client's Entry: metadata holds the LogEntry fields, data the decoded payload.
  const meta: Obj = isObj(raw.metadata) && !("logName" in raw) ? raw.metadata : raw;
  const clientData = meta === raw ? undefined : raw.data;

  const time = parseTime(meta.timestamp);
  if (time === undefined) {
    return meta.timestamp === undefined || meta.timestamp === null
      ? { ok: false, reason: "missing_timestamp", detail: "no timestamp" }
      : { ok: false, reason: "invalid_timestamp", detail: `timestamp ${short(meta.timestamp)}` };
  }
  const severity = parseSeverity(meta.severity);
  if (severity === undefined) return { ok: false, reason: "invalid_severity", detail: `severity ${short(meta.severity)}` };

  const logName = str(meta.logName) ?? "";
  const resource = isObj(meta.resource) ? meta.resource : {};
  const { message, payloadKind, payload } = payloadOf(meta, clientData);
  const receive = parseTime(meta.receiveTimestamp);

  const entry: Entry = {
    timestamp: time.iso,
    timeMs: time.ms,
    severity,
    logName,
    logId: decodeLogId(logName),
    resourceType: str(resource.type) ?? "",
    resourceLabels: stringMap(resource.labels),
    labels: stringMap(meta.labels),
    message,
    payloadKind,
    errorGroups: Array.isArray(meta.errorGroups)
      ? meta.errorGroups.flatMap((g) => (isObj(g) && typeof g.id === "string" ? [g.id] : []))
      : [],
  };
  if (receive) entry.receiveTimestamp = receive.iso;
  if (payload) entry.payload = payload;
  const http = httpRequestOf(meta.httpRequest);
  if (http) entry.httpRequest = http;
  const trace = str(meta.trace);
  if (trace) entry.trace = trace;
  const spanId = str(meta.spanId);
  if (spanId) entry.spanId = spanId;
  const insertId = str(meta.insertId);
  if (insertId) entry.insertId = insertId;
  const loc = sourceLocationOf(meta.sourceLocation);
  if (loc) entry.sourceLocation = loc;
  return { ok: true, entry };
}

function short(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** "projects/p/logs/run.googleapis.com%2Fstderr" -> "run.googleapis.com/stderr" */
export function decodeLogId(logName: string): string {
  const at = logName.indexOf("/logs/");
  const id = at >= 0 ? logName.slice(at + 6) : logName;
  try {
    return decodeURIComponent(id);
  } catch (cause) {
    // A malformed %-escape is still a usable id as written.
    void cause;
    return id;
  }
}

function parseTime(v: unknown): { iso: string; ms: number } | undefined {
  if (typeof v === "string") {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) return undefined;
    // Keep the source's sub-millisecond digits when it is already UTC RFC 3339.
    return { iso: v.endsWith("Z") ? v : new Date(ms).toISOString(), ms };
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    return Number.isNaN(ms) ? undefined : { iso: v.toISOString(), ms };
  }
  if (isObj(v) && ("seconds" in v || "nanos" in v)) {
    const ms = Number(v.seconds ?? 0) * 1000 + Math.floor(Number(v.nanos ?? 0) / 1e6);
    return Number.isFinite(ms) ? { iso: new Date(ms).toISOString(), ms } : undefined;
  }
  return undefined;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === "string") out[k] = val;
    else if (typeof val === "number" || typeof val === "boolean") out[k] = String(val);
  }
  return out;
}

function payloadOf(meta: Obj, clientData: unknown): { message: string; payloadKind: PayloadKind; payload?: Obj } {
  if (typeof meta.textPayload === "string") return { message: meta.textPayload, payloadKind: "text" };
  const json = isObj(meta.jsonPayload) ? fromStruct(meta.jsonPayload) : undefined;
  if (json) return { message: messageOfJson(json), payloadKind: "json", payload: json };
  if (isObj(meta.protoPayload)) return { message: summarizeProto(meta.protoPayload), payloadKind: "proto", payload: meta.protoPayload };
  // The Node client moves the payload into `data`.
  if (typeof clientData === "string") return { message: clientData, payloadKind: "text" };
  if (isObj(clientData)) {
    const data = fromStruct(clientData);
    if (typeof data["@type"] === "string" || typeof data.methodName === "string") {
      return { message: summarizeProto(data), payloadKind: "proto", payload: data };
    }
    return { message: messageOfJson(data), payloadKind: "json", payload: data };
  }
  return { message: "", payloadKind: "none" };
}

/** google.protobuf.Struct as the gRPC client may hand it over ({fields: {k: {stringValue}}}) -> plain object. */
function fromStruct(v: Obj): Obj {
  if (!isObj(v.fields) || Object.keys(v).some((k) => k !== "fields")) return v;
  const out: Obj = {};
  for (const [k, val] of Object.entries(v.fields)) out[k] = fromStructValue(val);
  return out;
}

function fromStructValue(v: unknown): unknown {
  if (!isObj(v)) return v;
  if ("stringValue" in v) return v.stringValue;
  if ("numberValue" in v) return v.numberValue;
  if ("boolValue" in v) return v.boolValue;
  if ("nullValue" in v) return null;
  if (isObj(v.structValue)) return fromStruct(v.structValue);
  if (isObj(v.listValue)) return Array.isArray(v.listValue.values) ? v.listValue.values.map(fromStructValue) : [];
  return v;
}

function messageOfJson(p: Obj): string {
  for (const key of MESSAGE_KEYS) {
    const v = p[key];
    if (typeof v === "string" && v !== "") return v;
    if (isObj(v)) {
      const inner = str(v.message) ?? str(v.msg) ?? (str(v.type) && `${v.type}: ${str(v.value) ?? ""}`.trim());
      if (inner) return inner;
      if (typeof v.stack === "string") return v.stack;
    }
  }
  const compact = JSON.stringify(p);
  return compact.length > MAX_FALLBACK_MESSAGE_CHARS ? `${compact.slice(0, MAX_FALLBACK_MESSAGE_CHARS)}…` : compact;
}

/** One line for an audit log: what was done to what, by whom, and how it ended. */
function summarizeProto(p: Obj): string {
  const method = str(p.methodName) ?? str(p["@type"]) ?? "protoPayload";
  const resourceName = str(p.resourceName);
  const auth = isObj(p.authenticationInfo) ? str(p.authenticationInfo.principalEmail) : undefined;
  const status = isObj(p.status) ? str(p.status.message) : undefined;
  const response = isObj(p.response) && isObj(p.response.status) ? p.response.status : undefined;
  const cond = response && Array.isArray(response.conditions) ? response.conditions : [];
  const ready = cond.find((c) => isObj(c) && c.type === "Ready") as Obj | undefined;
  return [
    method,
    resourceName ? `on ${resourceName}` : "",
    auth ? `by ${auth}` : "",
    status ? `(${status})` : "",
    ready && str(ready.message) ? `- ${ready.message}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function httpRequestOf(v: unknown): HttpRequestInfo | undefined {
  if (!isObj(v)) return undefined;
  const out: HttpRequestInfo = {};
  const method = str(v.requestMethod);
  if (method) out.method = method;
  const url = str(v.requestUrl);
  if (url) out.url = url;
  const status = Number(v.status);
  if (Number.isFinite(status) && status > 0) out.status = status;
  const latency = latencyMs(v.latency);
  if (latency !== undefined) out.latencyMs = latency;
  const ua = str(v.userAgent);
  if (ua) out.userAgent = ua;
  const ip = str(v.remoteIp);
  if (ip) out.remoteIp = ip;
  return Object.keys(out).length ? out : undefined;
}

/** "3.786648988s" | {seconds, nanos} (seconds may be a string or a Long) -> milliseconds. */
export function latencyMs(v: unknown): number | undefined {
  if (typeof v === "string") {
    const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v.trim());
    return m ? Number(m[1]) * 1000 : undefined;
  }
  if (isObj(v)) {
    const s = Number(typeof v.seconds === "object" && v.seconds !== null ? String(v.seconds) : (v.seconds ?? 0));
    const n = Number(v.nanos ?? 0);
    return Number.isFinite(s) && Number.isFinite(n) ? s * 1000 + n / 1e6 : undefined;
  }
  return undefined;
}

function sourceLocationOf(v: unknown): SourceLocation | undefined {
  if (!isObj(v)) return undefined;
  const out: SourceLocation = {};
  if (str(v.file)) out.file = v.file as string;
  if (v.line !== undefined && v.line !== null) out.line = String(v.line);
  if (str(v.function)) out.function = v.function as string;
  return Object.keys(out).length ? out : undefined;
}
