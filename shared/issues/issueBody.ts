import type { Cluster } from "../clustering/cluster.js";
import { errorCount } from "../analysis/analyze.js";
import { redact } from "../redaction/redact.js";
import { num, utc, duration } from "../util/format.js";
import { codeBlock, codeSpan, plainText } from "../worklog/markdownSafe.js";
import { logScopeOf, type LogScope } from "../links/evidenceLinks.js";
import { cloudLoggingLink, incidentEvidenceLinks } from "./cloudLoggingLink.js";
import { GARDENER_LABEL, IGNORE_LABEL } from "./issueLabels.js";
import { aliasesMarker, fingerprintMarker, windowMarker } from "./issueMarker.js";
import type { SnapshotInput } from "./issueSnapshot.js";

/** Where the issue's unit keeps its logs, for its links. */
function scopeOf(input: SnapshotInput): LogScope {
  return logScopeOf({ service: input.service, ...(input.unit ? { unit: input.unit } : {}), ...(input.project ? { project: input.project } : {}) });
}

/** GitHub refuses issue and comment bodies over 65,536 characters. */
export const GITHUB_MAX_BODY_CHARS = 65_536;
/** What a body may use: a margin under GitHub's limit. */
const MAX_BODY_CHARS = 60_000;
/** A sample longer than this is cut: the full one is in the worklog, a stack trace's head says enough. */
const MAX_SAMPLE_CHARS = 6_000;
/** Patterns are one line in practice; a multi-line one is cut here. */
const MAX_TEMPLATE_CHARS = 1_000;
/** Symptoms listed in the body; the rest are in the worklog. */
const MAX_SYMPTOMS = 15;
/** Evidence lines and priority reasons shown, and the length of each. */
const MAX_LINES = 15;
const MAX_LINE_CHARS = 300;
/** Revisions listed; a service rarely has more live at once. */
const MAX_REVISIONS = 10;

/** The worklog: a Cloud Console link for a gs:// object (it needs the reader's own access), else the path as code. */
function worklogLink(location: string): string {
  const gs = /^gs:\/\/([a-z0-9._-]{3,222})\/([^\s]+)$/.exec(location);
  if (!gs) return codeSpan(location, 300, { table: false });
  const path = (gs[2] as string).split("/").map(encodeURIComponent).join("/");
  return `[${codeSpan(location, 300, { table: false })}](https://console.cloud.google.com/storage/browser/_details/${gs[1]}/${path})`;
}

