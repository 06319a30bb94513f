import type { Cluster } from "../clustering/cluster.js";
import { severityRank } from "../entries/severity.js";
import { worstSeverity } from "./clusterRole.js";

/** Clusters ordered the way a reader triages: worst severity first, then most frequent. Ids C1, C2… follow it. */
export function orderClusters(clusters: readonly Cluster[]): Cluster[] {
  return [...clusters].sort(
    (a, b) => severityRank(worstSeverity(b)) - severityRank(worstSeverity(a)) || b.count - a.count || a.fingerprint.localeCompare(b.fingerprint),
  );
}

/** Short ids (C1, C2, …) in triage order. */
export function clusterIds(clusters: readonly Cluster[]): Map<Cluster, string> {
  return new Map(orderClusters(clusters).map((c, i) => [c, `C${i + 1}`]));
}
