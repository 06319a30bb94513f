import type { Cluster } from "../clustering/cluster.js";
import { duration, utc } from "../util/format.js";
import type { DeployMarker } from "./deployMarker.js";

export interface RevisionSeen {
  entries: number;
  firstMs: number;
  lastMs: number;
}

/** Whether an incident began with a revision, and the evidence. */
export interface RevisionLink {
  revision: string;
  /** True when a deploy marker or the revision's first entry in the window came shortly before the first failure. */
  startedWith: boolean;
  reason: string;
}

/** A revision counts as the start of a problem when it came up at most this long before the first failure. */
export const STARTED_WITH_MS = 15 * 60_000;
/** A revision whose first entry is this close to the window start was probably running before it. */
const WINDOW_START_SLACK_MS = 60_000;

export function revisionLink(
  clusters: Cluster[],
  firstMs: number,
  revisions: ReadonlyMap<string, RevisionSeen>,
  deploys: readonly DeployMarker[],
  windowStartMs: number,
  previousRevisions?: ReadonlySet<string>,
  /** The incident was already in the previous worklog. */
  seenBefore = false,
): RevisionLink | undefined {
  const counts = new Map<string, number>();
  for (const c of clusters) for (const [r, n] of c.revisions) counts.set(r, (counts.get(r) ?? 0) + n);
  if (counts.size !== 1) return undefined;
  const [revision, n] = [...counts.entries()][0] as [string, number];
  if (seenBefore) {
    const deployed = deploys.find((d) => d.revision === revision);
    return {
      revision,
      startedWith: false,
      reason: `${n === 1 ? "its one event" : `all ${n} events`} came from revision ${revision}${deployed ? ` (deployed ${utc(deployed.timeMs)})` : ""}, but the previous worklog already had this incident: it did not start with this revision`,
    };
  }
  const marker = deploys.filter((d) => d.revision === revision && d.timeMs <= firstMs).sort((a, b) => b.timeMs - a.timeMs)[0];
  if (marker && firstMs - marker.timeMs <= STARTED_WITH_MS) {
    const what = marker.kind === "revision-ready" ? "became Ready" : "was deployed";
    return { revision, startedWith: true, reason: `started with revision ${revision}: it ${what} at ${utc(marker.timeMs)}, ${duration(firstMs - marker.timeMs)} before the first failure` };
  }
  const seen = revisions.get(revision);
  if (seen && seen.firstMs - windowStartMs > WINDOW_START_SLACK_MS && firstMs - seen.firstMs <= STARTED_WITH_MS && firstMs >= seen.firstMs) {
    return { revision, startedWith: true, reason: `started with revision ${revision}: its first entry at ${utc(seen.firstMs)} came ${duration(firstMs - seen.firstMs)} before the first failure` };
  }
  const everyEvent = n === 1 ? `its one event came from revision ${revision}` : `all ${n} events came from revision ${revision}`;
  if (previousRevisions && !previousRevisions.has(revision)) {
    return { revision, startedWith: true, reason: `${everyEvent}, which the previous worklog did not see` };
  }
  return { revision, startedWith: false, reason: `${everyEvent}; it was already running when the window began${previousRevisions ? " (seen in the previous worklog too)" : ""}` };
}
