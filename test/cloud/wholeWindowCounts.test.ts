import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { cloudMonitoringCounter } from "../../shared/adapters/cloudMonitoringCounts.js";
import { createLoggingClient } from "../../shared/adapters/cloudLoggingClient.js";
import { cloudLoggingSource } from "../../shared/adapters/cloudLoggingSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { createMonitoringClient } from "../../shared/adapters/monitoringClient.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { runGardener, type GardenerDeps } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";
import { startMonitoringServer, type FakeMonitoringServer } from "../fakes/monitoringServer.js";
import { seriesFromEntries } from "../fakes/monitoringTruth.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";

/**
 * Issue 16, fact 1: through the Logging path the pass reads only what its filter selects, so the
 * header must take its counts from Cloud Monitoring (the whole window) and say apart what was read.
 * The truth is the export itself, counted here by reading every entry.
 */
const PROJECT = "netra-staging";
const SERVICE = "netra-backend-staging";
const WINDOW = { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" };

describeWithSharedData("whole-window counts in the header (real 1000-entry hour, Logging + Monitoring fakes)", () => {
  const real: RestEntry[] = (JSON.parse(readFileSync(CRASHLOOP_1000, "utf8")) as RestEntry[]).map((e) => ({
    ...e,
    logName: String(e.logName).replace(/^projects\/[^/]+\//, `projects/${PROJECT}/`),
  }));
  const truth: Record<string, number> = {};
  for (const e of real) truth[String(e.severity ?? "DEFAULT")] = (truth[String(e.severity ?? "DEFAULT")] ?? 0) + 1;

  let logging: FakeLoggingServer;
  let monitoring: FakeMonitoringServer;
  let out: string;
  beforeAll(async () => {
    logging = await startLoggingServer({ project: PROJECT, entries: real });
    monitoring = await startMonitoringServer({ project: PROJECT });
  });
  afterAll(async () => {
    await logging.close();
    await monitoring.close();
  });
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "h16-counts-"));
    monitoring.setSeries(seriesFromEntries(real));
  });

  function deps(withCounter: boolean): GardenerDeps {
    return {
      source: cloudLoggingSource({
        logging: createLoggingClient(PROJECT, { kind: "rest-plain", host: "127.0.0.1", port: Number(new URL(logging.restUrl).port) }),
        projectId: PROJECT,
        pageBudget: 40,
        sleep: async () => {},
      }),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: { now: () => new Date("2025-09-16T02:10:00Z") },
      ...(withCounter
        ? {
            counter: cloudMonitoringCounter({
              client: createMonitoringClient(PROJECT, { kind: "rest-plain", host: "127.0.0.1", port: Number(new URL(monitoring.restUrl).port) }),
              projectId: PROJECT,
              sleep: async () => {},
            }),
          }
        : {}),
    };
  }

  async function pass(withCounter = true): Promise<{ json: WorklogJson; md: string }> {
    const r = await runGardener(deps(withCounter), { services: [SERVICE], window: { kind: "fixed", window: WINDOW }, dryRun: true, version: "test" });
    const w = r.services[0];
    if (w?.kind !== "written") throw new Error(`no worklog: ${JSON.stringify(w)}`);
    const json = JSON.parse(readFileSync(w.worklogJson, "utf8")) as WorklogJson;
    const md = readFileSync(w.worklog, "utf8");
    rmSync(out, { recursive: true, force: true });
    return { json, md };
  }

  it("the header is the whole window (1000 entries by severity) and what was read is shown apart", async () => {
    const { json, md } = await pass();
    if (process.env.SHOW_HEADER === "1") process.stderr.write(`${md.split("\n").slice(0, 12).join("\n")}\n`);
    expect(truth).toEqual({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    expect(json.totals.entries).toBe(1000);
    expect(Object.fromEntries(Object.entries(json.totals.bySeverity).filter(([, n]) => n))).toEqual(truth);
    expect(json.totals.countedBy).toBe("cloud-monitoring");
    expect(json.totals.requests).toMatchObject({ total: 11, byClass: { "5xx": 11 } });
    // What was read: every error and every request, and less than the whole window.
    const read = json.read!;
    expect(read.entries).toBeLessThan(1000);
    expect(read.bySeverity.ERROR).toBe(86);
    expect(read.requests).toBe(11);
    expect(read.entries + read.notRead!.entries).toBe(1000);
    expect(read.notRead!.bySeverity.INFO).toBe(700 - (read.bySeverity.INFO ?? 0));
    expect(md).toContain("**Entries:** 1,000 (86 ERROR, 39 WARNING, 700 INFO, 175 DEFAULT), the whole window, counted by Cloud Monitoring");
    expect(md).toMatch(new RegExp(`\\*\\*Read:\\*\\* ${read.entries} of 1,000 one by one: all 86 ERROR, all 39 WARNING, .*all 11 requests; .*INFO.* counted, not read`));
    // The per-minute volume is the whole window's too.
    expect(json.totals.perMinute?.reduce((a, [, n]) => a + n, 0)).toBe(1000);
  });

  it("a project without the metric (or without the permission) degrades with the stated message", async () => {
    monitoring.setSeries([]);
    const noMetric = await pass();
    expect(noMetric.json.totals.countedBy).toBe("read");
    expect(noMetric.json.totals.entries).toBe(noMetric.json.read!.entries);
    expect(noMetric.json.totals.countsUnavailable).toMatch(/no logging.googleapis.com\/log_entry_count series/);
    expect(noMetric.md).toMatch(/only the entries read are counted, not the whole window \(whole-window counts unavailable: Cloud Monitoring has no logging\.googleapis\.com\/log_entry_count series/);

    monitoring.setSeries(seriesFromEntries(real));
    monitoring.failNext("PERMISSION_DENIED");
    const denied = await pass();
    expect(denied.json.totals.countsUnavailable).toMatch(/roles\/monitoring\.viewer/);
    expect(denied.md).toMatch(/only the entries read are counted, not the whole window/);
  });

  it("a count that is behind what was read is not taken for the window's", async () => {
    // Monitoring has only the first minute: fewer entries than the pass read.
    monitoring.setSeries(seriesFromEntries(real.filter((e) => String(e.timestamp) < "2025-09-16T01:41:00Z")));
    const { json } = await pass();
    expect(json.totals.countedBy).toBe("read");
    expect(json.totals.countsUnavailable).toMatch(/counted fewer entries than were read/);
  });
});

describe("counts without a counter", () => {
  it("a worklog written without any whole-window count says so instead of implying one", async () => {
    const { windowTotals } = await import("../../shared/worklog/windowTotals.js");
    const { newTally } = await import("../../shared/gardener/serviceTally.js");
    const t = newTally("api", { kind: "cloud-run-service", name: "api" }, (await import("../../shared/clustering/clusterLimits.js")).DEFAULT_CLUSTER_LIMITS);
    t.entries = 3;
    t.bySeverity.ERROR = 3;
    expect(windowTotals({ tally: t, source: { kind: "cloud-logging", description: "Cloud Logging" } }).totals).toMatchObject({ countedBy: "read", countsUnavailable: /no whole-window count/ });
    expect(windowTotals({ tally: t, source: { kind: "file", description: "export" } })).toEqual({ totals: { entries: 3, bySeverity: t.bySeverity, countedBy: "read" } });
  });
});
