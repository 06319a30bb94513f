import type { StatusClass } from "../analysis/requestStats.js";
import type { Severity } from "../entries/severity.js";
import type { TimeWindow } from "../worklog/worklog.js";

/**
 * Counts of one service over the whole window, measured without reading every entry (Cloud
 * Monitoring's built-in metrics, or aggregates pushed down to BigQuery). The worklog's header comes
 * from here when it is available; what the pass read is reported beside it, never instead of it.
 */
export interface ServiceWindowCounts {
  entries: number;
  bySeverity: Record<Severity, number>;
  /** Entries per UTC minute: [minute start in ms, count], ascending, minutes with none left out. */
  perMinute: Array<[number, number]>;
  /** Entries per log id (run.googleapis.com/stdout, …). */
  byLog: Record<string, number>;
  /** Entries per revision. */
  byRevision: Record<string, number>;
  /** Requests the platform answered (Cloud Run's request_count), when known. */
  requests?: {
    total: number;
    byClass: Record<StatusClass, number>;
    /** From the request latency distribution: bucket-interpolated, so approximate. */
    latencyMs?: { p50: number; p95: number; p99: number };
  };
}

export type WindowCountsOutcome =
  | { kind: "counted"; by: "cloud-monitoring" | "log-analytics"; source: string; services: Map<string, ServiceWindowCounts> }
  /** The counts could not be had: the worklog then says that its counts are those of what was read. */
  | { kind: "unavailable"; reason: "permission" | "api-disabled" | "no-data" | "failed"; detail: string };

export interface WindowCountRequest {
  /** Services to count; empty = every Cloud Run service with entries in the window. */
  services: readonly string[];
  window: TimeWindow;
}

/** Whole-window counts for a project. */
export interface WindowCounter {
  describe(): string;
  /** Never rejects for an unavailable metric or a refused permission: those are outcomes. */
  count(request: WindowCountRequest): Promise<WindowCountsOutcome>;
}
