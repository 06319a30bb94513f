import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { http } from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import request from "supertest";
import { buildDeps } from "../../functions/buildDeps.js";
import { createGardenerHandler } from "../../functions/gardenerHandler.js";
import { ConfigError, loadConfig, settingsFromEnv } from "../../shared/config/loadConfig.js";
import { createLogger } from "../../shared/logging/createLogger.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";
import { startMonitoringServer, type FakeMonitoringServer } from "../fakes/monitoringServer.js";
import { seriesFromEntries } from "../fakes/monitoringTruth.js";
import { cloudRunEntries, PROJECT } from "./cloudRunEntries.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2025-09-16T01:00:00Z");

/** Entries of `service` in `project` (cloudRunEntries writes them for PROJECT). */
function entriesOf(project: string, service: string, count: number): RestEntry[] {
  return cloudRunEntries(service, T0, HOUR, count).map((e) => ({
    ...e,
    insertId: `${project}-${String(e.insertId)}`,
    logName: String(e.logName).replace(`projects/${PROJECT}/`, `projects/${project}/`),
    resource: { ...(e.resource as object), labels: { ...(e.resource as { labels: object }).labels, project_id: project } },
  }));
}

describe("GARDENER_PROJECT_IDS", () => {
  const load = (env: Record<string, string>) => loadConfig(settingsFromEnv({ GARDENER_BUCKET: "b-bucket", ...env }), "function");

  it("reads several projects, each with its services or every service found", () => {
    const c = load({ GARDENER_PROJECT_IDS: "shop-prod/checkout, shop-prod/payments,shop-staging" });
    expect(c.projects).toEqual([
      { projectId: "shop-prod", services: ["checkout", "payments"] },
      { projectId: "shop-staging", services: [] },
    ]);
    expect(c.multiProject).toBe(true);
    // The one-project settings are then not required.
    expect(c.projectId).toBeUndefined();
  });

  it("reports every problem at once: a bad item, a project named both ways, a project also set alone, log-analytics without a dataset", () => {
    let error: ConfigError | undefined;
    try {
      load({ GARDENER_PROJECT_IDS: "shop-prod/Checkout,shop-prod,shop-prod/api,x/y/z", GARDENER_PROJECT_ID: "shop-prod", GARDENER_SOURCE: "log-analytics" });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join("\n");
    expect(text).toMatch(/"Checkout" is not a Cloud Run service name/);
    expect(text).toMatch(/"x\/y\/z" must be PROJECT or PROJECT\/SERVICE/);
    expect(text).toMatch(/names shop-prod alone \(every service\) and with services \(api\): keep one/);
    expect(text).toMatch(/leave GARDENER_PROJECT_ID and GARDENER_SERVICES unset/);
    expect(text).toMatch(/GARDENER_LOG_ANALYTICS_DATASET is not set/);
  });

  it("without it, the function still needs GARDENER_PROJECT_ID and GARDENER_SERVICES", () => {
    expect(() => load({})).toThrow(/GARDENER_PROJECT_ID is not set.*GARDENER_SERVICES is not set/s);
  });
});

describe("a function pass over several projects (Logging, Monitoring and GCS fakes)", () => {
  let logging: FakeLoggingServer;
  let monitoring: FakeMonitoringServer;
  let gcs: FakeGcsServer;
  const prod = [...entriesOf("shop-prod", "api", 140), ...entriesOf("shop-prod", "web", 70)];
  const stage = [...entriesOf("shop-stage", "api", 70), ...entriesOf("shop-stage", "jobs", 35)];
  beforeAll(async () => {
    logging = await startLoggingServer({ project: "shop-prod", entries: [...prod, ...stage] });
    monitoring = await startMonitoringServer({ project: "shop-prod", projects: ["shop-stage", "shop-broken"], series: seriesFromEntries([...prod, ...stage]) });
    gcs = await startGcsServer();
  });
  afterAll(async () => {
    await logging.close();
    await monitoring.close();
    await gcs.close();
  });
  beforeEach(() => gcs.objects.clear());

  const env = () => ({
    GARDENER_BUCKET: "multi-bucket",
    LOGGING_API_ENDPOINT: logging.restUrl,
    MONITORING_API_ENDPOINT: monitoring.restUrl,
    STORAGE_API_ENDPOINT: gcs.url,
  });

  async function call(projectIds: string) {
    const config = loadConfig(settingsFromEnv({ ...env(), GARDENER_PROJECT_IDS: projectIds }), "function");
    const now = new Date(T0 + HOUR + config.ingestionLagMs);
    http(
      "multiProject",
      createGardenerHandler({
        config,
        logger: createLogger({ level: "error", destination: { write: () => true } as never }),
        makeDeps: async (c, dryRun, projectId) => ({
          ...(await buildDeps({ ...c, dryRun }, { kind: "cloud" }, { kind: "gcs", bucket: c.bucket as string, prefix: c.prefix }, undefined, projectId)),
          clock: { now: () => now },
        }),
        now: () => now,
      }),
    );
    return request(getTestServer("multiProject")).post("/").send({});
  }
  const json = (path: string) => JSON.parse(gcs.get("multi-bucket", path)!.data.toString()) as WorklogJson;

  it("one worklog and one state per project and service, every service of a project named alone, counts from each project's own Monitoring", async () => {
    const res = await call("shop-prod/api,shop-stage");
    expect(res.status).toBe(200);
    expect(res.body.projects.map((p: { project: string; ok: boolean; discovered?: string[] }) => [p.project, p.ok, p.discovered])).toEqual([
      ["shop-prod", true, undefined],
      ["shop-stage", true, ["api", "jobs"]],
    ]);
    const prodApi = json("worklogs/shop-prod/api/2025/09/16/0200Z.json");
    expect(prodApi.totals).toMatchObject({ entries: 140, countedBy: "cloud-monitoring" });
    expect(json("worklogs/shop-stage/api/2025/09/16/0200Z.json").totals).toMatchObject({ entries: 70, countedBy: "cloud-monitoring" });
    expect(json("worklogs/shop-stage/jobs/2025/09/16/0200Z.json").totals).toMatchObject({ entries: 35 });
    for (const state of ["shop-prod/.state/api.json", "shop-stage/.state/api.json", "shop-stage/.state/jobs.json"]) {
      expect(JSON.parse(gcs.get("multi-bucket", `worklogs/${state}`)!.data.toString()).watermark).toBe("2025-09-16T02:00:00.000Z");
    }
    // web was not named for shop-prod: not gardened.
    expect(gcs.get("multi-bucket", "worklogs/shop-prod/web/latest.json")).toBeUndefined();
  });

  it("a project that fails is reported and the others are still gardened", async () => {
    logging.failNext("PERMISSION_DENIED");
    const res = await call("shop-broken/api,shop-prod/api");
    expect(res.status).toBe(422);
    expect(res.body.ok).toBe(false);
    expect(res.body.projects[0]).toMatchObject({ project: "shop-broken", ok: false, error: expect.stringMatching(/roles\/logging\.viewer/) });
    expect(res.body.projects[1]).toMatchObject({ project: "shop-prod", ok: true });
    expect(json("worklogs/shop-prod/api/2025/09/16/0200Z.json").totals.entries).toBe(140);
  });

  it("the CLI gardens the same projects from GARDENER_PROJECT_IDS, one block of lines per project", async () => {
    const dir = `gs://multi-bucket/cli`;
    const { code, out } = await cli(["run", "--start", "2025-09-16T01:00:00Z", "--end", "2025-09-16T02:00:00Z", "--out", dir], { ...env(), GARDENER_PROJECT_IDS: "shop-prod/web,shop-stage/jobs" });
    expect(code).toBe(0);
    expect(out).toMatch(/^shop-prod:\nweb: \d+ entries.*\nshop-stage:\njobs: \d+ entries/m);
    expect(json("cli/shop-prod/web/2025/09/16/0200Z.json").totals.entries).toBe(70);
  });
});
