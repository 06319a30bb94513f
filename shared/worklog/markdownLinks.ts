import {
  errorGroupOf,
  errorReportingUrl,
  githubIssueUrl,
  incidentLogsUrl,
  logScopeOf,
  patternLogsUrl,
  revisionsPageUrl,
  traceUrl,
  type LogScope,
} from "../links/evidenceLinks.js";
import { codeBlock, plainText } from "./markdownSafe.js";
import type { NextStep } from "./nextSteps.js";
import { patternScope } from "./renderHtmlParts.js";
import type { WorklogCluster, WorklogIncident, WorklogJson } from "./worklog.js";

/**
 * The Markdown worklog's links, from the same module as the HTML's and the GitHub issues': every URL is
 * https with its data percent-encoded (parentheses too), so it cannot break out of `[text](url)`.
 */
/** Where a worklog's unit keeps its logs, for every link the worklog (Markdown and HTML) makes. */
export function scopeOf(w: WorklogJson): LogScope & { location?: string } {
  return logScopeOf({ service: w.service, ...(w.unit ? { unit: w.unit } : {}), ...(w.project ? { project: w.project } : {}), ...(w.location ? { location: w.location } : {}) });
}

export function incidentLinksLine(w: WorklogJson, inc: WorklogIncident, byId: Map<string, WorklogCluster>): string {
  const scope = scopeOf(w);
  const clusters = inc.clusters.map((id) => byId.get(id)).filter((c): c is WorklogCluster => !!c);
  const links = [`[Logs of this incident](${incidentLogsUrl(scope, clusters.map(patternScope), inc)})`];
  const root = byId.get(inc.rootCause);
  const group = root ? errorGroupOf(root.aliases) : undefined;
  if (group) links.push(`[Error Reporting](${errorReportingUrl(scope, group)})`);
  const trace = clusters.flatMap((c) => c.traces ?? [])[0];
  const t = trace ? traceUrl(scope, trace) : undefined;
  if (t) links.push(`[a trace](${t})`);
  const revisions = inc.revision ? revisionsPageUrl(scope) : undefined;
  if (revisions) links.push(`[Cloud Run revisions](${revisions})`);
  const issue = w.issues.find((i) => i.fingerprint === inc.fingerprint);
  const url = issue && "url" in issue ? githubIssueUrl(issue.url) : undefined;
  if (issue && "number" in issue && issue.number && url) links.push(`[GitHub issue ${issue.number}](${url})`);
  return `**Links:** ${links.join(" · ")}  `;
}

export function clusterLogsLine(w: WorklogJson, c: WorklogCluster): string {
  const scope = scopeOf(w);
  const links = [`[Logs Explorer](${patternLogsUrl(scope, patternScope(c))})`];
  const group = errorGroupOf(c.aliases);
  if (group) links.push(`[Error Reporting](${errorReportingUrl(scope, group)})`);
  return `**Logs:** ${links.join(" · ")}  `;
}

export function nextStepsSection(steps: readonly NextStep[] | undefined): string[] {
  if (!steps?.length) return [];
  const out = ["## Next steps", ""];
  steps.forEach((s, i) => out.push(`${i + 1}. **${s.incident}**: ${plainText(s.fact)}`, "", codeBlock(s.commands.join("\n"), "sh"), ""));
  return out;
}
