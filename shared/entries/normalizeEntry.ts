import { boundValue, exceedsBounds, structToPlain } from "./boundedValue.js";
import type { Entry, HttpRequestInfo, NormalizeResult, PayloadKind } from "./entry.js";
import { MAX_FUTURE_SKEW_MS, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES } from "./readLimits.js";
import { parseSeverity, severityRank } from "./severity.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** jsonPayload keys that hold the human message, in the order loggers use them. */
const MESSAGE_KEYS = ["message", "msg", "textPayload", "error", "err", "exception", "event", "log"] as const;

/** Longest compact-JSON rendering used as the message of a payload that has no message field. */
const MAX_FALLBACK_MESSAGE_CHARS = 2000;

/** The latest time `Date` can print (+275760-09-13): later "times" would throw in toISOString. */
const LAST_PRINTABLE_MS = 8.64e15;

export interface NormalizeOptions {
  /**
   * The pass's clock (ms since the epoch). Entries dated more than MAX_FUTURE_SKEW_MS after it are
   * skipped as `timestamp_out_of_range`, so one entry from the year 3000 cannot stretch a window.
   * The normaliser never reads the clock itself; without `nowMs` only dates before 1970 and ones
   * `Date` cannot print are refused.
   */
  nowMs?: number;
}

/**
 * Turns any LogEntry shape into one Entry: the REST / `gcloud --format=json` shape (camelCase, RFC 3339
 * strings, "3.78s" latencies, severity absent for DEFAULT) and the Node client's decoding
 * (`{metadata, data}`, Date timestamps, `{seconds, nanos}` latencies, Struct-encoded jsonPayload).
 * Never throws, whatever the input: what cannot be understood comes back as a skip reason; payloads
 * nested deeper than MAX_PAYLOAD_DEPTH or holding more than MAX_PAYLOAD_VALUES values are cut (with a
 * marker) without recursion; timestamps are range-checked.
 */
export function normalizeEntry(raw: unknown, options: NormalizeOptions = {}): NormalizeResult {
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
  const latest = Math.min(LAST_PRINTABLE_MS, options.nowMs === undefined ? Infinity : options.nowMs + MAX_FUTURE_SKEW_MS);
  if (time.ms < 0 || time.ms > latest) {
    return {
      ok: false,
      reason: "timestamp_out_of_range",
      detail:
        time.ms < 0
          ? `timestamp ${short(meta.timestamp)} is before 1970`
          : `timestamp ${short(meta.timestamp)} is more than a day after the pass's clock${options.nowMs === undefined ? "" : ` (${new Date(options.nowMs).toISOString()})`}`,
    };
  }
  const severity = parseSeverity(meta.severity);
  if (severity === undefined) return { ok: false, reason: "invalid_severity", detail: `severity ${short(meta.severity)}` };

  const logName = str(meta.logName) ?? "";
  const resource = isObj(meta.resource) ? meta.resource : {};
  const { message, payloadKind, payload } = payloadOf(meta, clientData);

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
    errorGroups: Array.isArray(meta.errorGroups) && meta.errorGroups.length
      ? meta.errorGroups.flatMap((g) => (isObj(g) && typeof g.id === "string" ? [g.id] : []))
      : NO_ERROR_GROUPS,
  };
  if (payload) entry.payload = payload;
  const http = httpRequestOf(payloadKind === "proto" && payload && isRequestLog(payload) ? requestLogHttp(payload, meta.httpRequest) : meta.httpRequest);
  if (http) entry.httpRequest = http;
  const trace = str(meta.trace);
  if (trace) entry.trace = trace;
  const insertId = str(meta.insertId);
  if (insertId) entry.insertId = insertId;
  return { ok: true, entry };
}

/** A value for a skip detail: short, and never a walk over what may be a deep object. */
function short(v: unknown): string {
  if (typeof v === "string") {
    const s = JSON.stringify(v.length > 60 ? v.slice(0, 57) : v);
    return v.length > 60 ? `${s.slice(0, -1)}..."` : s;
  }
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null || v === undefined) return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "an invalid Date" : v.toISOString();
  return Array.isArray(v) ? "an array" : `an ${typeof v}`;
}

