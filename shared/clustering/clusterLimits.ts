/** Bounds that keep clustering flat in memory whatever the input. */
export interface ClusterLimits {
  /**
   * Clusters kept at once. An hour of one service rarely has more than a few hundred patterns; past
   * this the least recently seen cluster is evicted and its events counted as `cluster_evicted`.
   */
  maxClusters: number;
  /** Characters of a message considered for its key; the rest is cut and counted as `line_too_long`. */
  maxLineChars: number;
  /** Tokens of a message considered for its key; the rest is cut and counted as `too_many_tokens`. */
  maxTokens: number;
  /** Samples kept per cluster. Three show variety without bloating the worklog. */
  maxSamples: number;
  /** Characters kept per sample (after redaction). Enough for a 40-frame traceback. */
  maxSampleChars: number;
  /**
   * Instance, trace and revision ids remembered per cluster; enough to link events (a crash loop of an
   * hour restarts about 360 times, and linking needs only a few shared ids), bounded for memory. Ids
   * seen past it are counted as `ids_not_kept`.
   */
  maxIdsPerCluster: number;
  /**
   * Minutes of a cluster's per-minute timeline: a day. A window longer than that (a backfill given
   * with --start/--end) would otherwise grow every timeline without bound; events of minutes past it
   * are counted as `timeline_minutes_not_kept` (their cluster's count stays exact).
   */
  maxTimelineMinutes: number;
}

export const DEFAULT_CLUSTER_LIMITS: ClusterLimits = {
  maxClusters: 5000,
  maxLineChars: 16 * 1024,
  maxTokens: 256,
  maxSamples: 3,
  maxSampleChars: 4000,
  maxIdsPerCluster: 200,
  maxTimelineMinutes: 1440,
};
