import type { Cluster } from "../clustering/cluster.js";
import { severityRank, type Severity } from "../entries/severity.js";
import { exceptionChain, type ChainedException } from "../events/exceptionChain.js";
import { trafficOf, type Traffic } from "./trafficOf.js";

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

/** Platform and server messages that say an instance or worker died: consequences, and the crash-loop measure. */
const EXIT_SIGNAL = /Container called exit\(|Container terminated on signal|instance was found to be using too much memory and was terminated/i;
/** An instance that never came up (its start-up probe failed). */
const NOT_STARTED = /The instance was not started/i;
const WORKER_DEATH = /Worker failed to boot|App failed to load|Worker \(pid:\s*\S+\) exited with code|Shutting down: Master/i;
/** Platform messages that are a cause in their own right (the memory limit), not only a consequence. */
const CAUSE_SIGNAL = /Memory limit of .* exceeded/i;

function textOf(c: Cluster): string {
  return `${c.meaning ?? ""}\n${c.template}\n${c.samples[0] ?? ""}`;
}

/** Container exits. */
export function isExit(c: Cluster): boolean {
  return EXIT_SIGNAL.test(textOf(c));
}

/** Instances that never started (failed start-up probe). */
export function isFailedStart(c: Cluster): boolean {
  return !isExit(c) && NOT_STARTED.test(textOf(c));
}

export function isWorkerDeath(c: Cluster): boolean {
  return !isExit(c) && !isFailedStart(c) && WORKER_DEATH.test(textOf(c));
}

/** A pattern that reports a failure: errors (stated or inferred), exits, failed requests. */
export function isFailure(c: Cluster): boolean {
  return errorCount(c) > 0 || isExit(c) || isFailedStart(c) || isWorkerDeath(c) || CAUSE_SIGNAL.test(textOf(c));
}

/** Warnings that are not failures: shown as low-priority items. */
export function isWarningOnly(c: Cluster): boolean {
  return !isFailure(c) && c.kind !== "request" && countAtLeast(c, "WARNING") > 0 && severityRank(worstSeverity(c)) < ERROR_RANK && severityRank(worstSeverity(c)) >= WARNING_RANK;
}

export function worstSeverity(c: Cluster): Severity {
  let w: Severity = "DEFAULT";
  for (const s of Object.keys(c.bySeverity) as Severity[]) if ((c.bySeverity[s] ?? 0) > 0 && severityRank(s) > severityRank(w)) w = s;
  return w;
}

/** A pattern that can only be a consequence when something else in the incident explains it. */
export function isConsequence(c: Cluster): boolean {
  return c.kind === "request" || isExit(c) || isFailedStart(c) || isWorkerDeath(c) || (c.kind === "platform" && !CAUSE_SIGNAL.test(textOf(c)));
}

/** The method and route a request cluster's template names, if it names one. */
export function requestRouteOf(c: Cluster): { method?: string; route: string } | undefined {
  if (c.kind !== "request") return undefined;
  const m = /(?:^|\s)([A-Z]{3,7})\s+(\/\S*)/.exec(c.template) ?? /(\/\S*)/.exec(c.template);
  if (!m) return undefined;
  return m.length === 3 && m[2] ? { method: m[1] as string, route: m[2] } : { route: m[1] as string };
}

/** Status class a request cluster's template names ("5xx"), or from its samples' severity. */
export function requestClassOf(c: Cluster): string | undefined {
  if (c.kind !== "request") return undefined;
  const m = /\b([1-5])(?:xx|\d\d)\b/.exec(c.template);
  return m ? `${m[1]}xx` : undefined;
}

export function isFailedRequest(c: Cluster): boolean {
  return c.kind === "request" && (requestClassOf(c) === "5xx" || (requestClassOf(c) === undefined && errorCount(c) > 0));
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
 * the original exception's message, or a message's first line after any logger prefix.
 */
export function statedCause(c: Cluster): string | undefined {
  const root = chainOf(c)[0];
  const candidates = [root?.message, c.exceptionType ? c.template.slice(c.exceptionType.length + 1).trim() : undefined];
  for (const m of candidates) if (m && m.length >= MIN_QUOTE_CHARS && !m.includes("<*>")) return m;
  return undefined;
}
