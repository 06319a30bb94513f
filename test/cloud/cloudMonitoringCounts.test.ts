import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { cloudMonitoringCounter } from "../../shared/adapters/cloudMonitoringCounts.js";
import type { GoogleEndpoint } from "../../shared/adapters/googleEndpoint.js";
import { createMonitoringClient } from "../../shared/adapters/monitoringClient.js";
import type { WindowCountsOutcome } from "../../shared/gardener/windowCounts.js";
import type { RestEntry } from "../fakes/loggingServer.js";
import { startMonitoringServer, type FakeMonitoringServer } from "../fakes/monitoringServer.js";
import { seriesFromEntries } from "../fakes/monitoringTruth.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";
import { cloudRunEntries, PROJECT } from "./cloudRunEntries.js";

const HOUR = 3_600_000;
const START = Date.parse("2025-09-16T01:00:00Z");
const WINDOW = { start: new Date(START).toISOString(), end: new Date(START + HOUR).toISOString() };

let server: FakeMonitoringServer;
beforeAll(async () => {
  server = await startMonitoringServer({ project: PROJECT, projects: ["netra-staging"] });
});
afterAll(async () => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const grpcEndpoint = (): GoogleEndpoint => ({ kind: "grpc-insecure", host: "127.0.0.1", port: server.grpcPort });
const restEndpoint = (): GoogleEndpoint => ({ kind: "rest-plain", host: "127.0.0.1", port: Number(new URL(server.restUrl).port) });

function counter(endpoint: GoogleEndpoint, pageSize?: number, project = PROJECT) {
  return cloudMonitoringCounter({
    client: createMonitoringClient(project, endpoint),
    projectId: project,
    sleep: async () => {},
    backoff: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
    ...(pageSize ? { pageSize } : {}),
  });
}

function counted(o: WindowCountsOutcome) {
  if (o.kind !== "counted") throw new Error(`not counted: ${o.reason}: ${o.detail}`);
  return o.services;
}

/** Counts a person would make by reading every entry: the truth the adapter must reproduce. */
function truthOf(entries: RestEntry[], service: string, startMs: number, endMs: number) {
  const bySeverity: Record<string, number> = {};
  const byLog: Record<string, number> = {};
  const perMinute = new Map<number, number>();
  const byClass: Record<string, number> = {};
  let requests = 0;
  const latencies: number[] = [];
  for (const e of entries) {
    const t = Date.parse(String(e.timestamp));
    const r = e.resource as { labels: Record<string, string> };
    if (r.labels.service_name !== service || t < startMs || t >= endMs) continue;
    const sev = String(e.severity ?? "DEFAULT");
    bySeverity[sev] = (bySeverity[sev] ?? 0) + 1;
    const log = decodeURIComponent(String(e.logName).split("/logs/")[1] ?? "");
    byLog[log] = (byLog[log] ?? 0) + 1;
    perMinute.set(t - (t % 60_000), (perMinute.get(t - (t % 60_000)) ?? 0) + 1);
    const h = e.httpRequest as { status?: number; latency?: string } | undefined;
    if (log.endsWith("/requests") && h?.status) {
      requests++;
      const cls = `${String(h.status)[0]}xx`;
      byClass[cls] = (byClass[cls] ?? 0) + 1;
      if (h.latency) latencies.push(Number(h.latency.replace(/s$/, "")) * 1000);
    }
  }
  latencies.sort((a, b) => a - b);
  const exact = (q: number) => latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] as number;
  return { entries: [...perMinute.values()].reduce((a, b) => a + b, 0), bySeverity, byLog, perMinute: [...perMinute.entries()].sort((a, b) => a[0] - b[0]), requests, byClass, exact };
}

const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n));

