import type { TimeWindow } from "../worklog/worklog.js";

/**
 * `<unit key>/<YYYY>/<MM>/<DD>/<HHMM>Z` named by the window end, so that a retried window writes the
 * same objects and a listing sorts by time. A Cloud Run service's key is its name, so its worklogs
 * stay where they always were; other kinds nest under their prefix (`gke/<namespace>/<workload>/…`).
 */
export function worklogBaseName(unitKey: string, window: TimeWindow): string {
  const end = new Date(window.end).toISOString();
  const [date, time] = end.split("T") as [string, string];
  const [y, m, d] = date.split("-");
  return `${safePath(unitKey)}/${y}/${m}/${d}/${time.slice(0, 2)}${time.slice(3, 5)}Z`;
}

export function latestBaseName(unitKey: string): string {
  return `${safePath(unitKey)}/latest`;
}

/** `<unit key>/index`: the unit's recent passes, rewritten each pass. */
export function indexBaseName(unitKey: string): string {
  return `${safePath(unitKey)}/index`;
}

/** A unit key as a relative path: `/` keeps separating its segments, and each segment is made safe. */
export function safePath(unitKey: string): string {
  return unitKey.split("/").map(safeSegment).join("/");
}

/** One path segment: names come from log entries, so anything unusual is made path-safe rather than trusted (no `..`, no separators). */
export function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
}
