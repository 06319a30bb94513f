import type { TimeWindow } from "../worklog/worklog.js";
import type { WindowPlan } from "./planWindow.js";

/**
 * Where to look for the services of a project named without any: the span a pass may read. A fixed
 * window is that window; an hourly pass may read back to the catch-up bound, up to now − lag.
 */
export function discoveryWindow(plan: WindowPlan, now: Date): TimeWindow {
  if (plan.kind === "fixed") return plan.window;
  if (plan.kind === "watermark") {
    const end = now.getTime() - plan.lagMs;
    return { start: new Date(end - plan.maxCatchUpMs).toISOString(), end: new Date(end).toISOString() };
  }
  // A whole export is read as it is: its services are whatever it holds.
  return { start: new Date(0).toISOString(), end: now.toISOString() };
}
