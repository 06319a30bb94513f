import { duration, num } from "../util/format.js";
import type { IncidentFacts } from "./incidentFacts.js";
import { PRIORITY_RULES as R, type Priority } from "./priority.js";

/** A slow user route attached to an incident. */
export interface SlowRoute {
  route: string;
  requests: number;
  p95Ms: number;
}

/**
 * The priority of an incident by explicit rules over measured facts. Every rule that fires at the
 * chosen level is written out with its threshold and the numbers that met it.
 */
/**
 * @param unmeasurable why request shares cannot be computed (an export that holds only WARNING and
 *   above has no successful requests to compare with); the share rules are then left out and said so.
 */
export function prioritize(f: IncidentFacts, kind: "failure" | "warning" | "latency", slow?: SlowRoute, unmeasurable?: string): { priority: Priority; reasons: string[] } {
  const p0: string[] = [];
  const p1: string[] = [];
  const p2: string[] = [];
  const span = f.lastMs > f.firstMs ? duration(f.lastMs - f.firstMs) : "under a second";
  // Only this incident's failed requests count, not other failures that happened at the same time.
  const failed = Math.min(f.failedRequests, f.failedUserRequestsInSpan);
  const share = f.userRequestsInSpan ? failed / f.userRequestsInSpan : 0;
  const shareText = `${pct(share)} of user requests (${num(failed)} of ${num(f.userRequestsInSpan)}) failed with 5xx while it lasted`;
  const healthNote = f.failedHealthChecks ? `; ${num(f.failedHealthChecks)} failed health-check requests not counted` : "";
  const shares = !unmeasurable;
  if (shares && share >= R.p0FailedRequestShare && failed >= R.p0MinFailedRequests) {
    p0.push(`P0 (outage rule: ≥ ${pct(R.p0FailedRequestShare)} of user requests failed, at least ${R.p0MinFailedRequests}): ${shareText}${healthNote}`);
  }
  const deaths = Math.max(f.containerExits, f.failedStarts);
  if (deaths >= R.p0MinContainerExits) {
    const what = [f.containerExits ? `${num(f.containerExits)} container exits` : "", f.failedStarts ? `${num(f.failedStarts)} instances not started (start-up probe failed)` : ""].filter(Boolean).join(" and ");
    p0.push(`P0 (crash-loop rule: ≥ ${R.p0MinContainerExits} container exits or failed starts): ${what} in ${span} on ${num(f.dyingInstances)} instances`);
  }
  if (f.errors >= R.p1MinErrors) p1.push(`P1 (error-volume rule: ≥ ${R.p1MinErrors} errors): ${num(f.errors)} error events in ${span}`);
  if (shares && failed >= R.p1MinFailedRequests && share >= R.p1FailedRequestShare) {
    p1.push(`P1 (failed-requests rule: ≥ ${pct(R.p1FailedRequestShare)} of user requests, at least ${R.p1MinFailedRequests}): ${shareText}${healthNote}`);
  }
  if (slow && slow.p95Ms >= R.p1SlowP95Ms) p1.push(`P1 (slow-route rule: p95 ≥ ${num(R.p1SlowP95Ms)} ms): ${slowText(slow)}`);
  if (f.errors > 0) p2.push(`P2 (error rule: any error below the P1 thresholds): ${num(f.errors)} error event${f.errors === 1 ? "" : "s"}`);
  if (f.failedRequests > 0) {
    const note = unmeasurable ? `; no failure rate: ${unmeasurable}` : "";
    p2.push(`P2 (failed-request rule: any failed user request below the P1 thresholds): ${num(f.failedRequests)} user request${f.failedRequests === 1 ? "" : "s"} failed with 5xx${note}`);
  }
  if (f.deployFailures > 0 && !f.errors && !f.failedRequests) p2.push(`P2 (failed-deploy rule): ${num(f.deployFailures)} report${f.deployFailures === 1 ? "" : "s"} that a revision or service did not become Ready`);
  if (slow && slow.p95Ms >= R.p2SlowP95Ms && slow.p95Ms < R.p1SlowP95Ms) p2.push(`P2 (slow-route rule: p95 ≥ ${num(R.p2SlowP95Ms)} ms): ${slowText(slow)}`);
  if (p0.length) return { priority: "P0", reasons: p0 };
  if (p1.length) return { priority: "P1", reasons: p1 };
  if (p2.length) return { priority: "P2", reasons: p2 };
  if (kind === "failure" && f.failedHealthChecks && !f.failedRequests) {
    return { priority: "P3", reasons: [`P3 (health-check rule): only health-check requests failed (${num(f.failedHealthChecks)}); health checks do not raise a priority`] };
  }
  if (kind === "failure" && f.containerExits + f.workerDeaths + f.failedStarts > 0) {
    return { priority: "P3", reasons: [`P3 (exit rule: below ${R.p0MinContainerExits} exits, no errors): ${num(f.containerExits + f.workerDeaths + f.failedStarts)} exits`] };
  }
  return { priority: "P3", reasons: [`P3 (warning rule: warnings without errors): ${num(f.warnings || f.events)} warning events`] };
}

function slowText(s: SlowRoute): string {
  return `${s.route} p95 ${num(Math.round(s.p95Ms))} ms over ${num(s.requests)} requests`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
