import type { DeployKind } from "../analysis/deployMarker.js";
import type { SkipReason } from "../entries/entry.js";
import type { Severity } from "../entries/severity.js";
import type { ClusterKind, DropReason } from "../clustering/cluster.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import type { Priority } from "../analysis/priority.js";
import type { GardenedUnit } from "../resources/gardenedUnit.js";
import type { TimelineJson } from "./minuteSeries.js";
import type { NextStep } from "./nextSteps.js";

/** A half-open time window [start, end), RFC 3339 UTC. */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface WorklogCluster {
  /** Short id within this worklog (C1, C2, …), ordered by severity then count. */
  id: string;
  /** Stable key across windows: the one GitHub issues are deduplicated by. */
  fingerprint: string;
  aliases: string[];
  kind: ClusterKind;
  template: string;
  count: number;
  bySeverity: Partial<Record<Severity, number>>;
  inferredSeverity: number;
  firstSeen: string;
  lastSeen: string;
  exceptionType?: string;
  meaning?: string;
  samples: string[];
  instances: number;
  revisions: Record<string, number>;
  /** Events per minute: [minute start (RFC 3339), count], minutes with none left out. */
  timeline: Array<[string, number]>;
  /** A few trace ids (`projects/P/traces/T`) of the pattern's events, to open them in Cloud Trace. */
  traces?: string[];
}

