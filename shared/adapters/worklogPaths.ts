import type { TimeWindow } from "../worklog/worklog.js";

/**
 * `<service>/<YYYY>/<MM>/<DD>/<HHMM>Z` named by the window end, so that a retried window writes the
 * same objects and a listing sorts by time.
 */
export function worklogBaseName(service: string, window: TimeWindow): string {
  const end = new Date(window.end).toISOString();
  const [date, time] = end.split("T") as [string, string];
  const [y, m, d] = date.split("-");
  return `${safeSegment(service)}/${y}/${m}/${d}/${time.slice(0, 2)}${time.slice(3, 5)}Z`;
}

export function latestBaseName(service: string): string {
  return `${safeSegment(service)}/latest`;
}

/** `<service>/index`: the service's recent passes, rewritten each pass. */
export function indexBaseName(service: string): string {
  return `${safeSegment(service)}/index`;
}

/** Service names are DNS labels in Cloud Run; anything else is made path-safe rather than trusted. */
export function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
}
