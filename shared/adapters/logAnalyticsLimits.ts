/**
 * Bounds of a Log Analytics read: what comes back is bounded whatever the volume of the window, so a
 * 5M-entry hour costs the same handful of queries and about the same rows as a 50k-entry one. Each
 * bound that is hit is said in the worklog (the read is then marked incomplete, the totals stay exact).
 */
export interface LogAnalyticsLimits {
  /**
   * Error-like entries, platform messages and deploy markers read in full per read (oldest first).
   * A crash loop writes a few thousand an hour; 10,000 rows of a few KB are tens of MB at most.
   * Past the bound they come as shapes (`full-overflow`), still counted and clustered.
   */
  maxFullRows: number;
  /** Request groups (revision, method, path shape, status, agent): an API rarely has more than a few hundred routes. */
  maxRequestGroups: number;
  /** Message shapes per read, most frequent first; rarer ones are counted in the totals but not clustered. */
  maxShapes: number;
  /** Traces of failed requests kept per route (as REQUEST_LIMITS.maxTracesPerRoute), and in all. */
  maxTracesPerRoute: number;
  maxTraces: number;
  /** Rows per result page: BigQuery caps a page at 10 MB; 5,000 full rows stay well under it. */
  pageRows: number;
}

export const DEFAULT_LOG_ANALYTICS_LIMITS: LogAnalyticsLimits = {
  maxFullRows: 10_000,
  maxRequestGroups: 2_000,
  maxShapes: 5_000,
  maxTracesPerRoute: 50,
  maxTraces: 5_000,
  pageRows: 5_000,
};
