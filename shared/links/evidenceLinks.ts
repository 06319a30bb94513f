import type { TimeWindow } from "../worklog/worklog.js";
import type { GardenedUnit } from "../resources/gardenedUnit.js";
import { APP_ENGINE_REQUEST_FIELDS, filterString, HTTP_REQUEST_FIELDS, patternFilter, type PatternInput, type RequestFields } from "./patternFilter.js";
import { unitClauses } from "./unitClauses.js";

/**
 * Links that take a reader from a number to the evidence behind it: Logs Explorer with the exact query,
 * Error Reporting, Cloud Trace, the Cloud Run revisions page and the GitHub issue. The worklog (HTML
 * and Markdown) and the GitHub issue bodies build their links here and nowhere else.
 *
 * Every URL is https, every piece of data in it percent-encoded, parentheses and quotes included, so a
 * link is safe inside a Markdown `(...)` destination and an HTML attribute alike.
 */

const CONSOLE = "https://console.cloud.google.com";

/** Percent-encoding that also encodes `(`, `)`, `'` and `*` (encodeURIComponent leaves them). */
export function enc(s: string): string {
  return encodeURIComponent(s).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function projectParam(project: string | undefined, first = true): string {
  return project ? `${first ? "?" : "&"}project=${enc(project)}` : "";
}

/** Where the logs are: what every query about this unit starts with. */
export interface LogScope {
  project?: string;
  /** The unit's key (a Cloud Run service's name). */
  service: string;
  /** The unit, when known: its kind says which resource its logs are under. Absent: a Cloud Run service named `service`. */
  unit?: Pick<GardenedUnit, "kind" | "name" | "generation">;
}

/** The scope of a unit's links from what a worklog or an issue knows of it (a unit's other fields are left out). */
export function logScopeOf(input: { service: string; unit?: LogScope["unit"]; project?: string; location?: string }): LogScope & { location?: string } {
  const u = input.unit;
  return {
    service: input.service,
    ...(u ? { unit: { kind: u.kind, name: u.name, ...(u.generation ? { generation: u.generation } : {}) } } : {}),
    ...(input.project ? { project: input.project } : {}),
    ...(input.location ? { location: input.location } : {}),
  };
}

/** Where the unit's request logs keep the request. */
function requestFieldsOf(scope: LogScope): RequestFields {
  return scope.unit?.kind === "app-engine-service" ? APP_ENGINE_REQUEST_FIELDS : HTTP_REQUEST_FIELDS;
}

/** Logs Explorer clauses that select the unit's logs (and the Cloud Run revisions, when given). */
export function serviceClauses(scope: LogScope, revisions: readonly string[] = []): string[] {
  const out = unitClauses(scope.unit ?? { kind: "cloud-run-service", name: scope.service });
  if (revisions.length === 1) out.push(`resource.labels.revision_name=${filterString(revisions[0] as string)}`);
  else if (revisions.length > 1) out.push(`(${revisions.map((r) => `resource.labels.revision_name=${filterString(r)}`).join(" OR ")})`);
  return out;
}

/** A Logs Explorer URL for a query over a time range (the range travels in the URL, not the query). */
export function logsExplorerUrl(input: { project?: string; query: string; window: TimeWindow }): string {
  const start = new Date(input.window.start).toISOString();
  const end = new Date(input.window.end).toISOString();
  return `${CONSOLE}/logs/query;query=${enc(input.query)};startTime=${enc(start)};endTime=${enc(end)}${projectParam(input.project)}`;
}

/** Revisions a query names one by one; a pattern seen on more is queried over the whole service. */
const MAX_REVISIONS_IN_QUERY = 5;

export interface PatternScope extends PatternInput {
  /** Revisions the pattern was seen on. */
  revisions: readonly string[];
  firstSeen: string;
  lastSeen: string;
}

/** Padding around a pattern's first and last event, so the minutes around it show too. */
const PATTERN_PADDING_MS = 60_000;

/** The query for one pattern: service, its revisions, and a filter that matches its text. */
export function patternQuery(scope: LogScope, p: PatternScope): string {
  const revisions = p.revisions.length <= MAX_REVISIONS_IN_QUERY ? [...p.revisions].sort() : [];
  const clauses = serviceClauses(scope, revisions);
  const f = patternFilter(p, requestFieldsOf(scope));
  if (f) clauses.push(f);
  return clauses.join("\nAND ");
}

/** Logs Explorer on one pattern's entries, from a minute before its first event to a minute after its last. */
export function patternLogsUrl(scope: LogScope, p: PatternScope): string {
  return logsExplorerUrl({
    ...(scope.project ? { project: scope.project } : {}),
    query: patternQuery(scope, p),
    window: padded(p.firstSeen, p.lastSeen),
  });
}

/** Logs Explorer on an incident: its patterns' queries joined by OR, over its span. */
export function incidentLogsUrl(scope: LogScope, patterns: readonly PatternScope[], span: { firstSeen: string; lastSeen: string }): string {
  const revisions = [...new Set(patterns.flatMap((p) => p.revisions))].sort();
  const filters = patterns.map((p) => patternFilter(p, requestFieldsOf(scope))).filter((f): f is string => !!f);
  const clauses = serviceClauses(scope, revisions.length <= MAX_REVISIONS_IN_QUERY ? revisions : []);
  if (filters.length) clauses.push(filters.length === 1 ? (filters[0] as string) : `(${filters.map((f) => `(${f})`).join("\nOR ")})`);
  return logsExplorerUrl({
    ...(scope.project ? { project: scope.project } : {}),
    query: clauses.join("\nAND "),
    window: padded(span.firstSeen, span.lastSeen),
  });
}

/** Logs Explorer: the service's logs at `severity` (ERROR) and above over a window. */
export function serviceLogsUrl(scope: LogScope & { window: TimeWindow; severity?: string }): string {
  const query = [...serviceClauses(scope), `severity>=${scope.severity ?? "ERROR"}`].join("\n");
  return logsExplorerUrl({ ...(scope.project ? { project: scope.project } : {}), query, window: scope.window });
}

function padded(first: string, last: string): TimeWindow {
  return { start: new Date(Date.parse(first) - PATTERN_PADDING_MS).toISOString(), end: new Date(Date.parse(last) + PATTERN_PADDING_MS).toISOString() };
}

/** The Error Reporting group of a pattern: its `errorGroup:<id>` alias, if Cloud Logging gave one. */
export function errorGroupOf(aliases: readonly string[]): string | undefined {
  for (const a of aliases) if (a.startsWith("errorGroup:") && a.length > "errorGroup:".length) return a.slice("errorGroup:".length);
  return undefined;
}

/** Error Reporting's page for one error group. */
export function errorReportingUrl(scope: LogScope, groupId: string): string {
  // Error Reporting names a Cloud Run service (a gen2 function's too) as the service; the group id alone finds the group.
  const service = runsOnCloudRun(scope) ? `;service=${enc(scope.service)}` : "";
  return `${CONSOLE}/errors/detail/${enc(groupId)}${service}${projectParam(scope.project)}`;
}

/** Whether the unit is (or runs as) a Cloud Run service named by its key: a service, or a function known to be gen2. */
function runsOnCloudRun(scope: LogScope): boolean {
  const u = scope.unit;
  return !u || u.kind === "cloud-run-service" || (u.kind === "cloud-function" && u.generation === 2);
}

/**
 * Cloud Trace for one trace. Accepts a LogEntry `trace` (`projects/P/traces/ID`) or a bare id; the
 * project named in the trace wins over the scope's.
 */
export function traceUrl(scope: LogScope, trace: string): string | undefined {
  const m = /^(?:projects\/([^/]+)\/traces\/)?([0-9a-fA-F]{16,32})$/.exec(trace);
  if (!m) return undefined;
  const project = m[1] ?? scope.project;
  return `${CONSOLE}/traces/list?tid=${enc(m[2] as string)}${projectParam(project, false)}`;
}

/** The Cloud Run service's revisions page (traffic, each revision's image and settings); none for units that do not run on Cloud Run, or a function not known to be gen2. */
export function revisionsPageUrl(scope: LogScope & { location?: string }): string | undefined {
  if (!scope.location || !runsOnCloudRun(scope)) return undefined;
  return `${CONSOLE}/run/detail/${enc(scope.location)}/${enc(scope.service)}/revisions${projectParam(scope.project)}`;
}

/** A GitHub issue's page, only when the tracker gave an https URL (log text never becomes a link). */
export function githubIssueUrl(url: string | undefined): string | undefined {
  return url && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : undefined;
}

/** The links module's view of a pattern as the analysis holds it (a Cluster). */
export function patternScopeOf(c: {
  kind: PatternScope["kind"];
  template: string;
  exceptionType?: string;
  samples: readonly string[];
  revisions: ReadonlyMap<string, number>;
  firstMs: number;
  lastMs: number;
}): PatternScope {
  return {
    kind: c.kind,
    template: c.template,
    ...(c.exceptionType ? { exceptionType: c.exceptionType } : {}),
    ...(c.samples[0] ? { sample: c.samples[0] } : {}),
    revisions: [...c.revisions.keys()],
    firstSeen: new Date(c.firstMs).toISOString(),
    lastSeen: new Date(c.lastMs).toISOString(),
  };
}
