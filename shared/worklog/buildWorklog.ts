import type { ClientErrorEcho, Incident } from "../analysis/analyze.js";
import { probeOf } from "../analysis/trafficOf.js";
import type { Priority } from "../analysis/priority.js";
import { orderClusters } from "../analysis/orderClusters.js";
import { percentiles, STATUS_CLASSES } from "../analysis/requestStats.js";
import type { ResolvedIncident } from "../analysis/trends.js";
import type { Cluster } from "../clustering/cluster.js";
import type { DuplicateStats } from "../entries/duplicateFilter.js";
import type { SkipReason } from "../entries/entry.js";
import type { Severity } from "../entries/severity.js";
import type { ServiceTally } from "../gardener/serviceTally.js";
import type { ReadOutcome } from "../gardener/ports.js";
import type { WindowCountsOutcome } from "../gardener/windowCounts.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { redact } from "../redaction/redact.js";
import { isoMs } from "../util/format.js";
import { isExit } from "../analysis/clusterRole.js";
import { timelineOf } from "./minuteSeries.js";
import { windowTotals } from "./windowTotals.js";
import type { TimeWindow, WorklogCluster, WorklogIncident, WorklogJson, WorklogRoute } from "./worklog.js";

export { orderClusters };

export interface WorklogInput {
  tally: ServiceTally;
  clusters: Cluster[];
  incidents: Incident[];
  /** Incidents of the previous worklog absent now. */
  resolved?: ResolvedIncident[];
  issues: IssueOutcome[];
  window: TimeWindow;
  source: { kind: "file" | "cloud-logging" | "log-analytics"; description: string; selection?: string; outcome: ReadOutcome };
  /** Whole-window counts (Cloud Monitoring, Log Analytics): the totals come from there when they agree with what was read. */
  counts?: WindowCountsOutcome;
  skipped: Partial<Record<SkipReason, number>>;
  /** Entries of other resources, by type, in the read. */
  otherResources?: Record<string, number>;
  /** What dropping duplicate entries did in the read (absent: no duplicate check ran). */
  duplicates?: DuplicateStats;
  drops: WorklogJson["totals"]["clusteringDrops"];
  generatedAt: string;
  version: string;
  previous?: WorklogJson["previous"];
  notRead?: WorklogJson["notRead"];
  /** Warning patterns that only echo 4xx answers (facts, not incidents). */
  clientErrorEchoes?: ClientErrorEcho[];
  /** Why request shares were not computed. */
  unmeasurable?: string;
  /** Warning patterns about the code (facts, not incidents). */
  codeWarnings?: Cluster[];
}

/** Trace ids kept per cluster in the JSON worklog: enough to open a few examples in Cloud Trace. */
const TRACES_PER_CLUSTER = 3;

/** Routes listed in the JSON worklog: the busiest and every one with failures or slow latencies first. */
const MAX_ROUTES_IN_WORKLOG = 200;
/**
 * Incidents listed, most urgent first: more than any hour a person can act on. Past it (200,000
 * exception types give thousands) the rest are counted in `notShown`.
 */
export const MAX_INCIDENTS_IN_WORKLOG = 100;
/**
 * Clusters listed, most severe and frequent first, plus every cluster a listed incident names. Past
 * it the rest are counted in `notShown` (the clusterer keeps up to 5,000; a worklog of 5,000 patterns
 * with their samples is tens of megabytes that nobody reads).
 */
export const MAX_CLUSTERS_IN_WORKLOG = 500;

