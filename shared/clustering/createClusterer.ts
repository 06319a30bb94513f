import type { LogEvent } from "../events/logEvent.js";
import { redact } from "../redaction/redact.js";
import { stableHash } from "../util/hash.js";
import type { Cluster, ClusteringResult, DropReason } from "./cluster.js";
import { DEFAULT_CLUSTER_LIMITS, type ClusterLimits } from "./clusterLimits.js";
import { signatureOf } from "./signatureOf.js";

const MINUTE_MS = 60_000;

export interface Clusterer {
  add(event: LogEvent): Cluster;
  result(): ClusteringResult;
}

/**
 * Groups events into clusters keyed by a stable fingerprint, with exact counts over every event and
 * bounded memory: at most `maxClusters` clusters (least recently seen evicted and counted).
 */
export function createClusterer(limits: ClusterLimits = DEFAULT_CLUSTER_LIMITS): Clusterer {
  // Map iteration order is insertion order; re-inserting on each hit makes the first key the LRU one.
  const clusters = new Map<string, Cluster>();
  const drops: Partial<Record<DropReason, number>> = {};
  let events = 0;
  const drop = (reason: DropReason, n = 1) => (drops[reason] = (drops[reason] ?? 0) + n);

  return {
    add(event) {
      events++;
      if (event.text.length > limits.maxLineChars) drop("line_too_long");
      const sig = signatureOf(event, limits.maxLineChars);
      const fingerprint = stableHash(`${sig.kind}\n${sig.key}`);
      let c = clusters.get(fingerprint);
      if (c) {
        clusters.delete(fingerprint);
      } else {
        if (clusters.size >= limits.maxClusters) {
          const [lruKey, lru] = clusters.entries().next().value as [string, Cluster];
          clusters.delete(lruKey);
          drop("cluster_evicted", lru.count);
        }
        c = {
          fingerprint,
          aliases: [...new Set([...(sig.aliases ?? []), ...event.entry.errorGroups.map((g) => `errorGroup:${g}`)])],
          kind: sig.kind,
          template: redact(sig.template),
          count: 0,
          bySeverity: {},
          inferredSeverity: 0,
          firstMs: event.entry.timeMs,
          lastMs: event.entry.timeMs,
          perMinute: new Map(),
          samples: [],
          instances: new Set(),
          revisions: new Map(),
          traces: new Set(),
        };
        if (sig.exceptionType) c.exceptionType = sig.exceptionType;
        if (sig.meaning) c.meaning = sig.meaning;
        if (event.entry.insertId) c.firstInsertId = event.entry.insertId;
      }
      clusters.set(fingerprint, c);
      record(c, event, limits);
      return c;
    },
    result() {
      return { clusters: [...clusters.values()], drops: { ...drops }, events };
    },
  };
}

function record(c: Cluster, event: LogEvent, limits: ClusterLimits): void {
  const e = event.entry;
  c.count++;
  c.bySeverity[event.severity] = (c.bySeverity[event.severity] ?? 0) + 1;
  if (event.severityInferred) c.inferredSeverity++;
  if (e.timeMs < c.firstMs) {
    c.firstMs = e.timeMs;
    if (e.insertId) c.firstInsertId = e.insertId;
  }
  if (e.timeMs > c.lastMs) c.lastMs = e.timeMs;
  const minute = e.timeMs - (e.timeMs % MINUTE_MS);
  c.perMinute.set(minute, (c.perMinute.get(minute) ?? 0) + 1);
  const instance = e.labels.instanceId;
  if (instance && c.instances.size < limits.maxIdsPerCluster) c.instances.add(instance);
  const revision = e.resourceLabels.revision_name;
  if (revision) c.revisions.set(revision, (c.revisions.get(revision) ?? 0) + 1);
  if (e.trace && c.traces.size < limits.maxIdsPerCluster) c.traces.add(e.trace);
  for (const g of e.errorGroups) {
    const alias = `errorGroup:${g}`;
    if (!c.aliases.includes(alias) && c.aliases.length < 8) c.aliases.push(alias);
  }
  if (c.samples.length < limits.maxSamples) {
    const text = event.text.length > limits.maxSampleChars ? `${event.text.slice(0, limits.maxSampleChars)}…` : event.text;
    const redacted = redact(text);
    if (!c.samples.includes(redacted)) c.samples.push(redacted);
  }
}
