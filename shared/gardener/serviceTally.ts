import type { Entry } from "../entries/entry.js";
import { emptySeverityCounts, type Severity } from "../entries/severity.js";
import type { LogEvent } from "../events/logEvent.js";
import { createClusterer, type Clusterer } from "../clustering/createClusterer.js";
import type { ClusterLimits } from "../clustering/clusterLimits.js";
import { addRequest, emptyRequestStats, type RequestStats } from "../analysis/requestStats.js";
import { createEventAssembler, type EventAssembler } from "../events/createEventAssembler.js";
import { emptyTimeline, recordOnInstance, type InstanceTimeline } from "../analysis/instanceTimeline.js";
import { createPairRecorder, type PairRecorder } from "../analysis/requestPairs.js";
import { deployMarkerOf, MAX_DEPLOY_MARKERS, type DeployMarker } from "../analysis/deployMarker.js";
import { severityRank } from "../entries/severity.js";
import { inferSeverity } from "../events/inferSeverity.js";
import type { GardenedUnit } from "../resources/gardenedUnit.js";
import { toEvent } from "../events/toEvent.js";
import { emptySeries, recordMinute, type MinuteSeries } from "../worklog/minuteSeries.js";
import type { Weight } from "./weight.js";

/** Everything the pass keeps about one gardened unit while reading: exact counts and bounded clusters. */
export interface ServiceTally {
  /** The unit's key (unitKey): its worklog path and state derive from it. */
  key: string;
  /** The unit as its entries describe it (name with its case, kind, project, location). */
  unit: GardenedUnit;
  entries: number;
  bySeverity: Record<Severity, number>;
  inferredBySeverity: Partial<Record<Severity, number>>;
  events: number;
  firstMs: number;
  lastMs: number;
  revisions: Map<string, { entries: number; firstMs: number; lastMs: number }>;
  requests: RequestStats;
  clusterer: Clusterer;
  /** Stitches split lines into events, per instance, bounded in time and size. */
  assembler: EventAssembler;
  /** When each warning/error pattern first appeared on each instance (cause before consequence). */
  timeline: InstanceTimeline;
  /** Failed requests and warning-or-worse log events per instance, paired at the end (no trace needed). */
  pairs: PairRecorder;
  deploys: DeployMarker[];
  /** Entries and requests per minute, for the worklog's timeline. */
  series: MinuteSeries;
  /** Entries counted through weighted items (shapes a source counted for us), and how many items. */
  weighted: { entries: number; items: number; bySeverity: Partial<Record<Severity, number>> };
}

export function newTally(key: string, unit: GardenedUnit, limits: ClusterLimits): ServiceTally {
  return {
    key,
    unit: { ...unit },
    entries: 0,
    bySeverity: emptySeverityCounts(),
    inferredBySeverity: {},
    events: 0,
    firstMs: Infinity,
    lastMs: -Infinity,
    revisions: new Map(),
    requests: emptyRequestStats(),
    clusterer: createClusterer(limits),
    assembler: createEventAssembler(),
    timeline: emptyTimeline(),
    pairs: createPairRecorder(),
    deploys: [],
    series: emptySeries(),
    weighted: { entries: 0, items: 0, bySeverity: {} },
  };
}

/** Adds `n` entries seen from `firstMs` to `lastMs` to the totals and to the entry's revision. */
function countSpan(t: ServiceTally, e: Entry, n: number, firstMs: number, lastMs: number): void {
  t.entries += n;
  t.bySeverity[e.severity] += n;
  if (firstMs < t.firstMs) t.firstMs = firstMs;
  if (lastMs > t.lastMs) t.lastMs = lastMs;
  const rev = e.resourceLabels.revision_name;
  if (!rev) return;
  const r = t.revisions.get(rev);
  if (r) {
    r.entries += n;
    if (firstMs < r.firstMs) r.firstMs = firstMs;
    if (lastMs > r.lastMs) r.lastMs = lastMs;
  } else t.revisions.set(rev, { entries: n, firstMs, lastMs });
}

export function tallyEntry(t: ServiceTally, e: Entry): void {
  countSpan(t, e, 1, e.timeMs, e.timeMs);
  addRequest(t.requests, e);
  const stated = e.severity === "DEFAULT" ? inferSeverity(e.message, e.payload) : undefined;
  if (stated) t.inferredBySeverity[stated] = (t.inferredBySeverity[stated] ?? 0) + 1;
  recordMinute(t.series, e, stated);
  const deploy = deployMarkerOf(e);
  if (deploy && t.deploys.length < MAX_DEPLOY_MARKERS) t.deploys.push(deploy);
}

/** Counts an entry and clusters the events it completes. */
export function tallyEntryAndEvents(t: ServiceTally, e: Entry): void {
  tallyEntry(t, e);
  for (const ev of t.assembler.add(e)) tallyEvent(t, ev);
}

/**
 * Counts `weight.count` entries of one shape through their representative entry (a source that counted
 * them for us): totals, revisions, requests and one weighted event for the clusterer. Shapes are single
 * lines, so there is nothing to stitch; they carry no instance, so they add nothing to the timeline.
 */
export function tallyWeighted(t: ServiceTally, e: Entry, weight: Weight): void {
  const n = weight.count;
  countSpan(t, e, n, weight.firstMs, weight.lastMs);
  t.weighted.entries += n;
  t.weighted.items++;
  t.weighted.bySeverity[e.severity] = (t.weighted.bySeverity[e.severity] ?? 0) + n;
  addRequest(t.requests, e, weight);
  const event = toEvent(e);
  if (event.severityInferred) t.inferredBySeverity[event.severity] = (t.inferredBySeverity[event.severity] ?? 0) + n;
  const stated = event.severityInferred ? event.severity : undefined;
  for (const [minuteMs, k] of weight.perMinute) recordMinute(t.series, e, stated, k, minuteMs);
  t.events += n;
  t.clusterer.add(event, weight);
}

/** Clusters the events still being assembled at the end of the input. */
export function flushEvents(t: ServiceTally): void {
  for (const ev of t.assembler.flush()) tallyEvent(t, ev);
}

const WARNING_RANK = severityRank("WARNING");

export function tallyEvent(t: ServiceTally, ev: LogEvent): void {
  t.events++;
  const c = t.clusterer.add(ev);
  const instance = ev.entry.labels.instanceId;
  if (!instance) return;
  const notable = severityRank(ev.severity) >= WARNING_RANK;
  if (notable) recordOnInstance(t.timeline, instance, c, ev.entry.timeMs);
  const http = ev.entry.httpRequest;
  if (http?.status !== undefined) t.pairs.request(instance, c, ev.entry.timeMs, http);
  else if (notable && c.kind !== "platform") t.pairs.event(instance, c, ev.entry.timeMs);
}