export function buildWorklog(input: WorklogInput): WorklogJson {
  const ordered = orderClusters(input.clusters);
  const ids = new Map<Cluster, string>(ordered.map((c, i) => [c, `C${i + 1}`]));
  const idOf = (c: Cluster) => ids.get(c) as string;
  const listedIncidents = input.incidents.slice(0, MAX_INCIDENTS_IN_WORKLOG);
  const listed = new Set<Cluster>(ordered.slice(0, MAX_CLUSTERS_IN_WORKLOG));
  for (const inc of listedIncidents) for (const c of [inc.rootCause, ...inc.clusters, ...inc.symptoms.map((s) => s.cluster)]) listed.add(c);
  const clusters: WorklogCluster[] = ordered.filter((c) => listed.has(c)).map((c) => toWorklogCluster(c, idOf(c)));
  const incidents: WorklogIncident[] = listedIncidents.map((inc, i) => {
    const f = inc.facts;
    const out: WorklogIncident = {
      id: `I${i + 1}`,
      title: inc.title,
      priority: inc.priority,
      priorityReasons: inc.priorityReasons,
      rootCause: idOf(inc.rootCause),
      fingerprint: inc.rootCause.fingerprint,
      clusters: inc.clusters.map(idOf),
      evidence: inc.evidence,
      rootEvidence: inc.rootEvidence,
      count: inc.clusters.reduce((n, c) => n + c.count, 0),
      firstSeen: isoMs(Math.min(...inc.clusters.map((c) => c.firstMs))),
      lastSeen: isoMs(Math.max(...inc.clusters.map((c) => c.lastMs))),
      kind: inc.kind,
      symptoms: inc.symptoms.map((s) => ({ cluster: idOf(s.cluster), why: s.why })),
      facts: {
        events: f.events,
        logEvents: f.logEvents,
        errors: f.errors,
        warnings: f.warnings,
        deployFailures: f.deployFailures,
        containerExits: f.containerExits,
        failedStarts: f.failedStarts,
        workerDeaths: f.workerDeaths,
        dyingInstances: f.dyingInstances,
        failedRequests: f.failedRequests,
        failedHealthChecks: f.failedHealthChecks,
        userRequestsInSpan: f.userRequestsInSpan,
        failedUserRequestsInSpan: f.failedUserRequestsInSpan,
        instances: f.instances,
      },
      trend: inc.trend,
    };
    if (inc.rootCauseException) out.rootCauseException = inc.rootCauseException;
    if (inc.slowRoute) out.slowRoute = inc.slowRoute;
    if (inc.revision) out.revision = { name: inc.revision.revision, startedWith: inc.revision.startedWith, reason: inc.revision.reason };
    return out;
  });
  const t = input.tally;
  const stitch = t.assembler.stats();
  const { totals: counted, read } = windowTotals({
    tally: t,
    source: { kind: input.source.kind, description: input.source.description, ...(input.source.selection ? { selection: input.source.selection } : {}) },
    ...(input.counts ? { counts: input.counts } : {}),
  });
  const out: WorklogJson = {
    schemaVersion: 1,
    generator: { name: "log-gardener", version: input.version },
    generatedAt: input.generatedAt,
    service: t.key,
    unit: { ...t.unit, key: t.key },
    window: input.window,
    source: {
      kind: input.source.kind,
      description: input.source.description,
      complete: input.source.outcome.complete,
      ...(input.source.outcome.complete ? {} : { note: input.source.outcome.note }),
    },
    totals: {
      entries: counted.entries,
      bySeverity: counted.bySeverity,
      inferredBySeverity: t.inferredBySeverity,
      events: t.events,
      truncated: !input.source.outcome.complete,
      skipped: input.skipped,
      ...(input.otherResources && Object.keys(input.otherResources).length ? { otherResources: input.otherResources } : {}),
      ...(input.duplicates && (input.duplicates.dropped || input.duplicates.forgotten) ? { duplicates: { ...input.duplicates } } : {}),
      clusteringDrops: input.drops,
      ...(input.unmeasurable ? { unmeasurable: input.unmeasurable } : {}),
      stitching: { stitchedEvents: stitch.stitchedEvents, stitchedEntries: stitch.stitchedEntries, byKind: { ...stitch.byKind }, forcedFlushes: stitch.forcedFlushes },
      ...(counted.countedBy ? { countedBy: counted.countedBy } : {}),
      ...(counted.countsUnavailable ? { countsUnavailable: counted.countsUnavailable } : {}),
      ...(counted.perMinute ? { perMinute: counted.perMinute } : {}),
      ...(counted.requests ? { requests: counted.requests } : {}),
    },
    ...(read ? { read } : {}),
    revisions: [...t.revisions.entries()]
      .sort((a, b) => a[1].firstMs - b[1].firstMs)
      .map(([name, r]) => {
        const requests = t.series.revisionRequests.get(name);
        return { name, entries: r.entries, firstSeen: isoMs(r.firstMs), lastSeen: isoMs(r.lastMs), ...(requests ? { requests: { ...requests } } : {}) };
      }),
    timeline: timelineOf(t.series, input.window, exitsPerMinute(input.clusters)),
    requests: requestsOf(t, input.clusters, idOf, input.clientErrorEchoes ?? [], listed),
    deploys: t.deploys
      .slice()
      .sort((a, b) => a.timeMs - b.timeMs)
      .map((d) => ({ kind: d.kind, time: isoMs(d.timeMs), ...(d.revision ? { revision: d.revision } : {}), text: d.text })),
    clusters,
    incidents,
    issues: input.issues,
    resolved: input.resolved ?? [],
  };
  const codeWarnings = (input.codeWarnings ?? []).filter((c) => listed.has(c)).map((c) => ({ cluster: idOf(c), count: c.count }));
  if (codeWarnings.length) out.codeWarnings = codeWarnings;
  if (t.unit.project) out.project = t.unit.project;
  if (t.unit.location) out.location = t.unit.location;
  if (input.previous) out.previous = input.previous;
  if (input.notRead) out.notRead = input.notRead;
  const notShown = notShownOf(
    ordered.filter((c) => !listed.has(c)),
    input.incidents.slice(MAX_INCIDENTS_IN_WORKLOG),
  );
  if (notShown) out.notShown = notShown;
  return out;
}

