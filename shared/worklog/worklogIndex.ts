import type { Priority } from "../analysis/priority.js";
import { severityRank, SEVERITIES, type Severity } from "../entries/severity.js";
import type { TimeWindow, WorklogJson } from "./worklog.js";

/** How far back a service's index reaches: a week of hourly passes. */
export const INDEX_RETENTION_MS = 7 * 24 * 3_600_000;
/** Rows kept at most, whatever the windows: a week of passes every 5 minutes would still be bounded. */
const MAX_INDEX_ROWS = 2_016;

const PRIORITIES: readonly Priority[] = ["P0", "P1", "P2", "P3"];

/** One pass in the index: its counts and worst priority. */
export interface IndexRow {
  window: TimeWindow;
  entries: number;
  errors: number;
  warnings: number;
  incidents: Partial<Record<Priority, number>>;
  worst?: Priority;
  complete: boolean;
  /** The verdict line of the pass. */
  verdict?: string;
}

/** `<service>/index.json`: the passes of the last week, newest first. */
export interface WorklogIndex {
  schemaVersion: 1;
  service: string;
  rows: IndexRow[];
}

/** An index read back; undefined with a reason when the text is not one (the index is then rebuilt from this pass). */
export function parseIndex(text: string, service: string): { index?: WorklogIndex; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `index.json is not JSON (${(err as Error).message})` };
  }
  const v = value as Partial<WorklogIndex>;
  if (v?.schemaVersion !== 1 || v.service !== service || !Array.isArray(v.rows)) return { problem: `index.json is not a schemaVersion 1 index of ${service}` };
  const rows = v.rows.filter((r): r is IndexRow => !!r && typeof r === "object" && typeof r.window?.start === "string" && typeof r.window?.end === "string" && Number.isFinite(Date.parse(r.window.end)));
  return { index: { schemaVersion: 1, service, rows } };
}

function count(bySeverity: Partial<Record<Severity, number>>, from: Severity, below?: Severity): number {
  let n = 0;
  for (const s of SEVERITIES) if (severityRank(s) >= severityRank(from) && (!below || severityRank(s) < severityRank(below))) n += bySeverity[s] ?? 0;
  return n;
}

/** The row of one worklog. DEFAULT lines that state a severity in their text count at that severity. */
export function indexRowOf(w: WorklogJson, verdict?: string): IndexRow {
  const incidents: Partial<Record<Priority, number>> = {};
  for (const i of w.incidents) incidents[i.priority] = (incidents[i.priority] ?? 0) + 1;
  // Incidents past the worklog's cap are counted, not listed: the index counts them all the same.
  for (const [p, n] of Object.entries(w.notShown?.incidents.byPriority ?? {}) as [Priority, number][]) incidents[p] = (incidents[p] ?? 0) + n;
  const worst = PRIORITIES.find((p) => incidents[p]);
  return {
    window: w.window,
    entries: w.totals.entries,
    errors: count(w.totals.bySeverity, "ERROR") + count(w.totals.inferredBySeverity, "ERROR"),
    warnings: count(w.totals.bySeverity, "WARNING", "ERROR") + count(w.totals.inferredBySeverity, "WARNING", "ERROR"),
    incidents,
    ...(worst ? { worst } : {}),
    complete: w.source.complete,
    ...(verdict ? { verdict } : {}),
  };
}

/**
 * The index with this pass's row in place (a retried window replaces its row), newest first, rows more
 * than a week older than the newest dropped.
 */
export function updateIndex(index: WorklogIndex | undefined, service: string, row: IndexRow): WorklogIndex {
  const rows = (index?.rows ?? []).filter((r) => r.window.end !== row.window.end);
  rows.push(row);
  rows.sort((a, b) => Date.parse(b.window.end) - Date.parse(a.window.end));
  const newest = Date.parse((rows[0] as IndexRow).window.end);
  return { schemaVersion: 1, service, rows: rows.filter((r) => newest - Date.parse(r.window.end) < INDEX_RETENTION_MS).slice(0, MAX_INDEX_ROWS) };
}
