import { describe, expect, it } from "@jest/globals";
import { addRequest, emptyRequestStats, percentiles, userRequestsBetween } from "../../shared/analysis/requestStats.js";
import { trafficOf } from "../../shared/analysis/trafficOf.js";
import { entryOf } from "../events/entryOf.js";

const T0 = Date.parse("2026-01-01T10:00:00Z");
const req = (url: string, status: number, latencyMs: number, at = T0, userAgent = "Mozilla/5.0", trace?: string) => ({
  ...entryOf("", at, { logId: "run.googleapis.com/requests" }),
  httpRequest: { method: "GET", url, status, latencyMs, userAgent },
  ...(trace ? { trace } : {}),
});

describe("request statistics", () => {
  it("counts per route and status class exactly, with latency percentiles and 5xx traces", () => {
    const s = emptyRequestStats();
    for (let i = 1; i <= 100; i++) addRequest(s, req(`https://h/api/orders/${i}?x=1`, i <= 10 ? 503 : 200, i * 10, T0 + i * 1000, "Mozilla/5.0", i <= 10 ? `projects/p/traces/t${i}` : undefined));
    for (let i = 0; i < 5; i++) addRequest(s, req("https://h/health", 503, 5, T0, "GoogleHC/1.0"));
    addRequest(s, req("https://h/api/orders/1", 200, 5, T0, "log-gardener/0.1"));
    addRequest(s, entryOf("no http", T0));
    expect(s.total).toBe(106);
    expect(s.byClass).toMatchObject({ "2xx": 91, "5xx": 15 });
    expect(s.user).toEqual({ total: 100, byClass: { "1xx": 0, "2xx": 90, "3xx": 0, "4xx": 0, "5xx": 10 } });
    const orders = s.routes.get("GET /api/orders/<*>");
    expect(orders?.total).toBe(101);
    expect(orders?.byClass["5xx"]?.count).toBe(10);
    expect(orders?.failedTraces.size).toBe(10);
    const p = percentiles(orders?.latency ?? { count: 0, minMs: 0, maxMs: 0, sumMs: 0, buckets: new Map() });
    expect(p?.p50).toBeGreaterThan(490 * 0.98);
    expect(p?.p50).toBeLessThan(500 * 1.02);
    expect(p?.p99).toBeGreaterThan(990 * 0.98);
    expect(s.routes.get("GET /health")?.traffic).toBe("health-check");
    expect(userRequestsBetween(s, T0, T0 + 59_000)).toEqual({ total: 59, failed: 10, otherFailed: 5 });
  });

  it.each([
    ["/health", undefined, "health-check"],
    ["/health/ready", undefined, "health-check"],
    ["/api/x", "GoogleHC/1.0", "health-check"],
    ["/api/x", "log-gardener/0.1.0", "gardener"],
    ["/api/healthy-food", undefined, "user"],
  ])("%s (%s) is %s traffic", (route, ua, expected) => {
    expect(trafficOf(route, ua)).toBe(expected);
  });
});
