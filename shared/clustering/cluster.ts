import type { Severity } from "../entries/severity.js";
import type { Lifecycle } from "../events/lifecycle.js";
import type { PlatformRole } from "./platformMessages.js";

/** A Cloud Run message from the catalogue (platformMessages.ts): its key, its role in an incident, a title with real values. */
export interface PlatformFact {
  key: string;
  role: PlatformRole;
  title: string;
  /** The revision the message names (a Ready condition), when it names one. */
  revision?: string;
}

/** What a request pattern is about, as fields (never re-read from its template). */
export interface RequestFact {
  method: string;
  /** Route template (ids masked), or "*" when the platform's failure keys the pattern whatever the route. */
  route: string;
  /** "2xx" … "5xx", or "???" without a status. */
  statusClass: string;
  /** The catalogue key of the platform's own failure text, when Cloud Run wrote one. */
  platformKey?: string;
}

/** What produced a cluster's key. */
export const CLUSTER_KINDS = ["exception", "request", "platform", "message"] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** How one event is classified: a stable key and what to show for it. */
export interface Signature {
  kind: ClusterKind;
  /** Canonical text the fingerprint is a hash of; stable across windows, restarts and revisions. */
  key: string;
  /** What a person reads: the message with variables written `<*>`. */
  template: string;
  exceptionType?: string;
  /** Plain words for a known platform message. */
  meaning?: string;
  /** Other keys the same problem is known by (an Error Reporting group, an earlier template). */
  aliases?: string[];
  platform?: PlatformFact;
  request?: RequestFact;
}

/** A cluster over the whole window: counts are exact, samples and id lists bounded. */
export interface Cluster {
  fingerprint: string;
  aliases: string[];
  kind: ClusterKind;
  template: string;
  exceptionType?: string;
  meaning?: string;
  platform?: PlatformFact;
  request?: RequestFact;
  /** What its events say about their instance's life: the worst seen (a dead worker over a shutdown over a boot). */
  lifecycle?: Lifecycle;
  /** The application wrote it (stdout/stderr), as opposed to the platform or the audit trail. */
  appLog?: boolean;
  count: number;
  bySeverity: Partial<Record<Severity, number>>;
  /** Events whose severity was inferred from their text (the entry had none). */
  inferredSeverity: number;
  /** Of those, events raised to WARNING only by words of failure (weaker evidence than a stated level). */
  inferredFromWords?: number;
  /** Events that are warnings about the code (deprecations, Python's warnings module), not about the service. */
  codeWarnings?: number;
  firstMs: number;
  lastMs: number;
  /** Events per UTC minute, keyed by minute start (ms). */
  perMinute: Map<number, number>;
  /** A few redacted examples, first ones seen. */
  samples: string[];
  /** Distinct instance ids (bounded: see ClusterLimits.maxIdsPerCluster) and the exact distinct count up to that bound. */
  instances: Set<string>;
  revisions: Map<string, number>;
  /** Trace ids seen (bounded), to link request logs and container logs. */
  traces: Set<string>;
  /** Insert id of the first event, to link to it. */
  firstInsertId?: string;
  /**
   * Set when the clusterer evicted it (least recently used, past its bound): it never reaches the
   * result, and per-instance records that still hold it may forget it.
   */
  evicted?: true;
}

/**
 * Why something was dropped while clustering; each is counted and shown in the worklog.
 * `cluster_evicted`, `line_too_long`, `too_many_tokens` count events; `ids_not_kept` counts instance,
 * trace and revision ids a cluster saw after its bound (ClusterLimits.maxIdsPerCluster) was reached;
 * `timeline_minutes_not_kept` counts events of minutes a cluster's timeline had no room for
 * (ClusterLimits.maxTimelineMinutes): the counts stay exact, only the detail is cut.
 */
export const DROP_REASONS = ["cluster_evicted", "line_too_long", "too_many_tokens", "ids_not_kept", "timeline_minutes_not_kept"] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface ClusteringResult {
  clusters: Cluster[];
  /** Counted per drop reason (see DROP_REASONS). For `cluster_evicted`, the events of evicted clusters. */
  drops: Partial<Record<DropReason, number>>;
  events: number;
}