/** "projects/p/logs/run.googleapis.com%2Fstderr" -> "run.googleapis.com/stderr" */
export function decodeLogId(logName: string): string {
  // An hour holds a handful of log names, each on thousands of entries: the last few are kept, and
  // the last one asked is compared first (entries come in runs of one log; no hash of the name).
  if (logName === lastLogName) return lastLogId;
  const known = logIds.get(logName);
  if (known !== undefined) {
    lastLogName = logName;
    lastLogId = known;
    return known;
  }
  if (logIds.size >= MAX_KNOWN_LOG_IDS) logIds.clear();
  const id = logIdOf(logName);
  logIds.set(logName, id);
  lastLogName = logName;
  lastLogId = id;
  return id;
}
let lastLogName: string | undefined;
let lastLogId = "";
/** Log names remembered by decodeLogId; a pass sees a few dozen at most, so this only bounds a hostile input. */
const MAX_KNOWN_LOG_IDS = 256;
const logIds = new Map<string, string>();

function logIdOf(logName: string): string {
  const at = logName.indexOf("/logs/");
  const id = at >= 0 ? logName.slice(at + 6) : logName;
  // Without a %-escape there is nothing to decode (decodeURIComponent would return the same text).
  if (!id.includes("%")) return id;
  try {
    return decodeURIComponent(id);
  } catch (cause) {
    // A malformed %-escape is still a usable id as written.
    void cause;
    return id;
  }
}

/** RFC 3339 as Cloud Logging writes it (also ISO's 6-digit years, so that they are range-checked rather than unreadable). */
const RFC3339 = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** Already UTC in the canonical form: kept as written, sub-millisecond digits included. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

function parseTime(v: unknown): { iso: string; ms: number } | undefined {
  if (typeof v === "string") {
    if (v.length > 40) return undefined;
    // The common case first: already canonical UTC, parsed as is and kept as written.
    if (CANONICAL_UTC.test(v)) {
      const ms = canonicalMs(v);
      return Number.isNaN(ms) ? undefined : { iso: v, ms };
    }
    if (!RFC3339.test(v)) return undefined;
    // RFC 3339 allows "t" or a space between date and time and a lowercase "z"; Date.parse wants "T" and "Z".
    const sep = v[0] === "+" || v[0] === "-" ? 13 : 10;
    let text = v[sep] === "T" ? v : `${v.slice(0, sep)}T${v.slice(sep + 1)}`;
    if (text.endsWith("z")) text = `${text.slice(0, -1)}Z`;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : { iso: printable(ms), ms };
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    return Number.isNaN(ms) ? undefined : { iso: printable(ms), ms };
  }
  if (isObj(v) && ("seconds" in v || "nanos" in v)) {
    const ms = toNumber(v.seconds ?? 0) * 1000 + Math.floor(toNumber(v.nanos ?? 0) / 1e6);
    return Number.isFinite(ms) ? { iso: printable(ms), ms } : undefined;
  }
  return undefined;
}

/**
 * Date.parse of a canonical UTC time, with the minute's start kept from the last call: entries come
 * minute by minute, so one Date.parse per minute rather than one per entry. Seconds and the fraction
 * (truncated to the millisecond, as Date.parse does) are added by hand; what this does not cover
 * (hour 24, second 60, a malformed minute) goes to Date.parse itself, so the answer is always its.
 */
