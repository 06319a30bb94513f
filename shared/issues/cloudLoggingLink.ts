import type { Cluster } from "../clustering/cluster.js";
import { errorGroupOf, errorReportingUrl, incidentLogsUrl, patternScopeOf, serviceLogsUrl } from "../links/evidenceLinks.js";
import type { TimeWindow } from "../worklog/worklog.js";

/** Logs Explorer: the service's logs at ERROR and above for the window, in the project when known. */
export function cloudLoggingLink(input: { project?: string; service: string; window: TimeWindow; severity?: string }): string {
  return serviceLogsUrl(input);
}

/** Markdown links to an incident's evidence (its patterns' entries, its Error Reporting group), built by shared/links. */
export function incidentEvidenceLinks(input: { project?: string; service: string; clusters: readonly Cluster[]; root: Cluster }): string[] {
  const scope = { service: input.service, ...(input.project ? { project: input.project } : {}) };
  const patterns = input.clusters.map(patternScopeOf);
  const span = { firstSeen: new Date(Math.min(...input.clusters.map((c) => c.firstMs))).toISOString(), lastSeen: new Date(Math.max(...input.clusters.map((c) => c.lastMs))).toISOString() };
  const out = [`[Logs of this incident's patterns](${incidentLogsUrl(scope, patterns, span)})`];
  const group = errorGroupOf(input.root.aliases);
  if (group) out.push(`[Error Reporting group](${errorReportingUrl(scope, group)})`);
  return out;
}
