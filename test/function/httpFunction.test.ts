import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import { http } from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import request from "supertest";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { loadConfig } from "../../shared/config/loadConfig.js";
import { createLogger } from "../../shared/logging/createLogger.js";
import { createGardenerHandler, misconfiguredHandler } from "../../functions/gardenerHandler.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";

/** Collects the gardener's own log lines to check their Cloud Logging shape. */
function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("the HTTP function through functions-framework's test server", () => {
  it("runs a pass over the configured service and answers with the JSON summary", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-fn-"));
    const config = loadConfig(
      { projectId: "acme-shop-prod", services: "checkout-api", bucket: "unused-in-this-test", ingestionLag: "5m" },
      "function",
    );
    const log = capture();
    let now = new Date("2026-03-10T15:10:00Z");
    http(
      "gardenerUnderTest",
      createGardenerHandler({
        config,
        logger: createLogger({ level: "info", destination: log.stream }),
        makeDeps: (c) => ({
          source: fileSource(SAMPLE_HOUR),
          worklogs: localFolderWorklogStore(out),
          state: localFolderStateStore(out),
          tracker: planningTracker({ minPriority: c.issueMinPriority }),
          clock: { now: () => now },
        }),
      }),
    );
    const server = getTestServer("gardenerUnderTest");
    const res = await request(server)
      .post("/")
      .set("x-cloud-trace-context", "0123456789abcdef0123456789abcdef/1;o=1")
      .send({ window: { start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" } })
      .expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.services).toHaveLength(1);
    const s = res.body.services[0];
    expect(s.kind).toBe("written");
    expect(s.service).toBe("checkout-api");
    expect(s.window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T15:00:00.000Z" });
    const json = JSON.parse(await readFile(s.worklogJson, "utf8"));
    expect(json.totals.entries).toBe(s.entries);
    expect(s.entries).toBeGreaterThan(5000);

    const finished = log.lines.find((l) => l.message === "gardening pass finished");
    expect(finished).toMatchObject({
      severity: "INFO",
      "logging.googleapis.com/trace": "projects/acme-shop-prod/traces/0123456789abcdef0123456789abcdef",
    });

    // Without a body the window comes from the state's watermark: the hour just done is not read again…
    const again = await request(server).post("/").send().expect(200);
    expect(again.body.services[0]).toMatchObject({ kind: "nothing-to-do", service: "checkout-api" });
    // …and an hour later the next window starts exactly where the last ended: a quiet hour is a worklog too.
    now = new Date("2026-03-10T16:10:00Z");
    const next = await request(server).post("/").send().expect(200);
    expect(next.body.services[0]).toMatchObject({ kind: "written", entries: 0, window: { start: "2026-03-10T15:00:00.000Z", end: "2026-03-10T16:00:00.000Z" } });
  });

  it("rejects a malformed body with a one-line 400 and runs nothing", async () => {
    const config = loadConfig({ projectId: "acme-shop-prod", services: "checkout-api", bucket: "b-unused" }, "function");
    const log = capture();
    let built = 0;
    http(
      "gardenerBadBody",
      createGardenerHandler({
        config,
        logger: createLogger({ level: "info", destination: log.stream }),
        makeDeps: () => {
          built++;
          throw new Error("must not be reached");
        },
      }),
    );
    const res = await request(getTestServer("gardenerBadBody"))
      .post("/")
      .send({ window: { start: "yesterday" }, dryrun: true })
      .expect(400);
    expect(res.body.error).toBe('unknown field "dryrun" (allowed: window, dryRun); window must be {start, end} in RFC 3339, e.g. 2025-09-16T01:00:00Z');
    expect(built).toBe(0);
    const future = await request(getTestServer("gardenerBadBody"))
      .post("/")
      .send({ window: { start: "2999-01-01T00:00:00Z", end: "2999-01-01T01:00:00Z" } })
      .expect(400);
    expect(future.body.error).toMatch(/^the window ends in the future \(.*\): window.end must be a time that has passed, so the hours after it are read by later passes$/);
    expect(built).toBe(0);
  });

  it("starts a pass only on POST: every other method gets 405 with Allow: POST, runs nothing and logs no failure", async () => {
    const config = loadConfig({ projectId: "acme-shop-prod", services: "checkout-api", bucket: "b-unused" }, "function");
    const log = capture();
    let built = 0;
    http(
      "gardenerPostOnly",
      createGardenerHandler({
        config,
        logger: createLogger({ level: "info", destination: log.stream }),
        makeDeps: () => {
          built++;
          throw new Error("must not be reached");
        },
      }),
    );
    const server = getTestServer("gardenerPostOnly");
    for (const method of ["get", "put", "patch", "delete"] as const) {
      const res = await request(server)[method]("/").expect(405);
      expect(res.headers.allow).toBe("POST");
      expect(res.body).toEqual({ ok: false, error: `method ${method.toUpperCase()} not allowed: only POST starts a pass` });
    }
    // HEAD gets the same status without a body.
    expect((await request(server).head("/")).status).toBe(405);
    expect(built).toBe(0);
    expect(log.lines.filter((l) => String(l.message).startsWith("gardening pass failed"))).toEqual([]);
    expect(log.lines.filter((l) => l.severity === "WARNING")).toHaveLength(5);
    // The misconfigured handler too: a GET must not raise the "pass failed" alert.
    const bad = capture();
    http("gardenerMisconfiguredGet", misconfiguredHandler("GARDENER_BUCKET is not set", createLogger({ level: "info", destination: bad.stream })));
    await request(getTestServer("gardenerMisconfiguredGet")).get("/").expect(405);
    expect(bad.lines.filter((l) => l.severity === "ERROR")).toEqual([]);
  });

  it("reports every configuration problem at once, on every call", async () => {
    let problem = "";
    try {
      loadConfig({ services: "checkout api", pageBudget: "lots", githubRepository: "acme", window: "1 hour" }, "function");
    } catch (err) {
      problem = (err as Error).message;
    }
    expect(problem).toContain("GARDENER_PROJECT_ID is not set");
    expect(problem).toContain("GARDENER_BUCKET is not set");
    expect(problem).toContain('service "checkout api" is not a Cloud Run service or function name');
    expect(problem).toContain('GARDENER_PAGE_BUDGET="lots" must be a whole number');
    expect(problem).toContain('GARDENER_GITHUB_REPOSITORY="acme" must be OWNER/REPO');
    expect(problem).toContain("GITHUB_TOKEN is not set");
    expect(problem).toContain('GARDENER_WINDOW="1 hour" is not a duration');
    const log = capture();
    http("gardenerMisconfigured", misconfiguredHandler(problem, createLogger({ level: "info", destination: log.stream })));
    const res = await request(getTestServer("gardenerMisconfigured")).post("/").expect(500);
    expect(res.body.error).toBe(`configuration invalid: ${problem}`);
    expect(log.lines[0]).toMatchObject({ severity: "ERROR" });
    expect(String(log.lines[0]?.message)).toMatch(/^gardening pass failed: configuration invalid/);
  });
});
