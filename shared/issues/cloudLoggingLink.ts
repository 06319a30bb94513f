import type { Cluster } from "../clustering/cluster.js";
import { errorGroupOf, errorReportingUrl, incidentLogsUrl, patternScopeOf, serviceLogsUrl, type LogScope } from "../links/evidenceLinks.js";
import type { TimeWindow } from "../worklog/worklog.js";

/** Logs Explorer: the unit's logs at ERROR and above for the window, in the project when known. */
export function cloudLoggingLink(scope: LogScope, window: TimeWindow, severity?: string): string {
  return serviceLogsUrl({ ...scope, window, ...(severity ? { severity } : {}) });
}

/** Markdown links to an incident's evidence (its patterns' entries, its Error Reporting group), built by shared/links. */
export function incidentEvidenceLinks(scope: LogScope, input: { clusters: readonly Cluster[]; root: Cluster }): string[] {
  const patterns = input.clusters.map(patternScopeOf);
  const span = { firstSeen: new Date(Math.min(...input.clusters.map((c) => c.firstMs))).toISOString(), lastSeen: new Date(Math.max(...input.clusters.map((c) => c.lastMs))).toISOString() };
  const out = [`[Logs of this incident's patterns](${incidentLogsUrl(scope, patterns, span)})`];
  const group = errorGroupOf(input.root.aliases);
  if (group) out.push(`[Error Reporting group](${errorReportingUrl(scope, group)})`);
  return out;
}
