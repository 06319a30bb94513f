import type { TimeWindow } from "../worklog/worklog.js";

/** How the pass chooses its window. */
export type WindowPlan =
  /** Exactly this window (CLI --start/--end or --window, function body). */
  | { kind: "fixed"; window: TimeWindow }
  /** Whatever the input holds (an export file with no window given): the window is its first to last entry. */
  | { kind: "all-input" }
  /** Hourly, unattended: from the state's watermark to now − lag, at most maxCatchUpMs back. */
  | { kind: "watermark"; lengthMs: number; lagMs: number; maxCatchUpMs: number };

export type PlannedWindow =
  | { kind: "window"; window: TimeWindow; skippedBeforeMs?: number }
  | { kind: "nothing-to-do"; reason: string };

const MINUTE_MS = 60_000;

/**
 * A window for the watermark plan: [watermark, now − lag) rounded down to the minute, so that reruns
 * of the same hour plan the same window and entries that arrive late are still ahead of the watermark.
 * A first run reads one window length; a run after an outage catches up at most maxCatchUpMs and says
 * how much it left out.
 */
export function planWatermarkWindow(
  watermark: string | undefined,
  now: Date,
  plan: { lengthMs: number; lagMs: number; maxCatchUpMs: number },
): PlannedWindow {
  const endMs = Math.floor((now.getTime() - plan.lagMs) / MINUTE_MS) * MINUTE_MS;
  let startMs = watermark ? Date.parse(watermark) : endMs - plan.lengthMs;
  if (endMs <= startMs) return { kind: "nothing-to-do", reason: `the watermark ${watermark} is not older than now − lag` };
  let skippedBeforeMs: number | undefined;
  if (endMs - startMs > plan.maxCatchUpMs) {
    skippedBeforeMs = endMs - plan.maxCatchUpMs - startMs;
    startMs = endMs - plan.maxCatchUpMs;
  }
  const window = { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
  return skippedBeforeMs ? { kind: "window", window, skippedBeforeMs } : { kind: "window", window };
}
