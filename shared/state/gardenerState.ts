import type { IssueSnapshot } from "../issues/issueSnapshot.js";
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
  /** What the person did, in words, for the worklog. */
  ignoredBecause?: string;
  /** Open or closed when last seen on GitHub (refreshed by listing every pass). */
  state?: "open" | "closed";
  /** Labels when last seen on GitHub, so a relabel keeps the ones people added. */
  labels?: string[];
}

/** An issue action that failed or was deferred; the snapshot lets the next pass do it even if the problem is gone. */
export interface PendingIssueAction {
  fingerprint: string;
  reason: string;
  since: string;
  snapshot?: IssueSnapshot;
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
  pending: PendingIssueAction[];
  /**
   * Held by a pass while it writes to GitHub for this service, so that two passes never file at once;
   * taken and released with the state's generation precondition (see gardener/issueLease.ts).
   */
  lease?: { owner: string; until: string };
}

export function emptyState(service: string): GardenerState {
  return { schemaVersion: 1, service, issues: {}, pending: [] };
}