/** Counts of what the lists leave out, or undefined when they leave out nothing. */
function notShownOf(clusters: Cluster[], incidents: Incident[]): WorklogJson["notShown"] {
  if (!clusters.length && !incidents.length) return undefined;
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const c of clusters) for (const [sev, n] of Object.entries(c.bySeverity) as [Severity, number][]) bySeverity[sev] = (bySeverity[sev] ?? 0) + n;
  const byPriority: Partial<Record<Priority, number>> = {};
  for (const inc of incidents) byPriority[inc.priority] = (byPriority[inc.priority] ?? 0) + 1;
  return {
    clusters: { count: clusters.length, events: clusters.reduce((n, c) => n + c.count, 0), bySeverity },
    incidents: { count: incidents.length, events: incidents.reduce((n, inc) => n + inc.clusters.reduce((m, c) => m + c.count, 0), 0), byPriority },
  };
}

function requestsOf(t: ServiceTally, clusters: Cluster[], idOf: (c: Cluster) => string, echoes: ClientErrorEcho[], listed: ReadonlySet<Cluster>): WorklogJson["requests"] {
  const s = t.requests;
  const routes: WorklogRoute[] = [...s.routes.values()].map((r) => {
    const byClass: WorklogRoute["byClass"] = {};
    for (const cls of STATUS_CLASSES) {
      const c = r.byClass[cls];
      if (!c) continue;
      const p = percentiles(c.latency);
      byClass[cls] = { count: c.count, ...(p ? { latencyMs: p } : {}) };
    }
    const p = percentiles(r.latency);
    const ok = percentiles(r.okLatency);
    const failed = r.byClass["5xx"] ? percentiles(r.byClass["5xx"].latency) : undefined;
    const probe = probeOf(r.route);
    const linked = r.failedTraces.size ? clusters.filter((c) => c.kind !== "request" && listed.has(c) && [...c.traces].some((tr) => r.failedTraces.has(tr))).map(idOf) : [];
    return {
      method: r.method,
      // Paths are log text too: an address or a token in a path must not reach the worklog.
      route: redact(r.route),
      traffic: r.traffic,
      count: r.total,
      byClass,
      errorRatio5xx: r.total ? Math.round(((r.byClass["5xx"]?.count ?? 0) / r.total) * 1000) / 1000 : 0,
      ...(p ? { latencyMs: p } : {}),
      ...(ok ? { okLatencyMs: ok } : {}),
      ...(failed ? { failedLatencyMs: failed } : {}),
      ...(probe ? { probe } : {}),
      linkedClusters: linked,
      firstSeen: isoMs(r.firstMs),
      lastSeen: isoMs(r.lastMs),
    };
  });
  routes.sort((a, b) => b.errorRatio5xx - a.errorRatio5xx || (b.latencyMs?.p95 ?? 0) - (a.latencyMs?.p95 ?? 0) || b.count - a.count);
  const clientErrorEchoes = echoes.filter((e) => listed.has(e.cluster)).map((e) => ({ cluster: idOf(e.cluster), echoed: e.echoed }));
  return {
    total: s.total,
    byClass: { ...s.byClass },
    user: { total: s.user.total, byClass: { ...s.user.byClass } },
    routes: routes.slice(0, MAX_ROUTES_IN_WORKLOG),
    otherRoutes: s.otherRoutes,
    ...(clientErrorEchoes.length ? { clientErrorEchoes } : {}),
  };
}

/**
 * Container exits per minute, from the patterns that report them. Failed starts are left out: in a crash
 * loop the same instance reports both, and one death is one mark on the timeline.
 */
function exitsPerMinute(clusters: readonly Cluster[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of clusters) {
    if (!isExit(c)) continue;
    for (const [m, n] of c.perMinute) out.set(m, (out.get(m) ?? 0) + n);
  }
  return out;
}

function toWorklogCluster(c: Cluster, id: string): WorklogCluster {
  const out: WorklogCluster = {
    id,
    fingerprint: c.fingerprint,
    aliases: c.aliases,
    kind: c.kind,
    template: c.template,
    count: c.count,
    bySeverity: c.bySeverity,
    inferredSeverity: c.inferredSeverity,
    firstSeen: isoMs(c.firstMs),
    lastSeen: isoMs(c.lastMs),
    samples: c.samples,
    instances: c.instances.size,
    revisions: Object.fromEntries(c.revisions),
    timeline: [...c.perMinute.entries()].sort((a, b) => a[0] - b[0]).map(([m, n]) => [isoMs(m), n]),
  };
  if (c.exceptionType) out.exceptionType = c.exceptionType;
  if (c.meaning) out.meaning = c.meaning;
  if (c.traces.size) out.traces = [...c.traces].slice(0, TRACES_PER_CLUSTER);
  return out;
}
