import type { Cluster } from "../clustering/cluster.js";
import { countAtLeast, errorCount, isDeployFailure, isExit, isFailedRequest, isFailedStart, isLifecycle, isPlatformCause, isWorkerDeath, trafficOfCluster } from "./clusterRole.js";
import type { RequestPairs } from "./requestPairs.js";
import { userRequestsBetween, type RequestStats } from "./requestStats.js";

/** What was measured about one incident, the ground for its priority. */
export interface IncidentFacts {
  events: number;
  /** Events of its log patterns (everything but request logs). */
  logEvents: number;
  /**
   * Error events the application logged (and the platform's own statements of a cause). Request logs
   * are not counted here (failed requests are), nor the platform's reports of exits and failed deploys
   * (counted apart): each failure is counted once.
   */
  errors: number;
  /** Warning events, for incidents rooted in one. */
  warnings: number;
  /** Audit entries of a revision or service that did not become Ready. */
  deployFailures: number;
  containerExits: number;
  /** Instances whose start-up probe failed: they never served. */
  failedStarts: number;
  workerDeaths: number;
  /** Instances that exited, never started or lost their workers. */
  dyingInstances: number;
  /** Failed user requests in the incident's patterns. */
  failedRequests: number;
  /** Failed health-check (or gardener) requests in the incident's patterns or, for an incident with failed requests, its span; they do not raise the priority. */
  failedHealthChecks: number;
  /** User requests and 5xx among them over the minutes the incident spans. */
  userRequestsInSpan: number;
  failedUserRequestsInSpan: number;
  instances: number;
  firstMs: number;
  lastMs: number;
}

/** @param pairs when given, tells user requests from health checks in request patterns that name no route (a platform failure). */
export function incidentFacts(clusters: Cluster[], requests: RequestStats, pairs?: RequestPairs): IncidentFacts {
  const f: IncidentFacts = {
    events: 0,
    logEvents: 0,
    errors: 0,
    warnings: 0,
    deployFailures: 0,
    containerExits: 0,
    failedStarts: 0,
    workerDeaths: 0,
    dyingInstances: 0,
    failedRequests: 0,
    failedHealthChecks: 0,
    userRequestsInSpan: 0,
    failedUserRequestsInSpan: 0,
    instances: 0,
    firstMs: Infinity,
    lastMs: -Infinity,
  };
  const instances = new Set<string>();
  const dying = new Set<string>();
  for (const c of clusters) {
    f.events += c.count;
    if (c.firstMs < f.firstMs) f.firstMs = c.firstMs;
    if (c.lastMs > f.lastMs) f.lastMs = c.lastMs;
    for (const i of c.instances) instances.add(i);
    const user = trafficOfCluster(c) === "user";
    if (isExit(c)) f.containerExits += c.count;
    else if (isFailedStart(c)) f.failedStarts += c.count;
    else if (isWorkerDeath(c)) f.workerDeaths += c.count;
    if (isExit(c) || isFailedStart(c) || isWorkerDeath(c)) for (const i of c.instances) dying.add(i);
    if (isFailedRequest(c)) {
      const fromUsers = pairs?.fromUsers.get(c);
      const fromOthers = pairs?.fromOthers.get(c);
      if (fromUsers !== undefined || fromOthers !== undefined) {
        f.failedRequests += fromUsers ?? 0;
        f.failedHealthChecks += fromOthers ?? 0;
      } else if (user) f.failedRequests += c.count;
      else f.failedHealthChecks += c.count;
    }
    if (c.kind !== "request") f.logEvents += c.count;
    if (isDeployFailure(c)) f.deployFailures += c.count;
    if (c.kind === "request" || isLifecycle(c) || isWorkerDeath(c) || (c.kind === "platform" && !isPlatformCause(c))) continue;
    const errors = errorCount(c);
    f.errors += errors;
    f.warnings += countAtLeast(c, "WARNING") - errors;
  }
  f.instances = instances.size;
  f.dyingInstances = dying.size;
  const span = userRequestsBetween(requests, f.firstMs, f.lastMs);
  f.userRequestsInSpan = span.total;
  f.failedUserRequestsInSpan = span.failed;
  // Request patterns may mix routes (their template then names none): the per-minute counts still
  // tell health checks apart, so a failure with failed requests reports the failed checks of its span.
  if (f.failedRequests > 0 || f.failedHealthChecks > 0) f.failedHealthChecks = Math.max(f.failedHealthChecks, span.otherFailed);
  return f;
}
