import type { TimeWindow } from "../worklog/worklog.js";
import type { Parsed } from "./settingParsers.js";

/** RFC 3339 with a zone, as the Logging API and people write it: 2025-09-16T01:00:00Z, …T01:00:00.5+02:00. */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;

/** Milliseconds of an RFC 3339 time, or undefined (a date alone, no zone, or nonsense). */
export function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The one check of a window asked for by a person (CLI flags or a request body): it starts before it
 * ends, and it has ended, so the hours after it are left to later passes. `names` are how the caller
 * spells the two ends in its messages.
 */
export function validateWindow(startMs: number, endMs: number, now: Date, names: { start: string; end: string }): Parsed<TimeWindow> {
  if (startMs >= endMs) {
    return { ok: false, problem: `${names.start} must be before ${names.end} (got ${new Date(startMs).toISOString()} and ${new Date(endMs).toISOString()})` };
  }
  if (endMs > now.getTime()) {
    return {
      ok: false,
      problem: `the window ends in the future (${new Date(endMs).toISOString()}): ${names.end} must be a time that has passed, so the hours after it are read by later passes`,
    };
  }
  return { ok: true, value: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() } };
}
