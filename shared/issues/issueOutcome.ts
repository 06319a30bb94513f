/** What happened (or would happen) to the issue of one incident in this pass. */
export type IssueOutcome =
  | { action: "created"; fingerprint: string; number: number; url?: string; title: string }
  | {
      action: "commented";
      fingerprint: string;
      number: number;
      url?: string;
      /** "edited": the rolling status comment was updated; "new": a new comment was posted (reason says why). */
      comment?: "edited" | "new";
      reason?: string;
    }
  | { action: "reopened"; fingerprint: string; number: number; url?: string; reason?: string }
  | { action: "planned"; fingerprint: string; plan: "create" | "comment" | "reopen"; title: string; number?: number; reason: string }
  | { action: "skipped"; fingerprint: string; number?: number; reason: string }
  | { action: "deferred"; fingerprint: string; reason: string }
  | { action: "failed"; fingerprint: string; number?: number; reason: string };
