import { statusMarker, windowMarker } from "./issueMarker.js";
import type { IssueSnapshot } from "./issueSnapshot.js";

/** Why a comment is written; each reads differently to the people watching the issue. */
export type CommentReason =
  | { kind: "status" }
  | { kind: "quiet-interval"; since: string }
  | { kind: "priority"; from: string; to: string }
  | { kind: "regressed" };

function heading(reason: CommentReason): string {
  switch (reason.kind) {
    case "status":
      return "### Still happening";
    case "quiet-interval":
      return `### Still happening (new comment: the last one was posted ${reason.since})`;
    case "priority":
      return `### Priority changed from ${reason.from} to ${reason.to}`;
    case "regressed":
      return "### Regressed: seen again after this issue was closed";
  }
}

/** A status comment: markers (so a retried pass finds it), a heading, and the window's status. */
export function renderComment(snapshot: IssueSnapshot, reason: CommentReason): string {
  return [
    statusMarker(snapshot.fingerprint, snapshot.service),
    windowMarker(snapshot.window.end),
    "",
    heading(reason),
    "",
    snapshot.status,
    "",
    "_This comment is edited each pass while the problem lasts (log-gardener)._",
  ].join("\n");
}