describeWithSharedData("Cloud Monitoring counts of a real hour", () => {
  const real = JSON.parse(readFileSync(CRASHLOOP_1000, "utf8")) as RestEntry[];
  const service = "netra-backend-staging";
  const window = { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" };

  it.each([
    ["gRPC", grpcEndpoint],
    ["REST (MONITORING_API_ENDPOINT=http://…)", restEndpoint],
  ])("over %s: every entry of the 1000-entry export by severity, log and minute, and its 11 requests", async (_name, endpoint) => {
    server.setSeries(seriesFromEntries(real));
    const truth = truthOf(real, service, Date.parse(window.start), Date.parse(window.end));
    expect(truth.entries).toBe(1000);
    // The export's own project: the fake answers each project with its own resources' series.
    const c = counted(await counter(endpoint(), undefined, "netra-staging").count({ services: [service], window })).get(service)!;
    expect(c.entries).toBe(1000);
    expect(nonZero(c.bySeverity)).toEqual({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    expect(c.byLog).toEqual(truth.byLog);
    expect(c.perMinute).toEqual(truth.perMinute);
    expect(c.requests).toMatchObject({ total: 11, byClass: { "5xx": 11, "2xx": 0 } });
    // Three list calls: entries, requests, latencies.
    expect(server.requests.map((r) => r.filter.match(/metric.type = "([^"]+)"/)?.[1])).toEqual([
      "logging.googleapis.com/log_entry_count",
      "run.googleapis.com/request_count",
      "run.googleapis.com/request_latencies",
    ]);
    expect(server.requests[0]).toMatchObject({ alignmentPeriodS: 60, aligner: "ALIGN_SUM", reducer: "REDUCE_SUM" });
  });
});

describe("Cloud Monitoring counts", () => {
  const entries = [...cloudRunEntries("api", START, HOUR, 700), ...cloudRunEntries("web", START, HOUR, 350), ...cloudRunEntries("api", START + HOUR, HOUR, 70)];

  it("counts only the named services, and every service found when none is named", async () => {
    server.setSeries(seriesFromEntries(entries));
    const one = counted(await counter(grpcEndpoint()).count({ services: ["web"], window: WINDOW }));
    expect([...one.keys()]).toEqual(["web"]);
    const all = counted(await counter(grpcEndpoint()).count({ services: [], window: WINDOW }));
    expect([...all.keys()].sort()).toEqual(["api", "web"]);
    for (const s of ["api", "web"]) {
      const truth = truthOf(entries, s, START, START + HOUR);
      const c = all.get(s)!;
      expect(c.entries).toBe(truth.entries);
      expect(nonZero(c.bySeverity)).toEqual(truth.bySeverity);
      expect(c.perMinute).toEqual(truth.perMinute);
      expect(c.requests?.total).toBe(truth.requests);
      expect(nonZero(c.requests!.byClass)).toEqual(truth.byClass);
      expect(c.byRevision).toEqual({ [`${s}-00042-abc`]: truth.entries });
    }
  });

  it("latency percentiles from the distribution are within a bucket of the exact ones", async () => {
    // Latencies spread from 5 ms to 5 s, so that percentiles fall in different buckets.
    const spread = cloudRunEntries("api", START, HOUR, 400, ["request-200"]).map((e, i) => ({
      ...e,
      httpRequest: { ...(e.httpRequest as object), latency: `${(5 * 1.0175 ** i) / 1000}s` },
    }));
    server.setSeries(seriesFromEntries(spread));
    const truth = truthOf(spread, "api", START, START + HOUR);
    const p = counted(await counter(restEndpoint()).count({ services: ["api"], window: WINDOW })).get("api")!.requests!.latencyMs!;
    // LATENCY_BUCKETS grows by 26% a bucket: interpolation lands within that of the exact value.
    for (const [q, got] of [[0.5, p.p50], [0.95, p.p95], [0.99, p.p99]] as const) {
      expect(Math.abs(got - truth.exact(q)) / truth.exact(q)).toBeLessThan(0.26);
    }
  });

  it("pages through many series", async () => {
    server.setSeries(seriesFromEntries(entries));
    const c = counted(await counter(grpcEndpoint(), 2).count({ services: [], window: WINDOW }));
    expect(c.get("api")?.entries).toBe(truthOf(entries, "api", START, START + HOUR).entries);
    expect(server.requests.length).toBeGreaterThan(3);
  });

  it("a 503 and a 429 are waited out", async () => {
    server.setSeries(seriesFromEntries(entries));
    server.failNext("UNAVAILABLE");
    server.failNext("RESOURCE_EXHAUSTED");
    const c = counted(await counter(restEndpoint()).count({ services: ["api"], window: WINDOW }));
    expect(c.get("api")?.entries).toBe(truthOf(entries, "api", START, START + HOUR).entries);
  });

  it.each([
    ["PERMISSION_DENIED", "permission", /roles\/monitoring\.viewer/],
    ["API_DISABLED", "api-disabled", /enable monitoring\.googleapis\.com/],
  ] as const)("%s is an outcome that says how to fix it, over both transports", async (fault, reason, says) => {
    for (const endpoint of [grpcEndpoint(), restEndpoint()]) {
      server.failNext(fault);
      const o = await counter(endpoint).count({ services: ["api"], window: WINDOW });
      expect(o).toMatchObject({ kind: "unavailable", reason });
      expect(o.kind === "unavailable" && o.detail).toMatch(says);
    }
  });

  it("a project without the metric in the window is no-data, naming the metric", async () => {
    server.setSeries([]);
    const o = await counter(grpcEndpoint()).count({ services: ["api"], window: WINDOW });
    expect(o).toMatchObject({ kind: "unavailable", reason: "no-data" });
    expect(o.kind === "unavailable" && o.detail).toMatch(/log_entry_count/);
  });

  it("the fake refuses what it does not implement instead of guessing", async () => {
    server.setSeries(seriesFromEntries(entries));
    const client = createMonitoringClient(PROJECT, grpcEndpoint());
    await expect(client.listTimeSeries({ name: `projects/${PROJECT}`, filter: 'metric.type = "x" OR resource.type = "y"', interval: { startTime: { seconds: 0 }, endTime: { seconds: 60 } } })).rejects.toMatchObject({
      code: 3,
    });
  });
});
