import type { Cluster } from "../clustering/cluster.js";
import { isExit, isFailedRequest, isFailedStart, isWorkerDeath, statedCause } from "./clusterRole.js";
import { coincidence, precedence, type InstanceTimeline } from "./instanceTimeline.js";

/** Share of the smaller instance set two patterns must have in common to count as "the same instances". */
export const SAME_INSTANCES_SHARE = 0.5;
/**
 * An application error and a failed request on the same instance this close together are one request
 * failing (the usual FastAPI/Flask pair when the traceback carries no trace id).
 */
export const SAME_REQUEST_GAP_MS = 2_000;
/** …provided the patterns are rare enough per instance that their first appearance there stands for each occurrence. */
const MAX_EVENTS_PER_SHARED_INSTANCE = 2;
/** Failed requests with the same platform error this close in time are one failure seen on several routes. */
export const SAME_FAILURE_GAP_MS = 60_000;

/** Why two patterns are one failure, in words; empty when nothing links them. */
export function linkReasons(a: Cluster, b: Cluster, timeline: InstanceTimeline, label: (c: Cluster) => string): string[] {
  const why: string[] = [];
  const shared = [...a.traces].filter((t) => b.traces.has(t)).length;
  if (shared > 0) why.push(`${label(a)} and ${label(b)} share ${shared} request trace${shared === 1 ? "" : "s"}`);
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const cause = statedCause(x);
    if (cause && y.samples.some((s) => s.includes(cause))) why.push(`${label(y)} quotes the error of ${label(x)}: "${clip(cause)}"`);
  }
  const crash = [a, b].some(isDeath);
  if (crash && a.instances.size && b.instances.size) {
    const common = [...a.instances].filter((i) => b.instances.has(i)).length;
    const smaller = Math.min(a.instances.size, b.instances.size);
    if (common >= 1 && common / smaller >= SAME_INSTANCES_SHARE) {
      const order = precedence(timeline, a.fingerprint, b.fingerprint);
      const orderText =
        order.both && order.aFirst !== order.bFirst
          ? `; ${order.aFirst > order.bFirst ? label(a) : label(b)} came first on ${Math.max(order.aFirst, order.bFirst)} of ${order.both}`
          : "";
      why.push(`${label(a)} and ${label(b)} occur on the same instances (${common} of ${smaller}), which then died${orderText}`);
    }
  }
  if (isFailedRequest(a) && isFailedRequest(b)) {
    const ea = requestError(a.template);
    const overlap = a.firstMs - SAME_FAILURE_GAP_MS <= b.lastMs && b.firstMs - SAME_FAILURE_GAP_MS <= a.lastMs;
    if (ea && ea === requestError(b.template) && overlap) why.push(`${label(a)} and ${label(b)} are requests failing with the same platform error at the same time: "${clip(ea)}"`);
  }
  for (const [req, err] of [
    [a, b],
    [b, a],
  ] as const) {
    if (shared > 0 || !isFailedRequest(req) || requestError(req.template) || err.kind === "request") continue;
    const c = coincidence(timeline, req.fingerprint, err.fingerprint, SAME_REQUEST_GAP_MS);
    const rare = Math.max(req.count, err.count) <= MAX_EVENTS_PER_SHARED_INSTANCE * c.both;
    if (c.both > 0 && c.close === c.both && rare) {
      why.push(`${label(req)} and ${label(err)} happened on the same instance${c.both === 1 ? "" : `s (${c.both})`} within ${(c.maxGapMs / 1000).toFixed(1)} s of each other`);
    }
  }
  for (const [req, crash] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!isFailedRequest(req) || !requestError(req.template) || !isDeath(crash) || !req.revisions.size) continue;
    const sameRevision = [...req.revisions.keys()].every((r) => crash.revisions.has(r));
    const overlap = req.firstMs - SAME_FAILURE_GAP_MS <= crash.lastMs && crash.firstMs - SAME_FAILURE_GAP_MS <= req.lastMs;
    if (sameRevision && overlap) {
      why.push(`${label(req)} failed at the platform (no answer from the instance) on revision ${[...req.revisions.keys()].join(", ")}, whose instances died ${crash.count} times (${label(crash)}) over the same time`);
    }
  }
  return why;
}

/** The error text a request pattern carries after its method, route and status class (the platform's message). */
function requestError(template: string): string | undefined {
  const m = /\b[1-5](?:xx|\d\d)\s+(.{16,})$/.exec(template);
  return m?.[1]?.trim();
}

function isDeath(c: Cluster): boolean {
  return isExit(c) || isFailedStart(c) || isWorkerDeath(c);
}

function clip(s: string): string {
  return s.length > 90 ? `${s.slice(0, 89)}…` : s;
}
