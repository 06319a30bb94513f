import type { SkipReason } from "../entries/entry.js";
import type { Severity } from "../entries/severity.js";
import type { ClusterKind, DropReason } from "../clustering/cluster.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import type { Priority } from "../analysis/priority.js";

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
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** The machine-readable worklog. Additive changes keep schemaVersion 1; a breaking change bumps it. */
export interface WorklogJson {
  schemaVersion: 1;
  generator: { name: "log-gardener"; version: string };
  generatedAt: string;
  service: string;
  project?: string;
  location?: string;
  window: TimeWindow;
  source: { kind: "file" | "cloud-logging"; description: string; complete: boolean; note?: string };
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
    /** What clustering dropped or cut, by reason. */
    clusteringDrops: Partial<Record<DropReason, number>>;
  };
  revisions: Array<{ name: string; entries: number; firstSeen: string; lastSeen: string }>;
  clusters: WorklogCluster[];
  incidents: WorklogIncident[];
  issues: IssueOutcome[];
  previous?: { location: string; window: TimeWindow };
}
