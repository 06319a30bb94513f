import type { Priority } from "../analysis/priority.js";
import type { IssueTracker } from "../gardener/ports.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { issueTitle } from "../issues/issueTitle.js";
import { belowThresholdReason, meetsThreshold } from "../issues/nextIssueAction.js";

/**
 * The tracker used when no GitHub repository is configured: decides what it would do and writes that
 * into the worklog, touching nothing.
 */
export function planningTracker(options: { minPriority: Priority }): IssueTracker {
  return {
    kind: "plan",
    async sync(input) {
      const out: IssueOutcome[] = [];
      for (const inc of input.incidents) {
        const fingerprint = inc.rootCause.fingerprint;
        if (!meetsThreshold(inc.priority, options.minPriority)) {
          out.push({ action: "skipped", fingerprint, reason: belowThresholdReason(inc.priority, options.minPriority) });
          continue;
        }
        const known = input.state.issues[fingerprint];
        const title = issueTitle(input.service, inc);
        const reason = "no GitHub repository configured (--github OWNER/REPO)";
        if (known?.ignored) out.push({ action: "skipped", fingerprint, number: known.number, reason: "a person closed it as not planned or labelled it log-gardener:ignore" });
        else if (known) out.push({ action: "planned", fingerprint, plan: "comment", number: known.number, title, reason });
        else out.push({ action: "planned", fingerprint, plan: "create", title, reason });
      }
      return out;
    },
  };
}