/** Untrusted text for a prose position: secrets out, Markdown/HTML/mentions inert, bounded. */
function prose(text: string, max = MAX_LINE_CHARS): string {
  const t = redact(text);
  return plainText(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

function block(text: string, max: number): string {
  const t = redact(text);
  return codeBlock(t.length > max ? `${t.slice(0, max)}\n… (cut at ${num(max)} characters; the worklog has more)` : t);
}

function severities(c: Cluster): string {
  return Object.entries(c.bySeverity)
    .filter(([, n]) => n)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([s, n]) => `${num(n ?? 0)} ${s}`)
    .join(", ");
}

function revisions(c: Cluster): string {
  const r = [...c.revisions.entries()].sort((a, b) => b[1] - a[1]);
  if (!r.length) return "none recorded";
  const shown = r.slice(0, MAX_REVISIONS).map(([name, n]) => `${codeSpan(redact(name), 80)} (${num(n)})`);
  return `${shown.join(", ")}${r.length > MAX_REVISIONS ? `, and ${r.length - MAX_REVISIONS} more` : ""}`;
}

function lines(items: readonly string[]): string[] {
  const out = items.slice(0, MAX_LINES).map((l) => `- ${prose(l)}`);
  if (items.length > MAX_LINES) out.push(`- … and ${items.length - MAX_LINES} more in the worklog`);
  return out;
}

/**
 * The issue body: impact first, then evidence, root cause and symptoms, a redacted sample, a Cloud
 * Logging link for the window, and where the worklog is. Every piece of log text is redacted and made
 * inert; the result stays under GitHub's body limit whatever the input.
 */
export function renderIssueBody(input: SnapshotInput): string {
  const inc = input.incident;
  const root = inc.rootCause;
  const all = inc.clusters.length ? inc.clusters : [root];
  const events = all.reduce((n, c) => n + c.count, 0);
  const errors = all.reduce((n, c) => n + errorCount(c), 0);
  const instances = root.instances.size;
  const windowMs = Date.parse(input.window.end) - Date.parse(input.window.start);
  const withText = input.samples !== "none";

  const head = [
    fingerprintMarker(root.fingerprint),
    ...(root.aliases.length ? [aliasesMarker(root.aliases)] : []),
    windowMarker(input.window.end),
    "",
    "## Impact",
    "",
    `**${inc.priority}** on ${codeSpan(input.service, 80, { table: false })}: ${num(events)} events (${num(errors)} at ERROR or above) from ${utc(root.firstMs)} to ${utc(root.lastMs)}, on ${num(instances)} instance${instances === 1 ? "" : "s"}.`,
    "",
    ...lines(inc.priorityReasons),
    "",
    "## Evidence",
    "",
    "| | |",
    "|---|---|",
    `| Window | ${utc(input.window.start)} to ${utc(input.window.end)} (${duration(windowMs)}) |`,
    `| Events (root cause) | ${num(root.count)} (${severities(root) || "no severity"}) |`,
    `| First seen | ${utc(root.firstMs)} |`,
    `| Last seen | ${utc(root.lastMs)} |`,
    `| Revisions | ${revisions(root)} |`,
    `| Instances | ${num(instances)} |`,
    `| Fingerprint | \`${root.fingerprint}\` |`,
    "",
    ...(inc.evidence.length && withText ? [...lines(inc.evidence), ""] : []),
    "## Root cause",
    "",
    `**Kind:** ${root.kind}${root.exceptionType ? ` ${codeSpan(redact(root.exceptionType), 120, { table: false })}` : ""}${root.meaning ? `: ${prose(root.meaning)}` : ""}`,
    "",
    block(root.template, MAX_TEMPLATE_CHARS),
    "",
  ];
  const symptoms = all.filter((c) => c.fingerprint !== root.fingerprint);
  const symptomLines = symptoms.length
    ? [
        "### Symptoms",
        "",
        ...symptoms.slice(0, MAX_SYMPTOMS).map((c) => `- ${num(c.count)} × ${codeSpan(redact(c.template), 160, { table: false })} (${c.kind})`),
        ...(symptoms.length > MAX_SYMPTOMS ? [`- … and ${symptoms.length - MAX_SYMPTOMS} more in the worklog`] : []),
        "",
      ]
    : [];
  const sample = root.samples[0];
  const sampleLines = !withText
    ? ["_Samples and evidence are left out here (GARDENER_ISSUE_SAMPLES=none): the worklog has them._", ""]
    : sample
      ? ["## Sample (redacted)", "", block(sample, MAX_SAMPLE_CHARS), ""]
      : [];
  const tail = [
    "## Where to look",
    "",
    ...incidentEvidenceLinks(scopeOf(input), { clusters: all, root }).map((l) => `- ${l}`),
    `- [Cloud Logging for this window](${cloudLoggingLink(scopeOf(input), input.window)})`,
    `- Worklog: ${worklogLink(input.worklogLocation)}`,
    "",
    "---",
    `Filed by log-gardener (label \`${GARDENER_LABEL}\`). It keeps one status comment current while the problem lasts and reopens this issue if the problem comes back after it is closed. To stop that, close it as not planned or add the label \`${IGNORE_LABEL}\`.`,
  ];
  let body = [...head, ...symptomLines, ...sampleLines, ...tail].join("\n");
  // Bounded pieces keep this far under the limit; if a future field is not, drop the optional parts.
  if (body.length > MAX_BODY_CHARS) body = [...head, "_Symptoms and sample left out to stay under GitHub's size limit: see the worklog._", "", ...tail].join("\n");
  if (body.length > MAX_BODY_CHARS) throw new Error(`issue body of ${body.length} characters exceeds ${MAX_BODY_CHARS}`);
  return body;
}

/** The status text of the rolling comment: what this window saw. */
export function renderStatus(input: SnapshotInput): string {
  const inc = input.incident;
  const root = inc.rootCause;
  const all = inc.clusters.length ? inc.clusters : [root];
  const events = all.reduce((n, c) => n + c.count, 0);
  return [
    `**Window:** ${utc(input.window.start)} to ${utc(input.window.end)}  `,
    `**Priority:** ${(inc.priorityReasons[0] ?? "").startsWith(`${inc.priority}:`) ? "" : `${inc.priority}: `}${prose(inc.priorityReasons[0] ?? "")}  `,
    `**Events:** ${num(events)} (root cause ${num(root.count)}: ${severities(root) || "no severity"})  `,
    `**First / last seen in the window:** ${utc(root.firstMs)} / ${utc(root.lastMs)}  `,
    `**Revisions:** ${revisions(root)}  `,
    `**Logs:** ${[...incidentEvidenceLinks(scopeOf(input), { clusters: all, root }), `[Cloud Logging for this window](${cloudLoggingLink(scopeOf(input), input.window)})`].join(" · ")}  `,
    `**Worklog:** ${worklogLink(input.worklogLocation)}`,
  ].join("\n");
}