function canonicalMs(v: string): number {
  const minute = v.slice(0, 16);
  if (minute !== lastMinute) {
    lastMinute = minute;
    lastMinuteMs = minute.charCodeAt(11) === 50 && minute.charCodeAt(12) === 52 ? NaN : Date.parse(`${minute}:00Z`);
  }
  const seconds = (v.charCodeAt(17) - 48) * 10 + (v.charCodeAt(18) - 48);
  if (Number.isNaN(lastMinuteMs) || seconds > 59) return Date.parse(v);
  let ms = 0;
  if (v.charCodeAt(19) === 46) {
    // ".d", ".dd", ".ddd..." up to 9 digits: the first three are the milliseconds.
    for (let i = 20, scale = 100; i < 23 && v.charCodeAt(i) !== 90; i++, scale /= 10) ms += (v.charCodeAt(i) - 48) * scale;
  }
  return lastMinuteMs + seconds * 1000 + ms;
}
let lastMinute = "";
let lastMinuteMs = NaN;

/** ISO text of a time, or "" for one `Date` cannot print (the range check then refuses it). */
function printable(ms: number): string {
  return Math.abs(ms) <= LAST_PRINTABLE_MS ? new Date(ms).toISOString() : "";
}

/**
 * A number from a number, a numeric string, a bigint or a protobuf Long ({low, high}); NaN otherwise.
 * Never calls a method of the value: an object from input may carry a "toString" or "valueOf" that is
 * not a function, and String() or Number() on it would throw.
 */
function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return /^\s*-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (isObj(v) && typeof v.low === "number" && typeof v.high === "number") return v.high * 2 ** 32 + (v.low >>> 0);
  return NaN;
}

/** The errorGroups of the many entries without any: one frozen array, not one per entry. */
const NO_ERROR_GROUPS: readonly string[] = Object.freeze([]);

/**
 * Labels as a string map. A plain object whose values are all strings (what JSON.parse gives for
 * nearly every entry) is that map already and is used as it is. Entry types its label maps readonly
 * and nothing downstream writes to them; the type is a guard against mistakes, not a wall (a cast or
 * an assignment to a plain Record gets past it). Object.freeze guarded them at run time, for about
 * 0.17 µs an entry (it gives each object a new hidden class). Otherwise numbers and booleans become
 * strings and other values are left out.
 */
function stringMap(v: unknown): Readonly<Record<string, string>> {
  if (!isObj(v)) return {};
  if (allStrings(v)) return v as Record<string, string>;
  const out: Record<string, string> = {};
  // for-in over own keys rather than Object.entries: the same keys in the same order, without an
  // array of pairs per entry (a JSON-parsed object has no inherited enumerable keys).
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const val = v[k];
    if (typeof val === "string") out[k] = val;
    else if (typeof val === "number" || typeof val === "boolean") out[k] = String(val);
  }
  return out;
}

function allStrings(v: Obj): boolean {
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (typeof v[k] !== "string") return false;
  return true;
}

function payloadOf(meta: Obj, clientData: unknown): { message: string; payloadKind: PayloadKind; payload?: Obj } {
  if (typeof meta.textPayload === "string") return { message: meta.textPayload, payloadKind: "text" };
  const json = isObj(meta.jsonPayload) ? bounded(fromStruct(meta.jsonPayload)) : undefined;
  if (json) return { message: messageOfJson(json), payloadKind: "json", payload: json };
  if (isObj(meta.protoPayload)) {
    const proto = bounded(meta.protoPayload);
    return { message: isRequestLog(proto) ? requestLogMessage(proto) : summarizeProto(proto), payloadKind: "proto", payload: proto };
  }
  // The Node client moves the payload into `data`.
  if (typeof clientData === "string") return { message: clientData, payloadKind: "text" };
  if (isObj(clientData)) {
    const data = bounded(fromStruct(clientData));
    if (typeof data["@type"] === "string" || typeof data.methodName === "string") {
      return { message: isRequestLog(data) ? requestLogMessage(data) : summarizeProto(data), payloadKind: "proto", payload: data };
    }
    return { message: messageOfJson(data), payloadKind: "json", payload: data };
  }
  return { message: "", payloadKind: "none" };
}

/** The payload itself, or a copy cut to the depth and size bounds when it passes them. */
function bounded(p: Obj): Obj {
  return exceedsBounds(p, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES) ? boundValue(p, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES) : p;
}

