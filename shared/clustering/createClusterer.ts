import type { Severity } from "../entries/severity.js";
import type { LogEvent } from "../events/logEvent.js";
import type { Weight } from "../gardener/weight.js";
import { redact } from "../redaction/redact.js";
import { redactPattern } from "../redaction/redactPattern.js";
import { stableHash } from "../util/hash.js";
import type { Cluster, ClusteringResult, ClusterKind, DropReason, Signature } from "./cluster.js";
import { DEFAULT_CLUSTER_LIMITS, type ClusterLimits } from "./clusterLimits.js";
import { cutSample, keepRaw } from "./cutSample.js";
import { structuredSignatureOf } from "./signatureOf.js";
import { createTemplateMiner, DEFAULT_MINER_SETTINGS, type TemplateMiner } from "./templateMiner.js";

const MINUTE_MS = 60_000;
const SYSTEM_LOG = "run.googleapis.com/varlog/system";
/** Aliases kept per cluster: earlier templates, member sequences, Error Reporting groups. */
const MAX_ALIASES = 24;

export interface Clusterer {
  /** Adds one event, or `weight.count` events of the same shape (a source that counted them for us). */
  add(event: LogEvent, weight?: Weight): Cluster;
  result(): ClusteringResult;
}

/** The fingerprint of a key: what issues are deduplicated on. Same kind + key = same fingerprint, always. */
export function fingerprintOf(kind: ClusterKind, key: string): string {
  return stableHash(`${kind}\n${key}`);
}

interface Mined {
  miner: TemplateMiner;
  kind: ClusterKind;
}

/**
 * Groups events into clusters keyed by a stable fingerprint, with exact counts over every event and
 * bounded memory: at most `maxClusters` clusters (least recently seen evicted and counted).
 *
 * Requests, Cloud Run platform messages and stack traces get structured keys (see signatureOf.ts);
 * everything else goes to a template miner. A mined cluster's fingerprint is the hash of its template;
 * when the template generalises, the old fingerprint stays as an alias, and the fingerprints of the
 * masked sequences that formed it are aliases too, so a key seen in an earlier window still matches.
 */
