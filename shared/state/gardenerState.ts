import type { TimeWindow } from "../worklog/worklog.js";

/** What the gardener remembers about one filed issue. */
export interface IssueRecord {
  number: number;
  /** Priority the issue is labelled with. */
  priority?: string;
  /** Id of the rolling status comment, edited instead of adding comments. */
  statusCommentId?: number;
  /** When the last new comment was posted (RFC 3339). */
  lastCommentAt?: string;
  /** Window end of the last pass that reported on this issue: a retry of that window does nothing twice. */
  lastWindowEnd?: string;
  /** A person decided (closed as not planned, or labelled log-gardener:ignore): never touch it again. */
  ignored?: boolean;
}

/** Per-service state: the source of truth for windows and issue deduplication. */
export interface GardenerState {
  schemaVersion: 1;
  service: string;
  /** End of the last window fully processed; the next window starts here. */
  watermark?: string;
  lastWorklog?: { location: string; jsonLocation: string; window: TimeWindow };
  /** Fingerprint -> issue. */
  issues: Record<string, IssueRecord>;
  /** Issue actions that failed or were deferred, retried on the next pass. */
  pending: Array<{ fingerprint: string; reason: string; since: string }>;
}

export function emptyState(service: string): GardenerState {
  return { schemaVersion: 1, service, issues: {}, pending: [] };
}
