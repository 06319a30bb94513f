import type { Cluster } from "../clustering/cluster.js";
import { severityRank, type Severity } from "../entries/severity.js";
import { exceptionChain, type ChainedException } from "../events/exceptionChain.js";
import { trafficOf, type Traffic } from "./trafficOf.js";

/**
 * What a pattern is to an incident, read from the structured fields the clusterer carries (the
 * platform catalogue's role, the request's status class, the events' lifecycle), never from words.
 */

const ERROR_RANK = severityRank("ERROR");
const WARNING_RANK = severityRank("WARNING");

export function countAtLeast(c: Cluster, min: Severity): number {
  const rank = severityRank(min);
  let n = 0;
  for (const [sev, count] of Object.entries(c.bySeverity)) if (severityRank(sev as Severity) >= rank) n += count ?? 0;
  return n;
}

export function errorCount(c: Cluster): number {
  return countAtLeast(c, "ERROR");
}

/** Container exits with a non-zero code, SIGKILL, an instance killed for memory: the crash-loop measure. */
export function isExit(c: Cluster): boolean {
  return c.kind !== "request" && c.platform?.role === "death";
}

/** Instances that never started (failed start-up probe). */
export function isFailedStart(c: Cluster): boolean {
  return c.platform?.role === "failed-start";
}

/** A server's worker that died (gunicorn's exit with a code, a worker timeout). */
export function isWorkerDeath(c: Cluster): boolean {
  return !c.platform && c.lifecycle === "worker-death";
}

/** An instance or worker that died or never started. */
export function isDeath(c: Cluster): boolean {
  return isExit(c) || isFailedStart(c) || isWorkerDeath(c);
}

/** The audit trail of a deploy that failed: a revision or service that did not become Ready. */
export function isDeployFailure(c: Cluster): boolean {
  return c.platform?.role === "deploy-failed";
}

/** A platform message that states a cause of its own (a memory limit, a container Cloud Run could not start). */
export function isPlatformCause(c: Cluster): boolean {
  return c.platform?.role === "cause";
}

/** Normal life: instances starting and stopping, graceful shutdowns, a revision becoming Ready. */
export function isLifecycle(c: Cluster): boolean {
  return c.platform?.role === "lifecycle" || (!c.platform && (c.lifecycle === "shutdown" || c.lifecycle === "boot"));
}

/** A pattern that reports a failure: errors (stated or inferred), deaths, failed deploys, failed requests. Normal life never does. */
export function isFailure(c: Cluster): boolean {
  if (isLifecycle(c)) return false;
  if (c.kind === "request") return isFailedRequest(c);
  return errorCount(c) > 0 || isDeath(c) || isPlatformCause(c) || isDeployFailure(c);
}

/** Every event of the pattern is a warning about the code (a deprecation, Python's warnings module). */
export function isCodeWarningOnly(c: Cluster): boolean {
  return (c.codeWarnings ?? 0) >= c.count;
}

/** Warnings that are not failures: low-priority items, or candidate causes when their instances die. Warnings about the code are neither. */
export function isWarningOnly(c: Cluster): boolean {
  return !isFailure(c) && !isLifecycle(c) && !isCodeWarningOnly(c) && c.kind !== "request" && countAtLeast(c, "WARNING") > 0 && severityRank(worstSeverity(c)) < ERROR_RANK && severityRank(worstSeverity(c)) >= WARNING_RANK;
}

export function worstSeverity(c: Cluster): Severity {
  let w: Severity = "DEFAULT";
  for (const s of Object.keys(c.bySeverity) as Severity[]) if ((c.bySeverity[s] ?? 0) > 0 && severityRank(s) > severityRank(w)) w = s;
  return w;
}

/** A pattern that can only be a consequence when something else in the incident explains it. */
export function isConsequence(c: Cluster): boolean {
  return c.kind === "request" || isDeath(c) || isDeployFailure(c) || (c.kind === "platform" && !isPlatformCause(c));
}

/** The method and route of a request pattern, when it names one (a platform failure keys on the failure, not the route). */
export function requestRouteOf(c: Cluster): { method?: string; route: string } | undefined {
  const r = c.request;
  if (!r || r.route === "*") return undefined;
  return { method: r.method, route: r.route };
}

/** Status class of a request pattern ("5xx"). */
export function requestClassOf(c: Cluster): string | undefined {
  return c.request?.statusClass;
}

export function isFailedRequest(c: Cluster): boolean {
  return c.kind === "request" && (c.request?.statusClass === "5xx" || (c.request?.statusClass === "???" && errorCount(c) > 0));
}

export function trafficOfCluster(c: Cluster): Traffic {
  const r = requestRouteOf(c);
  return r ? trafficOf(r.route) : "user";
}

/** The exception chain in the cluster's first sample, original cause first. */
export function chainOf(c: Cluster): ChainedException[] {
  for (const s of c.samples) {
    const chain = exceptionChain(s);
    if (chain.length) return chain;
  }
  return [];
}

/** Shortest text that another pattern must contain to be quoting this one. */
const MIN_QUOTE_CHARS = 16;

/**
 * What this pattern says went wrong, specific enough to be recognised when another pattern quotes it:
 * the original exception's message, or the exception's message in its template.
 */
export function statedCause(c: Cluster): string | undefined {
  const root = chainOf(c)[0];
  const candidates = [root?.message, c.exceptionType ? c.template.slice(c.exceptionType.length + 1).trim() : undefined];
  for (const m of candidates) if (m && m.length >= MIN_QUOTE_CHARS && !m.includes("<*>")) return m;
  return undefined;
}

/**
 * How strongly a pattern's own events say something failed, as a cause of deaths: a stack (4), a
 * stated or structurally inferred error (3), words of failure with no level (2: a program that prints
 * "could not …" and exits), a warning a logger stated (1: the program said it carried on).
 */
export function errorStrength(c: Cluster): number {
  if (c.kind === "exception" || chainOf(c).length) return 4;
  if (errorCount(c) > 0) return 3;
  if ((c.inferredFromWords ?? 0) > 0) return 2;
  return countAtLeast(c, "WARNING") > 0 ? 1 : 0;
}
