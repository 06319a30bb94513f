import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { BigQuery } from "@google-cloud/bigquery";
import { noAuthClient } from "../../shared/adapters/googleEndpoint.js";
import { DEFAULT_LOG_ANALYTICS_LIMITS, type LogAnalyticsLimits } from "../../shared/adapters/logAnalyticsLimits.js";
import { buildReadFilters } from "../../shared/adapters/loggingFilter.js";
import { logAnalyticsQueries } from "../../shared/adapters/logAnalyticsSql.js";
import { logAnalyticsSource } from "../../shared/adapters/logAnalyticsSource.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import type { ReadOutcome, SourceItem } from "../../shared/gardener/ports.js";
import type { WindowCountsOutcome } from "../../shared/gardener/windowCounts.js";
import { UserError } from "../../shared/util/userError.js";
import { startBigQueryServer, type FakeBigQueryServer } from "../fakes/bigqueryServer.js";
import type { RestEntry } from "../fakes/loggingServer.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";
import { CRASHLOOP_1000, describeWithSharedData, PROJECT_ROOT } from "../realdata/sharedData.js";
import { cloudRunEntries, PROJECT } from "./cloudRunEntries.js";

const DATASET = `${PROJECT}.gardener_logs`;
const GOLDEN = join(PROJECT_ROOT, "test", "fixtures", "log-analytics-queries.sql");

let server: FakeBigQueryServer;
beforeAll(async () => {
  server = await startBigQueryServer({ project: PROJECT });
});
afterAll(async () => server.close());
beforeEach(() => {
  server.queries.length = 0;
});

function source(options: { limits?: Partial<LogAnalyticsLimits>; maximumBytesBilled?: number; project?: string } = {}) {
  return logAnalyticsSource({
    bigquery: new BigQuery({ projectId: PROJECT, apiEndpoint: server.url, authClient: noAuthClient as never, autoRetry: false } as never),
    dataset: DATASET,
    projectId: options.project ?? PROJECT,
    limits: { ...DEFAULT_LOG_ANALYTICS_LIMITS, ...options.limits },
    ...(options.maximumBytesBilled !== undefined ? { maximumBytesBilled: options.maximumBytesBilled } : {}),
  });
}

async function readAll(s: ReturnType<typeof source>, services: string[], window: { start: string; end: string }) {
  const read = s.read({ services, window });
  const items: SourceItem[] = [];
  for await (const batch of read.batches) for (const item of batch) items.push(item);
  return { items, outcome: read.outcome() as ReadOutcome, counts: read.windowCounts?.() as WindowCountsOutcome };
}

/** Entries each item stands for, by severity (a value is one entry, a weighted item `count`). */
function represented(items: SourceItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    if (item.kind === "skip") continue;
    if (item.kind === "entry") throw new Error("the Log Analytics source hands over raw entries only");
    const n = normalizeEntry(item.value);
    if (!n.ok) throw new Error(`item does not normalise: ${n.reason} ${n.detail}`);
    out[n.entry.severity] = (out[n.entry.severity] ?? 0) + (item.kind === "weighted" ? item.weight.count : 1);
  }
  return out;
}

