import type { Entry } from "../entries/entry.js";

/** Request totals over the window, by status class; exact counts. */
export interface RequestStats {
  total: number;
  byClass: Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number>;
}

export function emptyRequestStats(): RequestStats {
  return { total: 0, byClass: { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 } };
}

export function addRequest(stats: RequestStats, entry: Entry): void {
  const status = entry.httpRequest?.status;
  if (status === undefined) return;
  stats.total++;
  const cls = `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as keyof RequestStats["byClass"];
  stats.byClass[cls]++;
}
