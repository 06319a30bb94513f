import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";
import { startBigQueryServer, type FakeBigQueryServer } from "../fakes/bigqueryServer.js";
import type { RestEntry } from "../fakes/loggingServer.js";
import { startMonitoringServer, type FakeMonitoringServer } from "../fakes/monitoringServer.js";
import { syntheticHourSql, syntheticHourTruth } from "../fakes/syntheticHour.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";

/**
 * The Log Analytics path end to end: the CLI with GARDENER_SOURCE=log-analytics and the endpoint
 * overrides, the real @google-cloud/bigquery client against the BigQuery fake (SQL run in DuckDB),
 * worklogs written to a folder.
 */
let bigquery: FakeBigQueryServer;
let monitoring: FakeMonitoringServer;
beforeAll(async () => {
  bigquery = await startBigQueryServer({ project: "netra-staging" });
  monitoring = await startMonitoringServer({ project: "netra-staging", projects: ["busy-prod"] });
});
afterAll(async () => {
  await bigquery.close();
  await monitoring.close();
});

function env(project: string) {
  return {
    GARDENER_SOURCE: "log-analytics",
    GARDENER_LOG_ANALYTICS_DATASET: `${project}.log_gardener`,
    BIGQUERY_API_ENDPOINT: bigquery.url,
    MONITORING_API_ENDPOINT: monitoring.restUrl,
  };
}

async function run(project: string, service: string, start: string, end: string, extra: string[] = []): Promise<{ json: WorklogJson; md: string; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), "h16-la-"));
  const r = await cli(["run", "--project", project, "--service", service, "--start", start, "--end", end, "--out", dir, ...extra], env(project));
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}`);
  const path = /-> (\S+\.md)/.exec(r.out)?.[1];
  if (!path) throw new Error(`no worklog in ${r.out}`);
  return { json: JSON.parse(readFileSync(path.replace(/\.md$/, ".json"), "utf8")) as WorklogJson, md: readFileSync(path, "utf8"), out: r.out, err: r.err };
}

describeWithSharedData("Log Analytics pass over the real 1000-entry hour", () => {
  it("counts the hour exactly, reads the errors one by one, and finds the same exceptions as the export", async () => {
    const real = JSON.parse(readFileSync(CRASHLOOP_1000, "utf8")) as RestEntry[];
    await bigquery.setEntries(real);
    const la = await run("netra-staging", "netra-backend-staging", "2025-09-16T01:00:00Z", "2025-09-16T02:00:00Z");
    expect(la.json.totals).toMatchObject({ entries: 1000, countedBy: "log-analytics", bySeverity: { ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 } });
    expect(la.json.totals.requests).toMatchObject({ total: 11, byClass: { "5xx": 11 } });
    // 75 ERROR entries one by one; the 11 failed requests (ERROR too) come as request groups.
    expect(la.json.read?.bySeverity.ERROR).toBe(75);
    expect((la.json.read?.entries ?? 0) + (la.json.read?.shapes?.entries ?? 0)).toBe(1000);
    expect(la.md).toMatch(/\*\*Entries:\*\* 1,000 \(86 ERROR, 39 WARNING, 700 INFO, 175 DEFAULT\), the whole window, counted in Log Analytics/);

    // The same hour from the export file: the exceptions (read in full both ways) are the same clusters.
    const dir = mkdtempSync(join(tmpdir(), "h16-file-"));
    const file = await cli(["run", "--input", CRASHLOOP_1000, "--out", dir], {});
    const fileJson = JSON.parse(readFileSync(/-> (\S+\.md)/.exec(file.out)![1]!.replace(/\.md$/, ".json"), "utf8")) as WorklogJson;
    const exceptions = (w: WorklogJson) => Object.fromEntries(w.clusters.filter((c) => c.kind === "exception").map((c) => [c.fingerprint, c.count]));
    expect(exceptions(la.json)).toEqual(exceptions(fileJson));
    expect(la.json.incidents.map((i) => [i.priority, i.fingerprint])).toEqual(fileJson.incidents.map((i) => [i.priority, i.fingerprint]));
  });
});

describe("Log Analytics pass over a busy hour", () => {
  const ENTRIES = Number(process.env.LA_TEST_ENTRIES ?? 5_000_000);

  it(`${ENTRIES.toLocaleString("en-US")} entries: a handful of queries, bounded rows, exact totals`, async () => {
    await bigquery.exec(`DELETE FROM "_AllLogs"`);
    await bigquery.exec(syntheticHourSql({ project: "busy-prod", service: "orders", startIso: "2025-09-16T01:00:00Z", entries: ENTRIES }));
    bigquery.queries.length = 0;
    const started = Date.now();
    const { json, md } = await run("busy-prod", "orders", "2025-09-16T01:00:00Z", "2025-09-16T02:00:00Z");
    const seconds = (Date.now() - started) / 1000;
    const rows = bigquery.queries.reduce((a, q) => a + q.rows, 0);
    const bytesSent = bigquery.queries.reduce((a, q) => a + q.bytesSent, 0);
    const billed = bigquery.queries.reduce((a, q) => a + q.bytesProcessed, 0);
    process.stderr.write(
      `[log-analytics ${ENTRIES} entries] ${bigquery.queries.length} queries, ${rows} rows, ${bytesSent} response bytes, ${billed} bytes processed (fake's estimate), ${seconds.toFixed(1)} s\n`,
    );
    expect(json.totals.entries).toBe(ENTRIES);
    expect(Object.fromEntries(Object.entries(json.totals.bySeverity).filter(([, n]) => n))).toEqual(syntheticHourTruth(ENTRIES));
    expect(json.totals.requests?.total).toBe((ENTRIES / 100) * 20);
    // Whatever the volume: at most six queries, and rows bounded by the read's limits, not by the entries.
    expect(bigquery.queries.length).toBeLessThanOrEqual(6);
    expect(rows).toBeLessThan(40_000);
    // The failing payment route and the crash of the jobs stand out, counted in full.
    const pay = json.requests?.routes.find((r) => r.route === "/api/pay");
    expect(pay).toMatchObject({ count: (ENTRIES / 100) * 2, errorRatio5xx: 1 });
    expect(json.incidents[0]?.priority).toBe("P0");
    expect(md).toMatch(/counted in Log Analytics/);
  }, 900_000);
});
