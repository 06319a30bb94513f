import type { IssueIncident } from "./issueSnapshot.js";
import { redact } from "../redaction/redact.js";
import { inlineText } from "../worklog/markdownSafe.js";

/** GitHub allows 256 characters in a title; keep well under so it reads in a list. */
const MAX_TITLE_CHARS = 120;

/**
 * `[P1] <service>: <summary>`, redacted, on one line, with @mentions and #references broken (GitHub
 * shows titles without Markdown but still links them).
 */
export function issueTitle(service: string, incident: Pick<IssueIncident, "priority" | "title">): string {
  return inlineText(redact(`[${incident.priority}] ${service}: ${incident.title}`), MAX_TITLE_CHARS);
}