describe("Log Analytics SQL", () => {
  it("is the golden text (UPDATE_GOLDEN=1 rewrites test/fixtures/log-analytics-queries.sql after a deliberate change)", () => {
    const q = logAnalyticsQueries({ dataset: "my-project.my_linked_dataset", view: "_AllLogs", byService: true });
    const text = Object.values(q).map((x) => `-- ${x.name} (parameters: ${x.params.map((p) => `@${p}`).join(", ")})\n${x.sql};\n`).join("\n");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("filters on timestamp first in every query (partition pruning) and takes every value as a parameter", () => {
    for (const byService of [true, false]) {
      for (const q of Object.values(logAnalyticsQueries({ dataset: "p-1.d", view: "_AllLogs", byService }))) {
        expect(q.sql).toMatch(/WHERE timestamp >= @start AND timestamp < @end\n/);
        expect(q.sql.includes("@services")).toBe(byService);
        // Literals are fixed patterns only: no quote or backslash inside one.
        for (const literal of q.sql.match(/'[^']*'/g) ?? []) expect(literal).not.toMatch(/\\/);
      }
    }
  });

  it("refuses a dataset that is not a table path", () => {
    expect(() => logAnalyticsQueries({ dataset: "p.d` ; DROP TABLE x; --", view: "_AllLogs", byService: true })).toThrow(/not a BigQuery table path/);
  });
});

describeWithSharedData("Log Analytics read of a real hour", () => {
  const real = JSON.parse(readFileSync(CRASHLOOP_1000, "utf8")) as RestEntry[];
  const window = { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" };
  const service = "netra-backend-staging";
  const project = "netra-staging";

  it("counts the whole window exactly and stands for every entry once, in five queries", async () => {
    await server.setEntries(real);
    const s = source({ project });
    const { items, outcome, counts } = await readAll(s, [service], window);
    expect(outcome).toEqual({ complete: true });
    expect(counts.kind).toBe("counted");
    const c = counts.kind === "counted" ? counts.services.get(service) : undefined;
    expect(c?.entries).toBe(1000);
    expect(Object.fromEntries(Object.entries(c?.bySeverity ?? {}).filter(([, n]) => n))).toEqual({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    expect(c?.requests).toMatchObject({ total: 11, byClass: { "5xx": 11 } });
    // Every entry is represented exactly once, by a full row or a shape's count.
    expect(represented(items)).toEqual({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    expect(s.stats().queries).toBe(5);
    expect(server.queries.map((q) => q.rows).reduce((a, b) => a + b, 0)).toBe(s.stats().rows);
  });

  it("full rows normalise to the same entries as the export's, and shape samples are the normaliser's messages", async () => {
    await server.setEntries(real);
    const { items } = await readAll(source({ project }), [service], window);
    const byId = new Map(real.map((e) => [String(e.insertId), e]));
    const messages = new Set(real.map((e) => {
      const n = normalizeEntry(e);
      return n.ok ? n.entry.message : "";
    }));
    let values = 0;
    for (const item of items) {
      if (item.kind === "value") {
        values++;
        const got = normalizeEntry(item.value);
        const original = byId.get(String((item.value as RestEntry).insertId));
        const want = normalizeEntry(original);
        if (!got.ok || !want.ok) throw new Error("not normalisable");
        // BigQuery keeps microseconds: the instant is the same, its text may carry other trailing digits.
        const { timestamp: _t, ...rest } = got.entry;
        const { timestamp: _u, ...wantRest } = want.entry;
        expect(rest).toEqual(wantRest);
      } else if (item.kind === "weighted") {
        const n = normalizeEntry(item.value);
        if (!n.ok) throw new Error("not normalisable");
        if (!n.entry.httpRequest) expect(messages.has(n.entry.message)).toBe(true);
      }
    }
    // The error-like entries of the hour: ERROR, and DEFAULT lines that look like errors, and platform messages.
    expect(values).toBeGreaterThan(86);
  });

  it("reads in full exactly the entries the Cloud Logging error filter selects (one set of error patterns)", async () => {
    await server.setEntries(real);
    const { items } = await readAll(source({ project }), [service], window);
    const full = new Set(
      items
        .filter((i) => i.kind === "value")
        .map((i) => i.value as RestEntry)
        .filter((e) => !/varlog%2Fsystem|cloudaudit/.test(String(e.logName)))
        .map((e) => String(e.insertId)),
    );
    const errors = parseFilter(buildReadFilters({ services: [service], window }).errors);
    const selected = new Set(real.filter((e) => String(e.resource && (e.resource as { type: string }).type) === "cloud_run_revision" && !/requests|varlog%2Fsystem|cloudaudit/.test(String(e.logName)) && matches(errors, e)).map((e) => String(e.insertId)));
    expect(selected.size).toBeGreaterThan(86);
    expect([...full].sort()).toEqual([...selected].sort());
  });
});

describe("Log Analytics read", () => {
  const START = Date.parse("2025-09-16T01:00:00Z");
  const HOUR = 3_600_000;
  const window = { start: new Date(START).toISOString(), end: new Date(START + HOUR).toISOString() };
  // Failed requests carry a trace (as Cloud Run's do when the caller sends one), to be linked to container logs.
  const entries = [...cloudRunEntries("api", START, HOUR, 1400), ...cloudRunEntries("web", START, HOUR, 700), ...cloudRunEntries("api", START + HOUR, HOUR, 70)].map((e) =>
    (e.httpRequest as { status?: number } | undefined)?.status === 503 ? { ...e, trace: `projects/${PROJECT}/traces/f${String(e.insertId)}` } : e,
  );
  const truth = (svc?: string) => {
    const out: Record<string, number> = {};
    for (const e of entries) {
      const t = Date.parse(String(e.timestamp));
      const s = (e.resource as { labels: { service_name: string } }).labels.service_name;
      if (t < START || t >= START + HOUR || (svc && s !== svc)) continue;
      const sev = String(e.severity ?? "DEFAULT");
      out[sev] = (out[sev] ?? 0) + 1;
    }
    return out;
  };

  it("reads one service, or every service when none is named", async () => {
    await server.setEntries(entries);
    const one = await readAll(source(), ["web"], window);
    expect(represented(one.items)).toEqual(truth("web"));
    const all = await readAll(source(), [], window);
    expect(represented(all.items)).toEqual(truth());
    expect(all.counts.kind === "counted" && [...all.counts.services.keys()].sort()).toEqual(["api", "web"]);
  });

  it("requests come as groups with counts per minute, latency quantiles and the traces of failed ones", async () => {
    await server.setEntries(entries);
    const { items } = await readAll(source(), ["api"], window);
    const requests = items.filter((i): i is Extract<SourceItem, { kind: "weighted" }> => i.kind === "weighted" && !!(i.value as RestEntry).httpRequest);
    const status = (r: (typeof requests)[number]) => ((r.value as RestEntry).httpRequest as { status: number }).status;
    const ok = requests.filter((r) => status(r) === 200);
    expect(ok.reduce((a, r) => a + r.weight.count, 0)).toBe(200);
    for (const r of ok) expect(r.weight.perMinute.reduce((a, [, n]) => a + n, 0)).toBe(r.weight.count);
    // Paths /api/items/<i>: ids of three digits or more are masked in SQL (one group), shorter ones by routeOf later.
    const busiest = ok.sort((a, b) => b.weight.count - a.weight.count)[0]!;
    // Kind 3 of 7: i = 3, 10, …, 1396; the 14 below 100 keep their own path, the 186 others share /api/items/<*>.
    expect(busiest.weight.count).toBe(186);
    expect(((busiest.value as RestEntry).httpRequest as { requestUrl: string }).requestUrl).toMatch(/\/api\/items\/\d{3,}$/);
    expect(busiest.weight.latencyQuantilesMs).toHaveLength(101);
    expect(busiest.weight.latencyQuantilesMs?.[50]).toBeCloseTo(52.341, 1);
    expect(ok.length).toBe(15);
    const failed = requests.filter((r) => status(r) === 503);
    expect(failed.reduce((a, r) => a + r.weight.count, 0)).toBe(200);
    // One route (POST /api/pay): the traces of its first maxTracesPerRoute failures.
    expect(failed).toHaveLength(1);
    const oldest = entries
      .filter((e) => String(e.trace).includes("/traces/fapi-") && Date.parse(String(e.timestamp)) < START + HOUR)
      .sort((a, b) => Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)))
      .slice(0, DEFAULT_LOG_ANALYTICS_LIMITS.maxTracesPerRoute)
      .map((e) => e.trace);
    expect([...(failed[0]?.weight.traces ?? [])].sort()).toEqual([...oldest].sort());
  });

  it("bounds what comes back, says which bound was hit, and keeps the totals exact", async () => {
    await server.setEntries(entries);
    const { items, outcome, counts } = await readAll(source({ limits: { maxFullRows: 5, maxShapes: 2, maxRequestGroups: 1 } }), ["api"], window);
    expect(outcome).toMatchObject({ complete: false, reason: "budget" });
    expect((outcome as { note: string }).note).toMatch(/error-like entries past the first 5 came as message shapes/);
    expect((outcome as { note: string }).note).toMatch(/the totals are exact/);
    expect(items.filter((i) => i.kind === "value")).toHaveLength(5);
    const c = counts.kind === "counted" ? counts.services.get("api") : undefined;
    expect(Object.fromEntries(Object.entries(c?.bySeverity ?? {}).filter(([, n]) => n))).toEqual(truth("api"));
  });

  it("the cut between full rows and overflow shapes keeps BigQuery's microseconds: nothing twice, nothing lost", async () => {
    // 30 errors 1 µs apart, all in one millisecond: a cut rounded to the millisecond would read some twice.
    const burst = cloudRunEntries("api", START, 1, 30, ["error-json"]).map((e, i) => ({ ...e, insertId: `b${i}`, timestamp: `2025-09-16T01:00:00.000${String(100 + i)}Z` }));
    await server.setEntries(burst);
    const { items, outcome } = await readAll(source({ limits: { maxFullRows: 7 } }), ["api"], window);
    expect(items.filter((i) => i.kind === "value")).toHaveLength(7);
    expect(represented(items)).toEqual({ ERROR: 30 });
    expect(outcome).toMatchObject({ complete: false, reason: "budget" });
  });

  it("a refused permission, an unknown dataset and the bytes guard each say how to fix them", async () => {
    await server.setEntries(entries);
    server.failNext("accessDenied");
    await expect(readAll(source(), ["api"], window)).rejects.toThrow(/roles\/bigquery\.dataViewer on the linked dataset and roles\/bigquery\.jobUser/);
    server.failNext("notFound");
    await expect(readAll(source(), ["api"], window)).rejects.toThrow(/GARDENER_LOG_ANALYTICS_DATASET/);
    await expect(readAll(source({ maximumBytesBilled: 1000 }), ["api"], window)).rejects.toThrow(UserError);
  });

  it("a backend failure mid-read is an incomplete read that the next pass repeats", async () => {
    await server.setEntries(entries);
    // The counts and full-row queries succeed, the next one fails.
    const s = source();
    const read = s.read({ services: ["api"], window });
    let n = 0;
    for await (const batch of read.batches) for (const item of batch) {
      if (n++ === 0) server.failNext("backendError", 5);
      expect(item.kind).not.toBe("skip");
    }
    expect(read.outcome()).toMatchObject({ complete: false, reason: "failure" });
  });
});