export function createClusterer(limits: ClusterLimits = DEFAULT_CLUSTER_LIMITS): Clusterer {
  // Map iteration order is insertion order; re-inserting on each hit makes the first key the LRU one.
  const clusters = new Map<string, Cluster>();
  const minedTemplate = new Map<Cluster, { mined: Mined; id: number; template: string }>();
  const drops: Partial<Record<DropReason, number>> = {};
  let events = 0;
  const drop = (reason: DropReason, n = 1) => (drops[reason] = (drops[reason] ?? 0) + n);
  const settings = { ...DEFAULT_MINER_SETTINGS, maxTokens: limits.maxTokens, maxLineChars: limits.maxLineChars, maxClusters: limits.maxClusters };
  const mined = (kind: ClusterKind): Mined => {
    const m: Mined = { kind, miner: undefined as unknown as TemplateMiner };
    m.miner = createTemplateMiner(settings, { onMerge: (from, into) => mergeMined(m, from, into) });
    return m;
  };
  const messages = mined("message");
  const platform = mined("platform");

  /** The cluster set into `clusters` last (the most recently used), if it is still there. */
  let newest: Cluster | undefined;
  /** Marks a cluster as the most recently used: re-inserted at the end, unless it is there already. */
  const touch = (slot: string, c: Cluster) => {
    if (c === newest) return;
    clusters.delete(slot);
    clusters.set(slot, c);
    newest = c;
  };

  /**
   * The miner found two of its clusters to be one: the events counted under `from` move to `into`,
   * and `from`'s keys stay as aliases so that an issue filed under them still matches.
   */
  function mergeMined(m: Mined, from: number, into: number): void {
    const gone = clusters.get(`m:${m.kind}:${from}`);
    if (!gone) return; // evicted here already: its events were counted as dropped
    clusters.delete(`m:${m.kind}:${from}`);
    if (gone === newest) newest = undefined;
    const was = minedTemplate.get(gone);
    minedTemplate.delete(gone);
    const slot = `m:${m.kind}:${into}`;
    const keep = clusters.get(slot);
    if (!keep) {
      // The survivor was evicted here (the pass keeps fewer clusters than the miner): the merged
      // cluster lives on under the survivor's id.
      clusters.set(slot, gone);
      newest = gone;
      minedTemplate.set(gone, { mined: m, id: into, template: was?.template ?? "" });
      return;
    }
    mergeCluster(keep, gone, limits, drop);
  }

  function open(slot: string, sig: Signature, event: LogEvent): Cluster {
    if (clusters.size >= limits.maxClusters) {
      const [lruKey, lru] = clusters.entries().next().value as [string, Cluster];
      clusters.delete(lruKey);
      if (lru === newest) newest = undefined;
      minedTemplate.delete(lru);
      drop("cluster_evicted", lru.count);
      hollow(lru);
    }
    const c: Cluster = {
      fingerprint: fingerprintOf(sig.kind, sig.key),
      aliases: [...new Set(sig.aliases ?? [])],
      kind: sig.kind,
      // Raw until result(): templates and samples are redacted once per surviving cluster there.
      template: sig.template,
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
    if (sig.platform) c.platform = sig.platform;
    if (sig.request) c.request = sig.request;
    if (/(?:^|\/)(?:stdout|stderr)$/.test(event.entry.logId)) c.appLog = true;
    if (event.entry.insertId) c.firstInsertId = event.entry.insertId;
    clusters.set(slot, c);
    newest = c;
    return c;
  }

  /** A mined cluster whose template generalised: the old key stays as an alias so that it still matches. */
  function retemplate(c: Cluster): void {
    const m = minedTemplate.get(c);
    if (!m) return;
    const template = m.mined.miner.template(m.id);
    if (template === m.template) return;
    if (m.template !== "") addAlias(c, c.fingerprint);
    c.fingerprint = fingerprintOf(m.mined.kind, template);
    c.template = template;
    m.template = template;
  }

  return {
    add(event, weight) {
      events += weight?.count ?? 1;
      const tooLong = event.text.length > limits.maxLineChars;
      const sig = structuredSignatureOf(event, limits.maxLineChars);
      let c: Cluster | undefined;
      if (sig) {
        if (tooLong) drop("line_too_long");
        const slot = `s:${sig.kind}\n${sig.key}`;
        c = clusters.get(slot);
        if (c) touch(slot, c);
        else c = open(slot, sig, event);
      } else {
        const m = event.entry.logId === SYSTEM_LOG ? platform : messages;
        // A multi-line print is known by the line that names it (its title); its sample keeps every line.
        const id = m.miner.add(event.title ?? event.text);
        const cuts = m.miner.lastCuts();
        if (cuts.lineTooLong || tooLong) drop("line_too_long");
        if (cuts.tooManyTokens) drop("too_many_tokens");
        const slot = `m:${m.kind}:${id}`;
        c = clusters.get(slot);
        if (c) touch(slot, c);
        else {
          const template = m.miner.template(id);
          c = open(slot, { kind: m.kind, key: template, template }, event);
          minedTemplate.set(c, { mined: m, id, template });
        }
        retemplate(c);
      }
      record(c, event, limits, drop, weight);
      return c;
    },
    result() {
      messages.miner.finalise();
      platform.miner.finalise();
      for (const c of minedTemplate.keys()) retemplate(c);
      for (const [c, m] of minedTemplate) {
        for (const t of m.mined.miner.history(m.id)) addAlias(c, fingerprintOf(m.mined.kind, t));
        for (const k of m.mined.miner.memberKeys(m.id)) addAlias(c, fingerprintOf(m.mined.kind, k));
      }
      for (const c of clusters.values()) redactCluster(c, limits);
      return { clusters: [...clusters.values()], drops: { ...drops }, events };
    },
  };
}

/** Clusters hollowed in this process, by every clusterer: only ever grows. */
let evictedSoFar = 0;

/**
 * How many clusters any clusterer of this process has evicted so far. A record that filtered out
 * evicted clusters' marks when this read N need not filter again while it still reads N: nothing
 * was evicted in between (a generation count, not a result).
 */
export function clustersEvicted(): number {
  return evictedSoFar;
}

/** Sets a cluster's `evicted` mark, the one way it is set, so that clustersEvicted() counts it. */
export function markEvicted(c: Cluster): void {
  evictedSoFar++;
  c.evicted = true;
}

/**
 * Marks an evicted cluster and empties it. It never reaches the result; the pass's per-instance records
 * (instance timeline, request/event pairs) drop what they hold of it when they compact, and until then
 * hold a few hundred bytes, not its samples, ids and timeline (1M tracebacks of 200k exception types
 * kept every evicted cluster whole through those records and peaked at 1.9 GB).
 */
function hollow(c: Cluster): void {
  markEvicted(c);
  c.template = "";
  c.aliases = [];
  c.samples = [];
  c.perMinute.clear();
  c.instances.clear();
  c.revisions.clear();
  c.traces.clear();
}

function addAlias(c: Cluster, alias: string): void {
  if (alias !== c.fingerprint && !c.aliases.includes(alias) && c.aliases.length < MAX_ALIASES) c.aliases.push(alias);
}

/** Adds `k` events to a minute of the cluster's timeline, or counts them as dropped when the timeline is full. */
function addMinute(c: Cluster, minute: number, k: number, limits: ClusterLimits, drop: (reason: DropReason, n?: number) => void): void {
  const inMinute = c.perMinute.get(minute);
  if (inMinute !== undefined || c.perMinute.size < limits.maxTimelineMinutes) c.perMinute.set(minute, (inMinute ?? 0) + k);
  else drop("timeline_minutes_not_kept", k);
}

function addTrace(c: Cluster, trace: string, limits: ClusterLimits, drop: (reason: DropReason, n?: number) => void): void {
  if (c.traces.has(trace)) return;
  if (c.traces.size < limits.maxIdsPerCluster) c.traces.add(trace);
  else drop("ids_not_kept");
}

/** A dead worker outweighs a shutdown, which outweighs a boot line, when one pattern holds several. */
const LIFECYCLE_RANK = { boot: 1, shutdown: 2, "worker-death": 3 } as const;

/** Folds cluster `b` into `a`: exact counts add up, bounded lists stay within their bounds. */
function mergeCluster(a: Cluster, b: Cluster, limits: ClusterLimits, drop: (reason: DropReason, n?: number) => void): void {
  a.count += b.count;
  for (const [sev, n] of Object.entries(b.bySeverity) as [Severity, number][]) a.bySeverity[sev] = (a.bySeverity[sev] ?? 0) + n;
  a.inferredSeverity += b.inferredSeverity;
  if (b.inferredFromWords) a.inferredFromWords = (a.inferredFromWords ?? 0) + b.inferredFromWords;
  if (b.codeWarnings) a.codeWarnings = (a.codeWarnings ?? 0) + b.codeWarnings;
  if (b.lifecycle && LIFECYCLE_RANK[b.lifecycle] > (a.lifecycle ? LIFECYCLE_RANK[a.lifecycle] : 0)) a.lifecycle = b.lifecycle;
  if (b.appLog) a.appLog = true;
  if (b.firstMs < a.firstMs) {
    a.firstMs = b.firstMs;
    if (b.firstInsertId) a.firstInsertId = b.firstInsertId;
    else delete a.firstInsertId;
  }
  if (b.lastMs > a.lastMs) a.lastMs = b.lastMs;
  for (const [minute, n] of b.perMinute) {
    const had = a.perMinute.get(minute);
    if (had !== undefined || a.perMinute.size < limits.maxTimelineMinutes) a.perMinute.set(minute, (had ?? 0) + n);
    else drop("timeline_minutes_not_kept", n);
  }
  for (const s of b.samples) if (a.samples.length < limits.maxSamples && !a.samples.includes(s)) a.samples.push(s);
  for (const i of b.instances) {
    if (a.instances.has(i) || a.instances.size < limits.maxIdsPerCluster) a.instances.add(i);
    else drop("ids_not_kept");
  }
  for (const [r, n] of b.revisions) {
    if (a.revisions.has(r) || a.revisions.size < limits.maxIdsPerCluster) a.revisions.set(r, (a.revisions.get(r) ?? 0) + n);
    else drop("ids_not_kept");
  }
  for (const t of b.traces) {
    if (a.traces.has(t) || a.traces.size < limits.maxIdsPerCluster) a.traces.add(t);
    else drop("ids_not_kept");
  }
  addAlias(a, b.fingerprint);
  for (const alias of b.aliases) addAlias(a, alias);
}

function record(c: Cluster, event: LogEvent, limits: ClusterLimits, drop: (reason: DropReason, n?: number) => void, weight?: Weight): void {
  const e = event.entry;
  const n = weight?.count ?? 1;
  c.count += n;
  c.bySeverity[event.severity] = (c.bySeverity[event.severity] ?? 0) + n;
  if (event.severityInferred) c.inferredSeverity += n;
  if (event.severityBasis === "phrase") c.inferredFromWords = (c.inferredFromWords ?? 0) + n;
  if (event.codeWarning) c.codeWarnings = (c.codeWarnings ?? 0) + n;
  if (event.lifecycle && LIFECYCLE_RANK[event.lifecycle] > (c.lifecycle ? LIFECYCLE_RANK[c.lifecycle] : 0)) c.lifecycle = event.lifecycle;
  const firstMs = weight?.firstMs ?? e.timeMs;
  const lastMs = weight?.lastMs ?? e.timeMs;
  if (firstMs < c.firstMs) {
    c.firstMs = firstMs;
    if (e.insertId) c.firstInsertId = e.insertId;
  }
  if (lastMs > c.lastMs) c.lastMs = lastMs;
  if (weight) for (const [minute, k] of weight.perMinute) addMinute(c, minute, k, limits, drop);
  else addMinute(c, e.timeMs - (e.timeMs % MINUTE_MS), 1, limits, drop);
  const instance = e.labels.instanceId;
  if (instance && !c.instances.has(instance)) {
    if (c.instances.size < limits.maxIdsPerCluster) c.instances.add(instance);
    else drop("ids_not_kept");
  }
  const revision = e.resourceLabels.revision_name;
  if (revision) {
    if (c.revisions.has(revision) || c.revisions.size < limits.maxIdsPerCluster) c.revisions.set(revision, (c.revisions.get(revision) ?? 0) + n);
    else drop("ids_not_kept");
  }
  if (e.trace) addTrace(c, e.trace, limits, drop);
  if (weight?.traces) for (const trace of weight.traces) addTrace(c, trace, limits, drop);
  for (const g of e.errorGroups) addAlias(c, `errorGroup:${g}`);
  if (c.samples.length < limits.maxSamples) {
    // Kept raw and longer than shown: redaction must see a secret whole before any cut (result() cuts).
    // A text too long to keep whole is redacted before it is cut (rare: result() redacts the rest once).
    const limit = limits.maxSampleChars * RAW_SAMPLE_FACTOR;
    const raw = event.text.length > limit ? keepRaw(redact(event.text), limit) : event.text;
    if (!c.samples.includes(raw)) c.samples.push(raw);
  }
}

/**
 * How much longer than a shown sample the raw text kept is (its first and last lines, two shown
 * samples each; see keepRaw). Kept longer than shown so that cutting for showing (cutSample) can
 * choose what to keep; a text longer than this is redacted whole before keepRaw cuts it.
 */
const RAW_SAMPLE_FACTOR = 4;

/**
 * Redacts a cluster's template and samples once, whole, then cuts samples to their shown length.
 * Runs once per surviving cluster (not per event: a pass over a million entries redacts a few
 * thousand texts); idempotent, so calling result() twice is harmless.
 */
function redactCluster(c: Cluster, limits: ClusterLimits): void {
  const redacted = redactPattern(c.template, c.samples);
  c.template = redacted.template;
  const shown: string[] = [];
  for (const r of redacted.samples) {
    const s = cutSample(r, limits.maxSampleChars);
    if (!shown.includes(s)) shown.push(s);
  }
  c.samples = shown;
}
