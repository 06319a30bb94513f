import type { Cluster } from "../clustering/cluster.js";
import type { ChainedException } from "../events/exceptionChain.js";
import { messageOfRecord } from "../events/logFormats.js";
import { redact } from "../redaction/redact.js";
import type { WorklogJson } from "../worklog/worklog.js";
import { buildIncidents, type IncidentDraft } from "./buildIncidents.js";
import { countAtLeast, errorCount as errorsOf, isCodeWarningOnly, isFailure, isWarningOnly } from "./clusterRole.js";
import type { DeployMarker } from "./deployMarker.js";
import { incidentFacts, type IncidentFacts } from "./incidentFacts.js";
import type { Severity } from "../entries/severity.js";
import { unmeasurableShares } from "./exportCoverage.js";
import { emptyTimeline, type InstanceTimeline } from "./instanceTimeline.js";
import { emptyPairs, type RequestPairs } from "./requestPairs.js";
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
  /** Of the evidence, why the root cause is the root cause (carried apart so that nothing re-reads the words). */
  rootEvidence: string[];
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
  /** Failed requests paired with the log events of their instance (see requestPairs.ts). */
  pairs?: RequestPairs;
  /** Entries by severity over the window: tells an export filtered to WARNING and above. */
  bySeverity?: Partial<Record<Severity, number>>;
}

/** Log patterns that only echo client errors: the application's own line for each 4xx it answered. */
export interface ClientErrorEcho {
  cluster: Cluster;
  /** Its events paired with a 4xx answer on the same instance. */
  echoed: number;
}

export interface Analysis {
  /** Most urgent first. */
  incidents: Incident[];
  /** Incidents of the previous worklog absent from this window. */
  resolved: ResolvedIncident[];
  /** Warnings that are the application's record of 4xx answers: facts, not incidents. */
  clientErrorEchoes: ClientErrorEcho[];
  /** Warning patterns about the code (deprecations, Python's warnings module): facts, not incidents. */
  codeWarnings: Cluster[];
  /** Why request shares were not computed, when they were not. */
  unmeasurable?: string;
}

/** Share of a warning pattern's events that must be the echo of a 4xx answer for it to be one. */
export const ECHO_SHARE = 0.5;

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
  const pairs = input.pairs ?? emptyPairs();
  const unmeasurable = input.bySeverity ? unmeasurableShares(input.bySeverity) : undefined;
  // A warning that is the application's own line for the 4xx it answered (Django's "Not Found: /favicon.ico")
  // is the client's error, reported with the requests; it is neither an incident nor a cause.
  const clientErrorEchoes: ClientErrorEcho[] = [];
  for (const c of input.clusters) {
    const echoed = pairs.echoesOf4xx.get(c) ?? 0;
    if (echoed && isWarningOnly(c) && echoed >= ECHO_SHARE * c.count) clientErrorEchoes.push({ cluster: c, echoed });
  }
  const echoes = new Set(clientErrorEchoes.map((e) => e.cluster));
  const candidates = input.clusters.filter((c) => !echoes.has(c));
  const drafts: Array<IncidentDraft & { slow?: SlowRoute; kindOverride?: "latency" }> = buildIncidents(candidates, { timeline, pairs, label });
  attachSlowRoutes(drafts, input.clusters, input.requests, label);

  const prevRevisions = input.previous ? new Set(input.previous.revisions.map((r) => r.name)) : undefined;
  const built = drafts.map((d) => {
    const kind = d.kindOverride ?? d.kind;
    const facts = incidentFacts(d.clusters, input.requests, pairs);
    const { priority, reasons } = prioritize(facts, kind, d.slow, unmeasurable);
    const symptoms = d.clusters.slice(1).map((c) => ({ cluster: c, why: d.links.get(c.fingerprint) ?? [] }));
    const rootEvidence = d.rootReasons.length ? [`${label(d.rootCause)} is the root cause: ${d.rootReasons.join("; ")}`] : [];
    const evidence = [
      ...rootEvidence,
      ...symptoms.map((s) => `${label(s.cluster)} is a symptom: ${s.why.join("; ") || "linked"}`),
      ...(d.slow ? [`${d.slow.route}: p95 ${Math.round(d.slow.p95Ms)} ms over ${d.slow.requests} requests`] : []),
    ];
    const title = d.rootCauseException ? `${d.rootCauseException.type}: ${d.rootCauseException.message}`.slice(0, 200) : titleOf(d.rootCause, d.slow);
    return { rootCause: d.rootCause, clusters: d.clusters, priority, priorityReasons: reasons, title, evidence, rootEvidence, kind, ...(d.rootCauseException ? { rootCauseException: d.rootCauseException } : {}), symptoms, facts, ...(d.slow ? { slowRoute: d.slow } : {}) };
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
  const codeWarnings = input.clusters.filter((c) => isCodeWarningOnly(c) && !isFailure(c) && countAtLeast(c, "WARNING") > 0);
  return { incidents, resolved, clientErrorEchoes, codeWarnings, ...(unmeasurable ? { unmeasurable } : {}) };
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

/**
 * A one-line summary for an issue title: the platform's message with its real values, the pattern when
 * it has no variables, else the first line of its first (redacted) sample; never a `<*>` for a
 * platform or audit message.
 */
export function titleOf(c: Cluster, slow?: SlowRoute): string {
  if (slow) return `Slow route ${slow.route}`;
  const first = (text: string) => (text.split("\n")[0] ?? text).trim();
  // An application's line is titled by its words, without the logger's timestamp, pid, level and location.
  // An empty sample (an entry with no text) is no title: the pattern stands in for it.
  const words = c.template.includes("<*>") ? c.samples[0] || c.template : c.template;
  const line = (c.platform ? redact(c.platform.title) : c.kind === "message" ? messageOfRecord(first(words)) : first(c.template)) || first(c.template);
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