export interface WorklogIncident {
  id: string;
  title: string;
  priority: Priority;
  /** Why this priority: each reason a measured fact and the rule it met. */
  priorityReasons: string[];
  /** Id of the root-cause cluster. */
  rootCause: string;
  /** Fingerprint of the root cause: the incident's key for issues and trends. */
  fingerprint: string;
  /** All cluster ids of the incident, root cause first. */
  clusters: string[];
  /** Why the clusters are linked, in words. */
  evidence: string[];
  /** Of the evidence, why the root cause is the root cause. */
  rootEvidence?: string[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** failure (errors, exits, failed requests), latency (a slow user route) or warning (a low-priority item). */
  kind?: "failure" | "latency" | "warning";
  /** The original exception of the root cause's traceback chain. */
  rootCauseException?: { type: string; message: string };
  /** Each symptom cluster id with why it belongs to the root cause. */
  symptoms?: Array<{ cluster: string; why: string[] }>;
  /** Measured facts the priority rules read. */
  facts?: {
    events: number;
    /** Events of its log patterns (request logs not counted). */
    logEvents?: number;
    /** Error events the application logged, each failure once (request logs and the platform's reports of exits and failed deploys are counted apart). */
    errors: number;
    warnings?: number;
    /** Audit entries saying a revision or service did not become Ready. */
    deployFailures?: number;
    containerExits: number;
    failedStarts?: number;
    workerDeaths: number;
    dyingInstances?: number;
    failedRequests: number;
    failedHealthChecks: number;
    userRequestsInSpan: number;
    failedUserRequestsInSpan: number;
    instances: number;
  };
  slowRoute?: { route: string; requests: number; p95Ms: number };
  /** The revision every event of the incident came from, and whether the incident began with it. */
  revision?: { name: string; startedWith: boolean; reason: string };
  /** Against the previous worklog of the service. */
  trend?: { status: "new" | "recurring" | "spiking"; reason: string; ratePerHour: number; baselinePerHour: number; previousCount?: number; previousPriority?: string };
}

/** Requests of one route over the window: exact counts, latency percentiles (±2%) in ms. */
export interface WorklogRoute {
  method: string;
  route: string;
  traffic: "user" | "health-check" | "gardener";
  count: number;
  byClass: Partial<Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", { count: number; latencyMs?: { p50: number; p95: number; p99: number } }>>;
  /** Share of the route's requests that failed with 5xx. */
  errorRatio5xx: number;
  latencyMs?: { p50: number; p95: number; p99: number };
  /** Latency of the requests that did not fail with 5xx (what the slow-route rule reads), and of those that did. */
  okLatencyMs?: { p50: number; p95: number; p99: number };
  failedLatencyMs?: { p50: number; p95: number; p99: number };
  /** Paths that browsers and crawlers, or vulnerability scanners, ask every site for. */
  probe?: "browser" | "scanner";
  /** Failed requests whose trace also appears in container logs of these clusters. */
  linkedClusters: string[];
  firstSeen: string;
  lastSeen: string;
}

/** The machine-readable worklog. Additive changes keep schemaVersion 1; a breaking change bumps it. */
export interface WorklogJson {
  schemaVersion: 1;
  generator: { name: "log-gardener"; version: string };
  generatedAt: string;
  /**
   * The unit's key, the id its worklogs, state, index and issues are kept under: a Cloud Run service's
   * name; a function's service name; run-job/NAME, app-engine/NAME, gke/NAMESPACE/WORKLOAD.
   */
  service: string;
  /** What was gardened, as its entries describe it (a function's own name with its case); `key` = `service`. */
  unit?: GardenedUnit & { key: string };
  project?: string;
  location?: string;
  window: TimeWindow;
  source: { kind: "file" | "cloud-logging" | "log-analytics"; description: string; complete: boolean; note?: string };
  totals: {
    /** Entries of this service in the window: every one counted. */
    entries: number;
    bySeverity: Record<Severity, number>;
    /** DEFAULT entries whose text states a severity, by that severity. */
    inferredBySeverity: Partial<Record<Severity, number>>;
    events: number;
    /** True when the source stopped before the end of the window (see source.note). */
    truncated: boolean;
    /** Input entries not counted above, by reason (for the whole input, not per service). */
    skipped: Partial<Record<SkipReason, number>>;
    /** Entries of resources the gardener does not garden (Cloud Build, audited resources, Dataflow, …), by resource type, for the whole input. */
    otherResources?: Record<string, number>;
    /**
     * Duplicate entries (same insertId, timestamp and logName) dropped, counted once in the numbers
     * above; present when there were some. `forgotten` > 0: ids past the filter's `bound` were
     * forgotten, so a duplicate farther apart than that would have been counted twice.
     */
    duplicates?: { dropped: number; bound: number; forgotten: number };
    /** What clustering dropped or cut, by reason. */
    clusteringDrops: Partial<Record<DropReason, number>>;
    /** Why request shares (failure rates) were not computed: the input was visibly filtered. */
    unmeasurable?: string;
    /** How entries were assembled into events: multi-entry events by rule; forced flushes hit a memory bound. */
    stitching?: { stitchedEvents: number; stitchedEntries: number; byKind: Record<string, number>; forcedFlushes: number };
    /**
     * What `entries` and `bySeverity` count: the whole window, measured by Cloud Monitoring's
     * log_entry_count or by Log Analytics, or (when no whole-window count was had, and for an export,
     * which is read whole) the entries read.
     */
    countedBy?: "cloud-monitoring" | "log-analytics" | "read";
    /** Why the counts are only those of the entries read, when a whole-window count was wanted but not had. */
    countsUnavailable?: string;
    /** Entries per minute over the whole window, from the same count: [minute start, count]. */
    perMinute?: Array<[string, number]>;
    /** Requests over the whole window, from the same count (Cloud Run's request_count, or Log Analytics). */
    requests?: { total: number; byClass: Partial<Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number>>; latencyMs?: { p50: number; p95: number; p99: number } };
  };
  /**
   * What the pass read, when it read a selection of the window (Cloud Logging's filters, Log Analytics'
   * queries): `entries` read one by one, by severity and by which filter; `notRead` what the totals
   * counted but the pass did not read; `shapes` entries counted through message shapes and request groups.
   */
  read?: {
    entries: number;
    bySeverity: Partial<Record<Severity, number>>;
    requests: number;
    filter: string;
    notRead?: { entries: number; bySeverity: Partial<Record<Severity, number>>; requests: number };
    shapes?: { entries: number; groups: number };
  };
  /** Requests over the window; user = not health checks nor the gardener's own calls. */
  requests?: {
    total: number;
    byClass: Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number>;
    user: { total: number; byClass: Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number> };
    routes: WorklogRoute[];
    otherRoutes: number;
    /** Warning patterns that are the application's own line for a 4xx it answered: the client's error, not an incident. */
    clientErrorEchoes?: Array<{ cluster: string; echoed: number }>;
  };
  /** Deploy markers seen in the window (audit activity, system_event Ready). */
  deploys?: Array<{ kind: DeployKind; time: string; revision?: string; text: string }>;
  /** Warning patterns about the code (deprecations, Python's warnings module): worth knowing, not incidents. */
  codeWarnings?: Array<{ cluster: string; count: number }>;
  /** Previous incidents of this service that did not occur in this window. */
  resolved?: Array<{ fingerprint: string; title: string; priority: string; count: number; lastSeen: string }>;
  revisions: Array<{ name: string; entries: number; firstSeen: string; lastSeen: string; requests?: { total: number; failed5xx: number } }>;
  /** Entries by severity, requests by status class and container exits, in equal buckets over the window. */
  timeline?: TimelineJson;
  clusters: WorklogCluster[];
  incidents: WorklogIncident[];
  issues: IssueOutcome[];
  /** The previous worklog of the service; `note` says why trends were left out when it could not be used. */
  previous?: { location: string; window: TimeWindow; note?: string };
  /** What to do, stated as facts and commands, only where the data supports it (see nextSteps.ts). */
  nextSteps?: NextStep[];
  /** Time between the last pass and this window that no pass read (the catch-up bound was hit). */
  notRead?: TimeWindow & { reason: string };
  /**
   * What the lists above leave out to stay readable (an hour can hold thousands of patterns): the
   * least severe and rarest clusters and the least urgent incidents, counted here, never silently.
   * Absent when nothing was left out.
   */
  notShown?: {
    clusters: { count: number; events: number; bySeverity: Partial<Record<Severity, number>> };
    incidents: { count: number; events: number; byPriority: Partial<Record<Priority, number>> };
  };
}
