import type { Cluster } from "../clustering/cluster.js";
import { isDeath, isDeployFailure, isFailedRequest, isPlatformCause, statedCause } from "./clusterRole.js";
import { precedence, type InstanceTimeline } from "./instanceTimeline.js";
import { messageCore, quotesCore, together } from "./quotedMessage.js";
import { PAIR_GAP_MS, type RequestPairs } from "./requestPairs.js";

/** Share of the smaller instance set two patterns must have in common to count as "the same instances". */
export const SAME_INSTANCES_SHARE = 0.5;
/**
 * Share of a request pattern's failed requests that must have come with a given error on the same
 * instance (within PAIR_GAP_MS of the answer) for the requests to be that error's symptom. Half: a
 * busy instance may log an unrelated error near one request, not near most of them.
 */
export const PAIRED_REQUEST_SHARE = 0.5;
/** Failed requests with the same platform error this close in time are one failure seen on several routes. */
export const SAME_FAILURE_GAP_MS = 60_000;

/** What links are judged on besides the clusters themselves. */
export interface LinkContext {
  timeline: InstanceTimeline;
  pairs: RequestPairs;
  label: (c: Cluster) => string;
}

/** Why two patterns are one failure, in words; empty when nothing links them. */
export function linkReasons(a: Cluster, b: Cluster, ctx: LinkContext): string[] {
  const { timeline, label } = ctx;
  const why: string[] = [];
  const shared = [...a.traces].filter((t) => b.traces.has(t)).length;
  if (shared > 0) why.push(`${label(a)} and ${label(b)} share ${shared} request trace${shared === 1 ? "" : "s"}`);
  let quotedError = false;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const cause = statedCause(x);
    if (cause && y.samples.some((s) => s.includes(cause))) {
      why.push(`${label(y)} quotes the error of ${label(x)}: "${clip(cause)}"`);
      quotedError = true;
    }
  }
  // One failure logged twice: a pattern whose text holds another's message, logged together with it, at the same time.
  if (!quotedError && overlaps(a, b) && together(a, b)) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const core = messageCore(x);
      if (core && quotesCore(y, core)) why.push(`${label(y)} quotes the message of ${label(x)}: "${clip(core.line)}"`);
    }
  }
  if ([a, b].some(isDeath) && a.instances.size && b.instances.size) {
    const common = [...a.instances].filter((i) => b.instances.has(i)).length;
    const smaller = Math.min(a.instances.size, b.instances.size);
    if (common >= 1 && common / smaller >= SAME_INSTANCES_SHARE) {
      const order = precedence(timeline, a, b);
      const orderText =
        order.both && order.aFirst !== order.bFirst
          ? `; ${order.aFirst > order.bFirst ? label(a) : label(b)} came first on ${Math.max(order.aFirst, order.bFirst)} of ${order.both}`
          : "";
      why.push(`${label(a)} and ${label(b)} occur on the same instances (${common} of ${smaller}), which then died${orderText}`);
    }
  }
  if (isFailedRequest(a) && isFailedRequest(b)) {
    const ka = a.request?.platformKey;
    const overlap = a.firstMs - SAME_FAILURE_GAP_MS <= b.lastMs && b.firstMs - SAME_FAILURE_GAP_MS <= a.lastMs;
    if (ka && ka === b.request?.platformKey && overlap) why.push(`${label(a)} and ${label(b)} are requests failing with the same platform error at the same time`);
  }
  // An application error logged on the instance that answered 5xx, at the moment it answered.
  for (const [req, err] of [
    [a, b],
    [b, a],
  ] as const) {
    if (shared > 0 || !isFailedRequest(req) || req.request?.platformKey || err.kind === "request") continue;
    const together = ctx.pairs.pairs.get(req)?.get(err) ?? 0;
    const recorded = ctx.pairs.requests.get(req) ?? 0;
    if (together > 0 && together >= PAIRED_REQUEST_SHARE * recorded) {
      why.push(`${together} of ${label(req)}'s ${recorded} failed request${recorded === 1 ? "" : "s"} came with ${label(err)} on the same instance, within ${PAIR_GAP_MS} ms of the answer`);
    }
  }
  // Requests the platform could not answer on a revision whose instances died over the same time.
  for (const [req, crash] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!isFailedRequest(req) || !req.request?.platformKey || !isDeath(crash) || !req.revisions.size) continue;
    const sameRevision = [...req.revisions.keys()].every((r) => crash.revisions.has(r));
    if (sameRevision && overlaps(req, crash)) {
      why.push(`${label(req)} failed at the platform (no answer from the instance) on revision ${[...req.revisions.keys()].join(", ")}, whose instances died ${crash.count} times (${label(crash)}) over the same time`);
    }
  }
  // A revision or service that did not become Ready because its instances failed to start.
  for (const [audit, failed] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!isDeployFailure(audit) || !(isDeath(failed) || isPlatformCause(failed)) || !overlaps(audit, failed)) continue;
    const revision = audit.platform?.revision;
    if (revision && !failed.revisions.has(revision)) continue;
    why.push(
      revision
        ? `${label(audit)} reports that revision ${revision} did not become Ready, while its instances failed (${label(failed)})`
        : `${label(audit)} reports that the service did not become Ready, while the new revision's instances failed (${label(failed)})`,
    );
  }
  return why;
}

function overlaps(a: Cluster, b: Cluster): boolean {
  return a.firstMs - SAME_FAILURE_GAP_MS <= b.lastMs && b.firstMs - SAME_FAILURE_GAP_MS <= a.lastMs;
}

function clip(s: string): string {
  return s.length > 90 ? `${s.slice(0, 89)}…` : s;
}
