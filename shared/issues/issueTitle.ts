import type { IssueIncident } from "./issueSnapshot.js";
import { redact } from "../redaction/redact.js";
import { inlineText } from "../worklog/markdownSafe.js";

/** GitHub allows 256 characters in a title; keep well under so it reads in a list. */
const MAX_TITLE_CHARS = 120;

/**
 * `[P1] <service>: <summary>`, redacted, on one line, with @mentions and #references broken (GitHub
 * shows titles without Markdown but still links them). The service and the summary are redacted each
 * alone: joined, `password-reset: KeyError: …` reads as a key and its value, and the summary's
 * first word went as a password.
 */
export function issueTitle(service: string, incident: Pick<IssueIncident, "priority" | "title">): string {
  return inlineText(`[${incident.priority}] ${redact(service)}: ${redact(incident.title)}`, MAX_TITLE_CHARS);
}
