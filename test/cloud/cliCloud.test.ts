import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { buildDeps } from "../../functions/buildDeps.js";
import { cli } from "../e2e/cliIo.js";
import { loadConfig, settingsFromEnv } from "../../shared/config/loadConfig.js";
import type { Clock } from "../../shared/gardener/ports.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { startLoggingServer, type FakeLoggingServer } from "../fakes/loggingServer.js";
import { cloudRunEntries, PROJECT } from "./cloudRunEntries.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2025-09-16T01:00:00Z");

let logging: FakeLoggingServer;
let gcs: FakeGcsServer;
beforeAll(async () => {
  // 140 entries per service in the hour, 100 of them past the filter (INFO stdout and plain DEFAULT chatter are not read).
  logging = await startLoggingServer({ project: PROJECT, entries: [...cloudRunEntries("api", T0, HOUR, 140), ...cloudRunEntries("web", T0, HOUR, 140)] });
  gcs = await startGcsServer();
});
afterAll(async () => {
  await logging.close();
  await gcs.close();
});

describe("the whole pass through the endpoint overrides", () => {
  it("CLI: no --input reads Cloud Logging (REST via http:// LOGGING_API_ENDPOINT), --out gs:// writes to STORAGE_API_ENDPOINT", async () => {
    const env = { LOGGING_API_ENDPOINT: logging.restUrl, STORAGE_API_ENDPOINT: gcs.url };
    const { code } = await cli(
      ["run", "--project", PROJECT, "--service", "api", "--start", "2025-09-16T01:00:00Z", "--end", "2025-09-16T02:00:00Z", "--out", "gs://cli-bucket/team/worklogs"],
      env,
    );
    expect(code).toBe(0);
    const json = JSON.parse(gcs.get("cli-bucket", "team/worklogs/api/2025/09/16/0200Z.json")!.data.toString()) as WorklogJson;
    expect(json.totals.entries).toBe(100);
    expect(json.totals.truncated).toBe(false);
    expect(json.totals.bySeverity).toMatchObject({ ERROR: 40, WARNING: 20, INFO: 20, DEFAULT: 20 });
    expect(gcs.get("cli-bucket", "team/worklogs/api/latest.md")?.contentType).toBe("text/markdown; charset=utf-8");
    expect(JSON.parse(gcs.get("cli-bucket", "team/worklogs/.state/api.json")!.data.toString())).toMatchObject({ schemaVersion: 1, watermark: "2025-09-16T02:00:00.000Z" });
    expect(logging.requests.every((r) => r.pageSize === 1000 && r.orderBy === "timestamp asc")).toBe(true);
  });

  it("function wiring: buildDeps(config, cloud-logging, gcs) runs one worklog and one state per configured service", async () => {
    const config = loadConfig(
      settingsFromEnv({
        GARDENER_PROJECT_ID: PROJECT,
        GARDENER_SERVICES: "api,web",
        GARDENER_BUCKET: "fn-bucket",
        LOGGING_API_ENDPOINT: logging.restUrl,
        STORAGE_API_ENDPOINT: gcs.url,
      }),
      "function",
    );
    const deps = await buildDeps(config, { kind: "cloud" }, { kind: "gcs", bucket: config.bucket!, prefix: config.prefix });
    const clock: Clock = { now: () => new Date(T0 + HOUR + config.ingestionLagMs) };
    const result = await runGardener(
      { ...deps, clock },
      {
        services: config.services,
        window: { kind: "watermark", lengthMs: config.windowMs, lagMs: config.ingestionLagMs, maxCatchUpMs: config.maxCatchUpMs },
        dryRun: config.dryRun,
        version: "test",
      },
    );
    expect(result.services.map((s) => [s.service, s.kind, s.kind === "written" ? s.entries : 0])).toEqual([
      ["api", "written", 100],
      ["web", "written", 100],
    ]);
    for (const s of ["api", "web"]) {
      expect(gcs.get("fn-bucket", `worklogs/${s}/2025/09/16/0200Z.md`)).toBeDefined();
      expect(JSON.parse(gcs.get("fn-bucket", `worklogs/.state/${s}.json`)!.data.toString()).watermark).toBe("2025-09-16T02:00:00.000Z");
    }
    expect(deps.source.describe()).toBe(`Cloud Logging, project ${PROJECT} via ${logging.restUrl} (REST)`);
  });
});
