import type { Cluster } from "../clustering/cluster.js";
import { duration, utc } from "../util/format.js";
import { DEPLOY_KIND_VERBS, type DeployMarker } from "./deployMarker.js";

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
    const what = DEPLOY_KIND_VERBS[marker.kind];
    return { revision, startedWith: true, reason: `started with revision ${revision}: it ${what} at ${utc(marker.timeMs)}, ${duration(firstMs - marker.timeMs)} before the first failure` };
  }
  // A revision that failed to become Ready was being deployed: its app fails before the platform gives up on it.
  const notReady = deploys.find((d) => d.kind === "revision-not-ready" && d.revision === revision && Math.abs(d.timeMs - firstMs) <= STARTED_WITH_MS);
  if (notReady) {
    return { revision, startedWith: true, reason: `started with revision ${revision}: its deploy failed (it never became Ready; the platform gave up at ${utc(notReady.timeMs)})` };
  }
  const seen = revisions.get(revision);
  if (seen && seen.firstMs - windowStartMs > WINDOW_START_SLACK_MS && firstMs - seen.firstMs <= STARTED_WITH_MS && firstMs >= seen.firstMs) {
    return { revision, startedWith: true, reason: `started with revision ${revision}: its first entry at ${utc(seen.firstMs)} came ${duration(firstMs - seen.firstMs)} before the first failure` };
  }
  const everyEvent = n === 1 ? `its one event came from revision ${revision}` : `all ${n} events came from revision ${revision}`;
  if (previousRevisions && !previousRevisions.has(revision)) {
    return { revision, startedWith: true, reason: `${everyEvent}, which the previous worklog did not see` };
  }
  const tooEarly = "too long before it to put the failure on the revision";
  let reason: string;
  if (previousRevisions) reason = `${everyEvent}; it was already running when the window began (seen in the previous worklog too)`;
  // `marker` (above) is the revision's last deploy before the failure, here too long before it.
  else if (marker) reason = `${everyEvent}; it ${DEPLOY_KIND_VERBS[marker.kind]} at ${utc(marker.timeMs)}, ${duration(firstMs - marker.timeMs)} before the first failure: ${tooEarly}`;
  else if (seen && seen.firstMs - windowStartMs > WINDOW_START_SLACK_MS) reason = `${everyEvent}; its first entry at ${utc(seen.firstMs)} came ${duration(firstMs - seen.firstMs)} before the first failure: ${tooEarly}`;
  else reason = `${everyEvent}; it was probably running before the window began (no deploy of it in the window${seen ? ", and its entries start with the window" : ""})`;
  return { revision, startedWith: false, reason };
}
