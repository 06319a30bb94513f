import type { Entry } from "../entries/entry.js";
import { addLatency, emptySketch, quantile, type LatencySketch } from "./latencySketch.js";
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
  return `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as StatusClass;
}

export function addRequest(stats: RequestStats, entry: Entry): void {
  const http = entry.httpRequest;
  const status = http?.status;
  if (!http || status === undefined) return;
  const cls = statusClassOf(status);
  stats.total++;
  stats.byClass[cls]++;
  const method = http.method ?? "?";
  const route = routeOf(http.url ?? "");
  const traffic = trafficOf(route, http.userAgent);
  if (traffic === "user") {
    stats.user.total++;
    stats.user.byClass[cls]++;
  }
  const minute = entry.timeMs - (entry.timeMs % 60_000);
  let m = stats.perMinute.get(minute);
  if (!m && stats.perMinute.size < REQUEST_LIMITS.maxMinutes) {
    m = { total: 0, failed: 0, otherFailed: 0 };
    stats.perMinute.set(minute, m);
  }
  if (m && traffic === "user") {
    m.total++;
    if (cls === "5xx") m.failed++;
  } else if (m && cls === "5xx") m.otherFailed++;
  let key = `${method} ${route}`;
  let r = stats.routes.get(key);
  if (!r && stats.routes.size >= REQUEST_LIMITS.maxRoutes) {
    stats.otherRoutes++;
    key = "* (other routes)";
    r = stats.routes.get(key);
  }
  if (!r) {
    r = { method, route: key.startsWith("* ") ? "(other routes)" : route, traffic, total: 0, byClass: {}, latency: emptySketch(), okLatency: emptySketch(), failedTraces: new Set(), firstMs: entry.timeMs, lastMs: entry.timeMs };
    stats.routes.set(key, r);
  }
  r.total++;
  if (entry.timeMs < r.firstMs) r.firstMs = entry.timeMs;
  if (entry.timeMs > r.lastMs) r.lastMs = entry.timeMs;
  const c = (r.byClass[cls] ??= { count: 0, latency: emptySketch() });
  c.count++;
  if (http.latencyMs !== undefined) {
    addLatency(c.latency, http.latencyMs);
    addLatency(r.latency, http.latencyMs);
    if (cls !== "5xx") addLatency(r.okLatency, http.latencyMs);
  }
  if (cls === "5xx" && entry.trace && r.failedTraces.size < REQUEST_LIMITS.maxTracesPerRoute) r.failedTraces.add(entry.trace);
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
