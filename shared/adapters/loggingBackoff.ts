import { UserError } from "../util/userError.js";
import { environmentMessage, type ApiContext } from "./environmentError.js";
import { environmentProblemOf } from "./environmentProblem.js";
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

export type LoggingErrorKind =
  | { kind: "retry"; code: "RESOURCE_EXHAUSTED" | "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "INTERNAL" }
  /** No network (DNS, refused, unreachable): the user's to fix before a read starts; worth waiting out once pages came through. */
  | { kind: "network"; code: "UNAVAILABLE"; error: UserError }
  | { kind: "fatal"; error: Error };

const DEFAULT_API: ApiContext = { api: "Cloud Logging", service: "logging.googleapis.com" };

/**
 * Which failures are worth waiting out, and a one-line reason for those that are not. Problems of the
 * environment (credentials, permission, API not enabled, unknown project, no network) are the user's
 * to fix: their message names the cause and the command that fixes it (see environmentError.ts).
 */
export function classifyLoggingError(err: unknown, api: ApiContext = DEFAULT_API): LoggingErrorKind {
  const problem = environmentProblemOf(err);
  if (problem) {
    const error = new UserError(environmentMessage(problem, api), { cause: err });
    return problem.kind === "dns" || problem.kind === "unreachable" ? { kind: "network", code: "UNAVAILABLE", error } : { kind: "fatal", error };
  }
  const e = err as { message?: unknown };
  const name = googleErrorCode(err);
  if (isRetryableGoogleError(name)) return { kind: "retry", code: name };
  const message = String(e.message ?? err).split("\n")[0];
  return { kind: "fatal", error: new Error(`Cloud Logging entries.list failed${name ? ` (${name})` : ""}: ${message}`, { cause: err }) };
}
