import type { WorklogJson } from "../worklog/worklog.js";

export const TREND_STATUSES = ["new", "recurring", "spiking"] as const;
export type TrendStatus = (typeof TREND_STATUSES)[number];

export const TREND_RULES = {
  /** spiking: the rate per hour is at least this multiple of the incident's own baseline… */
  spikeFactor: 3,
  /** …and at least this many events above it (5 instead of 1 is not a spike worth a page). */
  spikeMinExtra: 10,
  /** Weight of the latest hour in the carried baseline (exponential moving average). */
  baselineWeight: 0.3,
} as const;

export interface IncidentTrend {
  status: TrendStatus;
  reason: string;
  ratePerHour: number;
  /** Baseline carried to the next worklog: a moving average of the rate per hour. */
  baselinePerHour: number;
  previousCount?: number;
  previousPriority?: string;
}

export interface ResolvedIncident {
  fingerprint: string;
  title: string;
  priority: string;
  count: number;
  lastSeen: string;
}

interface Current {
  fingerprints: string[];
  count: number;
}

/**
 * Compares this window's incidents with the previous worklog of the same service: new, recurring or
 * spiking against the incident's own baseline; previous incidents absent now are resolved.
 */
export function compareTrends(current: Current[], windowMs: number, previous: WorklogJson | undefined): { trends: IncidentTrend[]; resolved: ResolvedIncident[] } {
  const hours = Math.max(windowMs, 60_000) / 3_600_000;
  if (!previous) {
    return {
      trends: current.map((c) => ({ status: "new", reason: "no previous worklog to compare with", ratePerHour: round(c.count / hours), baselinePerHour: round(c.count / hours) })),
      resolved: [],
    };
  }
  const prevHours = Math.max(Date.parse(previous.window.end) - Date.parse(previous.window.start), 60_000) / 3_600_000;
  const prevFp = new Map(previous.clusters.map((c) => [c.id, [c.fingerprint, ...c.aliases]]));
  const prevKeys = previous.incidents.map((i) => new Set([i.fingerprint, ...i.clusters.flatMap((id) => prevFp.get(id) ?? [])]));
  const matched = new Set<number>();
  const trends = current.map((c): IncidentTrend => {
    const rate = c.count / hours;
    const idx = prevKeys.findIndex((keys, i) => !matched.has(i) && c.fingerprints.some((f) => keys.has(f)));
    if (idx < 0) return { status: "new", reason: `not in the previous worklog (${previous.window.start} to ${previous.window.end})`, ratePerHour: round(rate), baselinePerHour: round(rate) };
    matched.add(idx);
    const prev = previous.incidents[idx] as WorklogJson["incidents"][number];
    const prevRate = prev.count / prevHours;
    const baseline = prev.trend?.baselinePerHour ?? prevRate;
    const nextBaseline = round((1 - TREND_RULES.baselineWeight) * baseline + TREND_RULES.baselineWeight * rate);
    const extra = (rate - baseline) * hours;
    const common = { ratePerHour: round(rate), previousCount: prev.count, previousPriority: prev.priority };
    if (rate >= TREND_RULES.spikeFactor * baseline && extra >= TREND_RULES.spikeMinExtra) {
      return { status: "spiking", reason: `spiking: ${round(rate)} per hour against a baseline of ${round(baseline)} per hour (rule: ≥ ${TREND_RULES.spikeFactor}× and ≥ ${TREND_RULES.spikeMinExtra} more)`, baselinePerHour: nextBaseline, ...common };
    }
    return { status: "recurring", reason: `recurring: ${prev.count} events in the previous worklog (${prev.priority}), ${c.count} now; baseline ${round(baseline)} per hour`, baselinePerHour: nextBaseline, ...common };
  });
  const resolved = previous.incidents
    .filter((_, i) => !matched.has(i))
    .map((i) => ({ fingerprint: i.fingerprint, title: i.title, priority: i.priority, count: i.count, lastSeen: i.lastSeen }));
  return { trends, resolved };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
