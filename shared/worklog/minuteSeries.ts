import type { Entry } from "../entries/entry.js";
import { severityRank, type Severity } from "../entries/severity.js";
import type { TimeWindow } from "./worklog.js";

/** Bounds of the per-minute record a pass keeps for the worklog's timeline. */
export const SERIES_LIMITS = {
  /**
   * Minutes remembered: a week. A scheduled pass reads at most the catch-up bound (6 h = 360 minutes);
   * only a CLI run over a longer export comes near, and the minutes past the bound are counted.
   */
  maxMinutes: 10_080,
  /** Bars a timeline is drawn with: a day of minutes; a longer window is bucketed coarser. */
  maxBuckets: 1_440,
} as const;

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Columns of one minute's counts. */
const ERROR = 0;
const WARNING = 1;
const OTHER = 2;
const REQ = 3; // 3..7: requests 1xx..5xx
const COLUMNS = REQ + STATUS_CLASSES.length;

const ERROR_RANK = severityRank("ERROR");
const WARNING_RANK = severityRank("WARNING");

/** Entries by severity and requests by status class, per UTC minute; requests per revision. */
export interface MinuteSeries {
  minutes: Map<number, Int32Array>;
  /** Entries not recorded because `maxMinutes` distinct minutes were already held. */
  droppedEntries: number;
  /** Per revision: requests and those that failed with 5xx (user or not), for "served healthily". */
  revisionRequests: Map<string, { total: number; failed5xx: number }>;
}

export function emptySeries(): MinuteSeries {
  return { minutes: new Map(), droppedEntries: 0, revisionRequests: new Map() };
}

/**
 * Records one entry (or `count` entries like it in the minute of `atMs`: a source that counted them
 * for us). `stated` is the severity a DEFAULT entry's text states (Cloud Run gives unstructured lines
 * none): such a line counts at the severity it states.
 */
export function recordMinute(s: MinuteSeries, e: Entry, stated?: Severity, count = 1, atMs = e.timeMs): void {
  const minute = Math.floor(atMs / 60_000) * 60_000;
  let row = s.minutes.get(minute);
  if (!row) {
    if (s.minutes.size >= SERIES_LIMITS.maxMinutes) {
      s.droppedEntries += count;
      return;
    }
    row = new Int32Array(COLUMNS);
    s.minutes.set(minute, row);
  }
  const rank = severityRank(e.severity === "DEFAULT" && stated ? stated : e.severity);
  const col = rank >= ERROR_RANK ? ERROR : rank >= WARNING_RANK ? WARNING : OTHER;
  row[col] = (row[col] as number) + count;
  const status = e.httpRequest?.status;
  if (status && status >= 100 && status < 600) {
    const req = REQ + Math.floor(status / 100) - 1;
    row[req] = (row[req] as number) + count;
    const rev = e.resourceLabels.revision_name;
    if (rev) {
      const r = s.revisionRequests.get(rev) ?? { total: 0, failed5xx: 0 };
      r.total += count;
      if (status >= 500) r.failed5xx += count;
      s.revisionRequests.set(rev, r);
    }
  }
}

/** The worklog's timeline: equal buckets over the window, each a minute unless the window is long. */
export interface TimelineJson {
  start: string;
  stepMinutes: number;
  entries: { error: number[]; warning: number[]; other: number[] };
  requests: Record<StatusClass, number[]>;
  /** Container exits (an instance that also failed its start-up probe is one exit, not two). */
  exits: number[];
  droppedEntries?: number;
}

/** Buckets the recorded minutes over the window; `exits` are per-minute counts keyed by minute start (ms). */
export function timelineOf(s: MinuteSeries, window: TimeWindow, exits: ReadonlyMap<number, number>): TimelineJson {
  const startMs = Math.floor(Date.parse(window.start) / 60_000) * 60_000;
  const endMs = Date.parse(window.end);
  const minutes = Math.max(1, Math.ceil((endMs - startMs) / 60_000));
  const step = Math.ceil(minutes / SERIES_LIMITS.maxBuckets);
  const n = Math.ceil(minutes / step);
  const zeros = () => new Array<number>(n).fill(0);
  const out: TimelineJson = {
    start: new Date(startMs).toISOString(),
    stepMinutes: step,
    entries: { error: zeros(), warning: zeros(), other: zeros() },
    requests: { "1xx": zeros(), "2xx": zeros(), "3xx": zeros(), "4xx": zeros(), "5xx": zeros() },
    exits: zeros(),
  };
  const bucketOf = (minuteMs: number) => {
    const b = Math.floor((minuteMs - startMs) / 60_000 / step);
    return b >= 0 && b < n ? b : -1;
  };
  for (const [minute, row] of s.minutes) {
    const b = bucketOf(minute);
    if (b < 0) continue;
    (out.entries.error[b] as number) += row[ERROR] as number;
    (out.entries.warning[b] as number) += row[WARNING] as number;
    (out.entries.other[b] as number) += row[OTHER] as number;
    STATUS_CLASSES.forEach((cls, i) => ((out.requests[cls][b] as number) += row[REQ + i] as number));
  }
  for (const [minute, count] of exits) {
    const b = bucketOf(minute);
    if (b >= 0) (out.exits[b] as number) += count;
  }
  if (s.droppedEntries) out.droppedEntries = s.droppedEntries;
  return out;
}
