import type { Cluster } from "../clustering/cluster.js";
import type { ChainedException } from "../events/exceptionChain.js";
import { redact } from "../redaction/redact.js";
import type { WorklogJson } from "../worklog/worklog.js";
import { buildIncidents, type IncidentDraft } from "./buildIncidents.js";
import { countAtLeast, errorCount as errorsOf } from "./clusterRole.js";
import type { DeployMarker } from "./deployMarker.js";
import { incidentFacts, type IncidentFacts } from "./incidentFacts.js";
import { emptyTimeline, type InstanceTimeline } from "./instanceTimeline.js";
import { clusterIds } from "./orderClusters.js";
import { prioritize, type SlowRoute } from "./prioritize.js";
import { PRIORITY_RULES, priorityRank, type Priority } from "./priority.js";
import { percentiles, type RequestStats } from "./requestStats.js";
import { revisionLink, type RevisionLink, type RevisionSeen } from "./revisionLink.js";
import { compareTrends, type IncidentTrend, type ResolvedIncident } from "./trends.js";

export { PRIORITY_RULES };

export interface Incident {
  rootCause: Cluster;
  /** Root cause first, then its symptoms. */
  clusters: Cluster[];
  priority: Priority;
  priorityReasons: string[];
  title: string;
  /** Why the clusters are linked and why the root is the root, in words. */
  evidence: string[];
  kind: "failure" | "latency" | "warning";
  /** The original exception of the root cause's traceback chain, when it has one. */
  rootCauseException?: ChainedException;
  /** Per symptom: why it belongs to this incident. */
  symptoms: Array<{ cluster: Cluster; why: string[] }>;
  facts: IncidentFacts;
  slowRoute?: SlowRoute;
  revision?: RevisionLink;
  trend: IncidentTrend;
}

export interface AnalysisInput {
  clusters: Cluster[];
  requests: RequestStats;
  windowMs: number;
  windowStartMs?: number;
  timeline?: InstanceTimeline;
  revisions?: ReadonlyMap<string, RevisionSeen>;
  deploys?: readonly DeployMarker[];
  /** The previous worklog of the same service, for trends. */
  previous?: WorklogJson;
}

export interface Analysis {
  /** Most urgent first. */
  incidents: Incident[];
  /** Incidents of the previous worklog absent from this window. */
  resolved: ResolvedIncident[];
}

export function errorCount(c: Cluster): number {
  return errorsOf(c);
}

/** Incidents only (the issue tracker's input). */
export function analyze(input: AnalysisInput): Incident[] {
  return analyzeWindow(input).incidents;
}

/**
 * Clusters → incidents: failures linked by evidence into a root cause and its symptoms, slow user routes,
 * warnings as low-priority items; each with a priority by rule, a revision link and a trend.
 */
export function analyzeWindow(input: AnalysisInput): Analysis {
  const timeline = input.timeline ?? emptyTimeline();
  const ids = clusterIds(input.clusters);
  const label = (c: Cluster) => ids.get(c) ?? "C?";
  const drafts: Array<IncidentDraft & { slow?: SlowRoute; kindOverride?: "latency" }> = buildIncidents(input.clusters, timeline, label);
  attachSlowRoutes(drafts, input.clusters, input.requests, label);

  const prevRevisions = input.previous ? new Set(input.previous.revisions.map((r) => r.name)) : undefined;
  const built = drafts.map((d) => {
    const kind = d.kindOverride ?? d.kind;
    const facts = incidentFacts(d.clusters, input.requests);
    const { priority, reasons } = prioritize(facts, kind, d.slow);
    const symptoms = d.clusters.slice(1).map((c) => ({ cluster: c, why: d.links.get(c.fingerprint) ?? [] }));
    const evidence = [
      ...(d.rootReasons.length ? [`${label(d.rootCause)} is the root cause: ${d.rootReasons.join("; ")}`] : []),
      ...symptoms.map((s) => `${label(s.cluster)} is a symptom: ${s.why.join("; ") || "linked"}`),
      ...(d.slow ? [`${d.slow.route}: p95 ${Math.round(d.slow.p95Ms)} ms over ${d.slow.requests} requests`] : []),
    ];
    const title = d.rootCauseException ? `${d.rootCauseException.type}: ${d.rootCauseException.message}`.slice(0, 200) : titleOf(d.rootCause, d.slow);
    return { rootCause: d.rootCause, clusters: d.clusters, priority, priorityReasons: reasons, title, evidence, kind, ...(d.rootCauseException ? { rootCauseException: d.rootCauseException } : {}), symptoms, facts, ...(d.slow ? { slowRoute: d.slow } : {}) };
  });
  built.sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || b.facts.events - a.facts.events || a.rootCause.fingerprint.localeCompare(b.rootCause.fingerprint));
  const { trends, resolved } = compareTrends(
    built.map((b) => ({ fingerprints: b.clusters.flatMap((c) => [c.fingerprint, ...c.aliases]), count: b.facts.events })),
    input.windowMs,
    input.previous,
  );
  const incidents: Incident[] = built.map((b, i) => {
    const trend = trends[i] as IncidentTrend;
    // A problem already in the previous worklog did not start with a revision deployed since.
    const revision =
      b.kind === "warning"
        ? undefined
        : revisionLink(b.clusters, b.facts.firstMs, input.revisions ?? new Map(), input.deploys ?? [], input.windowStartMs ?? -Infinity, prevRevisions, trend.status !== "new");
    if (!revision) return { ...b, trend };
    return {
      ...b,
      trend,
      revision,
      evidence: [...b.evidence, revision.reason],
      priorityReasons: revision.startedWith ? [...b.priorityReasons, revision.reason] : b.priorityReasons,
    };
  });
  return { incidents, resolved };
}

