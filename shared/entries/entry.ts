import type { Severity } from "./severity.js";

/** The request part of a LogEntry, in one shape whatever the source (gcloud JSON or the Node client). */
export interface HttpRequestInfo {
  method?: string;
  url?: string;
  status?: number;
  /** Latency in milliseconds (gcloud writes "3.78s", the Node client {seconds, nanos}). */
  latencyMs?: number;
  userAgent?: string;
}

/** What the payload was: the text, a structured JSON payload, an audit protoPayload, or nothing. */
export type PayloadKind = "text" | "json" | "proto" | "none";

/**
 * One log entry, normalised. Everything downstream of the source reads only this shape, and it holds
 * only what something downstream reads: a LogEntry's receiveTimestamp, spanId, sourceLocation and the
 * request's remoteIp are left in the input (each entry of a million-entry hour paid to parse and
 * carry them, and nothing read them).
 */
export interface Entry {
  /** RFC 3339 UTC with the source's precision. */
  timestamp: string;
  /** Milliseconds since the epoch, for arithmetic. */
  timeMs: number;
  severity: Severity;
  /** Full log name, e.g. projects/p/logs/run.googleapis.com%2Fstderr */
  logName: string;
  /** Decoded short log id, e.g. run.googleapis.com/stderr */
  logId: string;
  resourceType: string;
  /** Readonly: usually the input's own object, not a copy (see normalizeEntry's stringMap). */
  resourceLabels: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
  /** Human text: textPayload, a jsonPayload message field, or a protoPayload summary. */
  message: string;
  payloadKind: PayloadKind;
  /** The structured payload (jsonPayload or protoPayload) when there was one. */
  payload?: Record<string, unknown>;
  httpRequest?: HttpRequestInfo;
  trace?: string;
  insertId?: string;
  /** Error Reporting group ids (gcloud JSON only: the Node client drops them). */
  errorGroups: readonly string[];
}

/** Reasons an input entry is skipped instead of stopping the pass; each is counted. */
export const SKIP_REASONS = [
  "invalid_json",
  "invalid_yaml",
  "too_large",
  "not_an_object",
  "missing_timestamp",
  "invalid_timestamp",
  "timestamp_out_of_range",
  "invalid_severity",
  "outside_window",
  "other_service",
  "no_service",
  "duplicate",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type NormalizeResult = { ok: true; entry: Entry } | { ok: false; reason: SkipReason; detail: string };
