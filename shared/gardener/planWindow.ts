import type { TimeWindow } from "../worklog/worklog.js";

/** How the pass chooses its window. */
export type WindowPlan =
  /** Exactly this window (CLI --start/--end or --window, function body). */
  | { kind: "fixed"; window: TimeWindow }
  /** Whatever the input holds (an export file with no window given): the window is its first to last entry. */
  | { kind: "all-input" }
  /**
   * An export with only a length given (CLI --window without --end): the window ends at the input's
   * last entry, rounded up to the whole minute, and reaches lengthMs back. Needs a source that can be
   * read twice (a file, not standard input).
   */
  | { kind: "before-last-entry"; lengthMs: number }
  /** Hourly, unattended: from the state's watermark to the last whole window before now − lag, at most maxCatchUpMs back. */
  | { kind: "watermark"; lengthMs: number; lagMs: number; maxCatchUpMs: number };

export type PlannedWindow =
  | { kind: "window"; window: TimeWindow; skippedBeforeMs?: number }
  | { kind: "nothing-to-do"; reason: string };

/**
 * A window for the watermark plan: [watermark, end), where end is now − lag rounded down to a whole
 * number of window lengths since the epoch (whole UTC hours for 1h). Rounding to that grid rather than
 * to the minute means a retried or late run of the same hour plans exactly the same window (same
 * objects, same counts), and entries that arrive late are still ahead of the watermark. A first run
 * reads one window length; a run after an outage reads everything since the watermark in one window,
 * at most maxCatchUpMs back, and says how much it left out.
 */
export function planWatermarkWindow(
  watermark: string | undefined,
  now: Date,
  plan: { lengthMs: number; lagMs: number; maxCatchUpMs: number },
): PlannedWindow {
  const step = plan.lengthMs > 0 ? plan.lengthMs : 60_000;
  const endMs = Math.floor((now.getTime() - plan.lagMs) / step) * step;
  let startMs = watermark ? Date.parse(watermark) : endMs - plan.lengthMs;
  if (endMs <= startMs) return { kind: "nothing-to-do", reason: `the watermark ${watermark} is not older than the last whole window before now − lag` };
  let skippedBeforeMs: number | undefined;
  if (endMs - startMs > plan.maxCatchUpMs) {
    skippedBeforeMs = endMs - plan.maxCatchUpMs - startMs;
    startMs = endMs - plan.maxCatchUpMs;
  }
  const window = { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
  return skippedBeforeMs ? { kind: "window", window, skippedBeforeMs } : { kind: "window", window };
}

/** The window of a "before-last-entry" plan: ending at the minute after the last entry (so it is inside), lengthMs long. */
export function windowBeforeLastEntry(lastEntryMs: number, lengthMs: number): TimeWindow {
  const endMs = Math.ceil((lastEntryMs + 1) / 60_000) * 60_000;
  return { start: new Date(endMs - lengthMs).toISOString(), end: new Date(endMs).toISOString() };
}
