export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower rank = more urgent. */
export const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);

/** Thresholds of the priority rules; each rule names itself and its threshold in the reason it writes. */
export const PRIORITY_RULES = {
  /** outage (P0): at least this share of user requests during the incident failed with 5xx… */
  p0FailedRequestShare: 0.5,
  /** …and at least this many did (a single failed call is not an outage). */
  p0MinFailedRequests: 5,
  /** crash loop (P0): at least this many container exits (or instances that never started) in the window. */
  p0MinContainerExits: 5,
  /** error volume (P1): at least this many error events in the window. */
  p1MinErrors: 10,
  /** failed requests (P1): at least this share of user requests during the incident failed with 5xx… */
  p1FailedRequestShare: 0.05,
  /** …and at least this many. */
  p1MinFailedRequests: 5,
  /** slow route (P1): a user route's p95 latency at or above this, over at least slowMinRequests requests. */
  p1SlowP95Ms: 5000,
  /** slow route (P2): a user route's p95 latency at or above this. */
  p2SlowP95Ms: 1000,
  /** Requests a route needs before its percentiles count for a priority. */
  slowMinRequests: 20,
} as const;