/**
 * Slow user routes (p95 at or above the P2 rule over enough requests) become latency incidents rooted in
 * the warning that names the route, or in the route's request pattern; a slow route that is part of a
 * failure incident is attached to it.
 */
function attachSlowRoutes(drafts: Array<IncidentDraft & { slow?: SlowRoute; kindOverride?: "latency" }>, clusters: Cluster[], requests: RequestStats, label: (c: Cluster) => string): void {
  for (const r of requests.routes.values()) {
    if (r.traffic !== "user" || r.total < PRIORITY_RULES.slowMinRequests) continue;
    const p = percentiles(r.okLatency);
    if (!p || p.p95 < PRIORITY_RULES.p2SlowP95Ms) continue;
    const slow: SlowRoute = { route: redact(`${r.method} ${r.route}`), requests: r.okLatency.count, p95Ms: p.p95 };
    // The route as another component may have masked it: each segment itself or `<*>`.
    const segments = r.route.split("/").map((seg) => (seg === "<*>" ? "[^/\\s]+" : `(?:${escapeRe(seg)}|<\\*>)`));
    const routeRe = new RegExp(`(?:^|[\\s"'=])${segments.join("/")}(?:[\\s"'?]|$)`);
    const warning = clusters.filter((c) => c.kind !== "request" && countAtLeast(c, "WARNING") > 0 && (routeRe.test(c.template) || c.samples.some((s) => routeRe.test(s)))).sort((a, b) => b.count - a.count)[0];
    const request = clusters
      .filter((c) => c.kind === "request" && routeRe.test(c.template) && (!r.method || c.template.includes(r.method)))
      .sort((a, b) => b.count - a.count)[0];
    const root = warning ?? request;
    if (!root) continue;
    const owner = drafts.find((d) => d.clusters.includes(root) || (request && d.clusters.includes(request)));
    if (owner && owner.kind === "failure") {
      owner.slow ??= slow;
      continue;
    }
    if (owner) {
      owner.kindOverride = "latency";
      owner.slow = slow;
      owner.rootReasons = [`it reports the latency of the slow route ${slow.route}`];
      if (request && !owner.clusters.includes(request)) {
        owner.clusters.push(request);
        owner.links.set(request.fingerprint, [`${label(request)} holds the requests to ${slow.route} whose latency the warning reports`]);
      }
      continue;
    }
    const members = [root, ...(request && request !== root ? [request] : [])];
    const links = new Map<string, string[]>();
    if (request && request !== root) links.set(request.fingerprint, [`${label(request)} holds the requests to ${slow.route}`]);
    drafts.push({ kind: "warning", kindOverride: "latency", rootCause: root, clusters: members, links, rootReasons: [`it names the slow route ${slow.route}`], slow });
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A one-line summary for an issue title: the exception and its message, or the template. */
export function titleOf(c: Cluster, slow?: SlowRoute): string {
  if (slow) return `Slow route ${slow.route}`;
  const base = c.meaning ?? c.template;
  const line = base.split("\n")[0] ?? base;
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
