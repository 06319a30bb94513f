import { UserError } from "../util/userError.js";
import { googleErrorCode, isRetryableGoogleError } from "./googleErrorCode.js";

/** Retry policy for entries.list. */
export interface Backoff {
  /** Attempts per page before the read is reported incomplete. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * The read quota is 60 entries.list calls a minute per project, refilled continuously: after a
 * 429 waiting a few seconds usually frees a call, and 32 s caps one wait well inside the function's
 * hour. 8 attempts wait at most ~1 + 2 + 4 + 8 + 16 + 32 + 32 s ≈ 95 s per page.
 */
export const DEFAULT_BACKOFF: Backoff = { maxAttempts: 8, initialDelayMs: 1000, maxDelayMs: 32_000 };

/** Exponential, with quota errors starting twice as long (the quota refills per minute), plus up to 20% jitter. */
export function backoffDelayMs(b: Backoff, attempt: number, quota: boolean, random: () => number = Math.random): number {
  const base = Math.min(b.maxDelayMs, b.initialDelayMs * 2 ** (attempt - 1) * (quota ? 2 : 1));
  return Math.round(base * (1 + 0.2 * random()));
}

export type LoggingErrorKind = { kind: "retry"; code: "RESOURCE_EXHAUSTED" | "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "INTERNAL" } | { kind: "fatal"; error: Error };

/** Which failures are worth waiting out, and a one-line reason for those that are not. */
export function classifyLoggingError(err: unknown): LoggingErrorKind {
  const e = err as { message?: unknown };
  const name = googleErrorCode(err);
  if (isRetryableGoogleError(name)) return { kind: "retry", code: name };
  const message = String(e.message ?? err).split("\n")[0];
  if (name === "PERMISSION_DENIED" || name === "UNAUTHENTICATED") {
    return { kind: "fatal", error: new UserError(`Cloud Logging refused the read (${name}): the caller needs roles/logging.viewer on the project, or roles/logging.viewAccessor on each view of GARDENER_LOG_VIEWS (${message})`, { cause: err }) };
  }
  if (name === "NOT_FOUND") return { kind: "fatal", error: new UserError(`Cloud Logging does not know the project or log view (${message}): check --project / GARDENER_PROJECT_ID and GARDENER_LOG_VIEWS`, { cause: err }) };
  return { kind: "fatal", error: new Error(`Cloud Logging entries.list failed${name ? ` (${name})` : ""}: ${message}`, { cause: err }) };
}
