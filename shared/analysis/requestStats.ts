import type { Entry } from "../entries/entry.js";
import type { Weight } from "../gardener/weight.js";
import { addLatency, addLatencyQuantiles, emptySketch, quantile, type LatencySketch } from "./latencySketch.js";
import { routeOf } from "../clustering/routeOf.js";
import { trafficOf, type Traffic } from "./trafficOf.js";

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Bounds of request statistics. */
export const REQUEST_LIMITS = {
  /**
   * Routes tracked one by one; requests to further routes are counted under "(other routes)". An API
   * rarely has more. Each route holds 7 latency sketches of ~100 buckets for latencies spanning two
   * orders of magnitude (560 at most), so 300 routes stay within a few MB in practice.
   */
  maxRoutes: 300,
  /** Trace ids of failed requests kept per route, to link them to container logs. */
  maxTracesPerRoute: 50,
  /** Minutes of per-minute totals kept (a day); beyond, minutes are still counted in the totals. */
  maxMinutes: 1440,
} as const;

export interface RouteClassStats {
  count: number;
  latency: LatencySketch;
}

export interface RouteStats {
  method: string;
  route: string;
  traffic: Traffic;
  total: number;
  byClass: Partial<Record<StatusClass, RouteClassStats>>;
  latency: LatencySketch;
  /** Latency of the requests that did not fail with 5xx: what a slow route is judged on (failures are incidents of their own). */
  okLatency: LatencySketch;
  /** Traces of 5xx requests (bounded), to find the container logs of the same requests. */
  failedTraces: Set<string>;
  firstMs: number;
  lastMs: number;
}

export interface MinuteCounts {
  total: number;
  failed: number;
  /** 5xx answers to health checks and the gardener's own calls (not in total/failed). */
  otherFailed: number;
}

/** Request totals over the window; every count exact, percentiles from bounded sketches. */
export interface RequestStats {
  /** All requests, health checks and own traffic included. */
  total: number;
  byClass: Record<StatusClass, number>;
  /** Requests that are not health checks nor the gardener's own: what priorities are based on. */
  user: { total: number; byClass: Record<StatusClass, number> };
  routes: Map<string, RouteStats>;
  /** Requests folded into "(other routes)" once maxRoutes was reached. */
  otherRoutes: number;
  /** User requests per UTC minute (keyed by minute start, ms). */
  perMinute: Map<number, MinuteCounts>;
}

const emptyClasses = (): Record<StatusClass, number> => ({ "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 });

export function emptyRequestStats(): RequestStats {
  return { total: 0, byClass: emptyClasses(), user: { total: 0, byClass: emptyClasses() }, routes: new Map(), otherRoutes: 0, perMinute: new Map() };
}

export function statusClassOf(status: number): StatusClass {
  return STATUS_CLASSES[Math.min(5, Math.max(1, Math.floor(status / 100))) - 1] as StatusClass;
}

/** Counts a request log, or `weight.count` requests of the same route and status (a source that grouped them for us). */
export function addRequest(stats: RequestStats, entry: Entry, weight?: Weight): void {
  const http = entry.httpRequest;
  const status = http?.status;
  if (!http || status === undefined) return;
  const n = weight?.count ?? 1;
  const cls = statusClassOf(status);
  stats.total += n;
  stats.byClass[cls] += n;
  const method = http.method ?? "?";
  const route = routeOf(http.url ?? "");
  const traffic = trafficOf(route, http.userAgent);
  if (traffic === "user") {
    stats.user.total += n;
    stats.user.byClass[cls] += n;
  }
  if (weight) for (const [minuteMs, k] of weight.perMinute) addToMinute(stats, minuteMs, k, traffic, cls);
  else addToMinute(stats, entry.timeMs - (entry.timeMs % 60_000), 1, traffic, cls);
  let key = `${method} ${route}`;
  let r = stats.routes.get(key);
  if (!r && stats.routes.size >= REQUEST_LIMITS.maxRoutes) {
    stats.otherRoutes += n;
    key = "* (other routes)";
    r = stats.routes.get(key);
  }
  const firstMs = weight?.firstMs ?? entry.timeMs;
  const lastMs = weight?.lastMs ?? entry.timeMs;
  if (!r) {
    r = { method, route: key.startsWith("* ") ? "(other routes)" : route, traffic, total: 0, byClass: {}, latency: emptySketch(), okLatency: emptySketch(), failedTraces: new Set(), firstMs, lastMs };
    stats.routes.set(key, r);
  }
  r.total += n;
  if (firstMs < r.firstMs) r.firstMs = firstMs;
  if (lastMs > r.lastMs) r.lastMs = lastMs;
  const c = (r.byClass[cls] ??= { count: 0, latency: emptySketch() });
  c.count += n;
  if (weight) {
    const q = weight.latencyQuantilesMs;
    if (q?.length) {
      addLatencyQuantiles(c.latency, q, n);
      addLatencyQuantiles(r.latency, q, n);
      if (cls !== "5xx") addLatencyQuantiles(r.okLatency, q, n);
    }
    if (cls === "5xx") for (const trace of weight.traces ?? []) if (r.failedTraces.size < REQUEST_LIMITS.maxTracesPerRoute) r.failedTraces.add(trace);
  } else if (http.latencyMs !== undefined) {
    addLatency(c.latency, http.latencyMs);
    addLatency(r.latency, http.latencyMs);
    if (cls !== "5xx") addLatency(r.okLatency, http.latencyMs);
  }
  if (cls === "5xx" && entry.trace && r.failedTraces.size < REQUEST_LIMITS.maxTracesPerRoute) r.failedTraces.add(entry.trace);
}

function addToMinute(stats: RequestStats, minuteMs: number, k: number, traffic: Traffic, cls: StatusClass): void {
  let m = stats.perMinute.get(minuteMs);
  if (!m && stats.perMinute.size < REQUEST_LIMITS.maxMinutes) {
    m = { total: 0, failed: 0, otherFailed: 0 };
    stats.perMinute.set(minuteMs, m);
  }
  if (m && traffic === "user") {
    m.total += k;
    if (cls === "5xx") m.failed += k;
  } else if (m && cls === "5xx") m.otherFailed += k;
}

/** p50/p95/p99 in ms (rounded to 0.1 ms), or undefined without latencies. */
export function percentiles(s: LatencySketch): { p50: number; p95: number; p99: number } | undefined {
  const p50 = quantile(s, 0.5);
  const p95 = quantile(s, 0.95);
  const p99 = quantile(s, 0.99);
  if (p50 === undefined || p95 === undefined || p99 === undefined) return undefined;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(p50), p95: r(p95), p99: r(p99) };
}

/** User requests, 5xx among them, and failed health checks between two instants (whole minutes overlapping the span). */
export function userRequestsBetween(stats: RequestStats, fromMs: number, toMs: number): MinuteCounts {
  const out = { total: 0, failed: 0, otherFailed: 0 };
  const from = fromMs - (fromMs % 60_000);
  for (const [minute, m] of stats.perMinute) {
    if (minute < from || minute > toMs) continue;
    out.total += m.total;
    out.failed += m.failed;
    out.otherFailed += m.otherFailed;
  }
  return out;
}
