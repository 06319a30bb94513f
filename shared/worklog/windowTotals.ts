import { SEVERITIES, type Severity } from "../entries/severity.js";
import type { ServiceTally } from "../gardener/serviceTally.js";
import type { WindowCountsOutcome } from "../gardener/windowCounts.js";
import { isoMs } from "../util/format.js";
import type { WorklogJson } from "./worklog.js";

export interface TotalsInput {
  tally: ServiceTally;
  source: { kind: "file" | "cloud-logging" | "log-analytics"; description: string; selection?: string };
  counts?: WindowCountsOutcome;
}

type Totals = Pick<WorklogJson["totals"], "entries" | "bySeverity" | "countedBy" | "countsUnavailable" | "perMinute" | "requests">;

/**
 * The worklog's whole-window totals and, beside them, what the pass read. The header counts the whole
 * window when a count of it was had (Cloud Monitoring, Log Analytics) and agrees with what was read;
 * otherwise it counts what was read and says so, with the reason. An export is read whole: its counts
 * are the window's.
 */
export function windowTotals(input: TotalsInput): { totals: Totals; read?: NonNullable<WorklogJson["read"]> } {
  const t = input.tally;
  const readCounts: Totals = { entries: t.entries, bySeverity: t.bySeverity, countedBy: "read" };
  if (input.source.kind === "file") return { totals: readCounts };

  const oneByOne: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) oneByOne[s] = t.bySeverity[s] - (t.weighted.bySeverity[s] ?? 0);
  const read: NonNullable<WorklogJson["read"]> = {
    entries: t.entries - t.weighted.entries,
    bySeverity: nonZero(oneByOne),
    requests: t.requests.total,
    filter: input.source.selection ?? input.source.description,
  };
  if (t.weighted.items) read.shapes = { entries: t.weighted.entries, groups: t.weighted.items };

  const unavailable = (why: string) => ({ totals: { ...readCounts, countsUnavailable: why }, read });
  const counts = input.counts;
  if (!counts) return unavailable("no whole-window count was taken for this source");
  if (counts.kind === "unavailable") return unavailable(counts.detail);
  // Counters count Cloud Run services by name: a unit's key is that name for a service and a gen2 function.
  const c = counts.services.get(t.key);
  if (!c) return unavailable(`${counts.source} has no counts for ${t.key} in the window`);
  // A count below what was read means the count is late or partial (log_entry_count is written a
  // minute or two behind): it cannot be the window's total.
  const short = SEVERITIES.filter((s) => c.bySeverity[s] < (t.bySeverity[s] ?? 0));
  if (short.length) {
    const detail = short.map((s) => `${c.bySeverity[s]} ${s} counted, ${t.bySeverity[s]} read`).join(", ");
    return unavailable(`${counts.source} counted fewer entries than were read (${detail}): its count is not yet complete for the window`);
  }

  const totals: Totals = { entries: c.entries, bySeverity: { ...c.bySeverity }, countedBy: counts.by, perMinute: c.perMinute.map(([m, n]) => [isoMs(m), n]) };
  if (c.requests) totals.requests = { total: c.requests.total, byClass: nonZero(c.requests.byClass), ...(c.requests.latencyMs ? { latencyMs: c.requests.latencyMs } : {}) };
  const notRead: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) {
    const n = c.bySeverity[s] - (t.bySeverity[s] ?? 0);
    if (n > 0) notRead[s] = n;
  }
  const notReadEntries = c.entries - t.entries;
  if (notReadEntries > 0) read.notRead = { entries: notReadEntries, bySeverity: notRead, requests: Math.max(0, (c.requests?.total ?? 0) - t.requests.total) };
  return { totals, read };
}

function nonZero<K extends string>(counts: Partial<Record<K, number>>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => (n as number) > 0)) as Partial<Record<K, number>>;
}
