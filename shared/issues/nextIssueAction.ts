import { priorityRank, type Priority } from "../analysis/priority.js";
import type { IssueRecord } from "../state/gardenerState.js";
import type { CommentReason } from "./issueComment.js";
import type { IssueSnapshot } from "./issueSnapshot.js";

/** The rules that decide what happens to an incident's issue. */
export interface IssuePolicy {
  /** Lowest priority that gets an issue (GARDENER_ISSUE_MIN_PRIORITY). */
  minPriority: Priority;
  /** A recurring problem gets a new comment only after this long (GARDENER_COMMENT_QUIET_INTERVAL). */
  commentQuietMs: number;
}

/** What to do with the issue of one incident in this pass; the tracker only carries it out. */
export type IssueAction =
  | { kind: "skip"; reason: string }
  | { kind: "create" }
  /** Edit the rolling status comment in place (no notification). */
  | { kind: "edit-status"; commentId: number }
  /** Post a new status comment; relabel on a priority change, reopen on a regression. */
  | { kind: "comment"; reason: CommentReason; relabel: boolean; reopen: boolean };

/** The one minimum-priority rule: whether an incident of this priority gets an issue at all. */
export function meetsThreshold(priority: Priority, minPriority: Priority): boolean {
  return priorityRank(priority) <= priorityRank(minPriority);
}

export function belowThresholdReason(priority: Priority, minPriority: Priority): string {
  return `${priority} is below the issue threshold ${minPriority} (GARDENER_ISSUE_MIN_PRIORITY)`;
}

/**
 * Decides, from what the state knows of the issue (undefined: none yet), the incident's snapshot and
 * the time, what this pass does. Pure: the same inputs give the same action, so a retried pass decides
 * the same, and the window-end check makes a repeat of an action already done a skip.
 */
export function nextIssueAction(record: IssueRecord | undefined, snapshot: IssueSnapshot, now: Date, policy: IssuePolicy): IssueAction {
  if (!meetsThreshold(snapshot.priority, policy.minPriority)) return { kind: "skip", reason: belowThresholdReason(snapshot.priority, policy.minPriority) };
  if (!record) return { kind: "create" };
  if (record.ignored) return { kind: "skip", reason: `${record.ignoredBecause ?? "a person decided"}: never touched again` };
  if (record.lastWindowEnd && Date.parse(record.lastWindowEnd) >= Date.parse(snapshot.window.end)) {
    return { kind: "skip", reason: `already reported up to ${record.lastWindowEnd} (a retried or overlapping pass)` };
  }
  if (record.state === "closed") return { kind: "comment", reason: { kind: "regressed" }, relabel: true, reopen: true };
  if (record.priority !== undefined && record.priority !== snapshot.priority) {
    return { kind: "comment", reason: { kind: "priority", from: record.priority, to: snapshot.priority }, relabel: true, reopen: false };
  }
  if (record.statusCommentId === undefined) return { kind: "comment", reason: { kind: "status" }, relabel: false, reopen: false };
  if (record.lastCommentAt !== undefined && now.getTime() - Date.parse(record.lastCommentAt) >= policy.commentQuietMs) {
    return { kind: "comment", reason: { kind: "quiet-interval", since: record.lastCommentAt }, relabel: false, reopen: false };
  }
  return { kind: "edit-status", commentId: record.statusCommentId };
}