/** google.protobuf.Struct as the gRPC client may hand it over ({fields: {k: {stringValue}}}) -> plain object. */
function fromStruct(v: Obj): Obj {
  if (!isObj(v.fields) || Object.keys(v).some((k) => k !== "fields")) return v;
  return structToPlain(v, MAX_PAYLOAD_DEPTH);
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
  let compact: string;
  try {
    // Bounded above (depth and size), so this walk is shallow.
    compact = JSON.stringify(p);
  } catch (err) {
    // A client-decoded value JSON cannot print (a BigInt): say so in the message instead of failing the entry.
    compact = `[payload that cannot be shown as JSON: ${(err as Error).message}]`;
  }
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

/** App Engine's request log (appengine.googleapis.com/request_log): the request in the payload, the app's lines inside it. */
function isRequestLog(p: Obj): boolean {
  return p["@type"] === "type.googleapis.com/google.appengine.logging.v1.RequestLog";
}

/**
 * The request of an App Engine request log in the LogEntry httpRequest shape: what the entry's own
 * httpRequest says wins (it often holds only the status), the payload fills in the rest.
 */
function requestLogHttp(p: Obj, own: unknown): Obj {
  const fromPayload: Obj = { requestMethod: p.method, requestUrl: p.resource, status: p.status, latency: p.latency, userAgent: p.userAgent, remoteIp: p.ip };
  if (isObj(own)) for (const k in own) if (own[k] !== undefined && own[k] !== null && own[k] !== "") fromPayload[k] = own[k];
  return fromPayload;
}

/** Lines an App Engine request log holds at this severity or above become its message (the app's warnings and errors). */
const REQUEST_LOG_LINE_SEVERITY = "WARNING";

/**
 * The message of an App Engine request log: the app's own lines at WARNING or above that the request
 * holds (first-generation runtimes log only there), one per line; "" when it holds none, so that the
 * request is counted and clustered as a request like any other.
 */
function requestLogMessage(p: Obj): string {
  if (!Array.isArray(p.line)) return "";
  const min = severityRank(REQUEST_LOG_LINE_SEVERITY);
  const out: string[] = [];
  for (const l of p.line) {
    if (!isObj(l) || typeof l.logMessage !== "string" || !l.logMessage) continue;
    const sev = parseSeverity(l.severity);
    if (sev && severityRank(sev) >= min) out.push(l.logMessage);
  }
  return out.join("\n");
}

function httpRequestOf(v: unknown): HttpRequestInfo | undefined {
  if (!isObj(v)) return undefined;
  const out: HttpRequestInfo = {};
  const method = str(v.requestMethod);
  if (method) out.method = method;
  const url = str(v.requestUrl);
  if (url) out.url = url;
  const status = toNumber(v.status);
  if (Number.isFinite(status) && status > 0) out.status = status;
  const latency = latencyMs(v.latency);
  if (latency !== undefined) out.latencyMs = latency;
  const ua = str(v.userAgent);
  if (ua) out.userAgent = ua;
  // A request that names only the client's address is still a request (not an application line),
  // though the address itself is not kept.
  return method || url || out.status !== undefined || latency !== undefined || ua || str(v.remoteIp) ? out : undefined;
}

const SECONDS = /^-?\d+(?:\.\d+)?s$/;

/** "3.786648988s" | {seconds, nanos} (seconds may be a string or a Long) -> milliseconds. */
export function latencyMs(v: unknown): number | undefined {
  if (typeof v === "string") {
    // Tested, then the number read without the "s": no match array per request.
    const t = v.trim();
    return SECONDS.test(t) ? Number(t.slice(0, -1)) * 1000 : undefined;
  }
  if (isObj(v)) {
    const s = toNumber(v.seconds ?? 0);
    const n = toNumber(v.nanos ?? 0);
    return Number.isFinite(s) && Number.isFinite(n) ? s * 1000 + n / 1e6 : undefined;
  }
  return undefined;
}
