import type { Cluster } from "../clustering/cluster.js";
import { severityRank, type Severity } from "../entries/severity.js";
import type { Priority } from "./priority.js";
import type { RequestStats } from "./requestStats.js";

export interface Incident {
  rootCause: Cluster;
  /** Root cause first, then its symptoms. */
  clusters: Cluster[];
  priority: Priority;
  priorityReasons: string[];
  title: string;
  evidence: string[];
}

export interface AnalysisInput {
  clusters: Cluster[];
  requests: RequestStats;
  windowMs: number;
}

/** Thresholds of the priority rules; each rule is stated in the reason it writes. */
export const PRIORITY_RULES = {
  /** P0 when at least this share of the window's requests failed with 5xx… */
  p0FailedRequestShare: 0.5,
  /** …and at least this many did (a single failed probe is not an outage). */
  p0MinFailedRequests: 5,
  /** P1 when an error pattern occurs at least this many times in the window. */
  p1MinErrors: 10,
} as const;

const ERROR_RANK = severityRank("ERROR");

export function errorCount(c: Cluster): number {
  let n = 0;
  for (const [sev, count] of Object.entries(c.bySeverity)) if (severityRank(sev as Severity) >= ERROR_RANK) n += count ?? 0;
  return n;
}

/**
 * One incident per cluster that holds errors. Priority follows explicit rules over measured counts;
 * the reasons say which rule fired and with what numbers.
 */
export function analyze(input: AnalysisInput): Incident[] {
  const failed = input.requests.byClass["5xx"];
  const share = input.requests.total ? failed / input.requests.total : 0;
  const incidents: Incident[] = [];
  for (const c of input.clusters) {
    const errors = errorCount(c);
    if (errors === 0) continue;
    const reasons: string[] = [];
    let priority: Priority = "P2";
    if (c.kind === "request" && share >= PRIORITY_RULES.p0FailedRequestShare && failed >= PRIORITY_RULES.p0MinFailedRequests) {
      priority = "P0";
      reasons.push(`P0: ${pct(share)} of requests (${failed} of ${input.requests.total}) failed with 5xx`);
    } else if (errors >= PRIORITY_RULES.p1MinErrors) {
      priority = "P1";
      reasons.push(`P1: ${errors} errors in the window (rule: ≥ ${PRIORITY_RULES.p1MinErrors})`);
    } else {
      reasons.push(`P2: ${errors} error${errors === 1 ? "" : "s"} in the window (below the P1 rule of ${PRIORITY_RULES.p1MinErrors})`);
    }
    incidents.push({ rootCause: c, clusters: [c], priority, priorityReasons: reasons, title: titleOf(c), evidence: [] });
  }
  return incidents;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A one-line summary for an issue title: the exception and its message, or the template. */
export function titleOf(c: Cluster): string {
  const base = c.meaning ?? c.template;
  const line = base.split("\n")[0] ?? base;
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
