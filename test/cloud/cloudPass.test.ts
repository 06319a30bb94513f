import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { createLoggingClient } from "../../shared/adapters/cloudLoggingClient.js";
import { cloudLoggingSource } from "../../shared/adapters/cloudLoggingSource.js";
import { createStorageClient } from "../../shared/adapters/gcsClient.js";
import { gcsStateStore } from "../../shared/adapters/gcsStateStore.js";
import { gcsWorklogStore } from "../../shared/adapters/gcsWorklogStore.js";
import type { Clock, IssueTracker } from "../../shared/gardener/ports.js";
import { LEASE_TTL_MS } from "../../shared/gardener/issueLease.js";
import { runGardener, type GardenerConfig, type GardenerDeps } from "../../shared/gardener/runGardener.js";
import type { IssueOutcome } from "../../shared/issues/issueOutcome.js";
import type { GardenerState } from "../../shared/state/gardenerState.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";
import { cloudRunEntries, PROJECT, WANTED, type Kind } from "./cloudRunEntries.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LAG = 5 * MINUTE;
const T0 = Date.parse("2025-09-16T00:00:00Z");
const BUCKET = "gardener-bucket";
const PREFIX = "worklogs";

/** Three hours of one service, 7 kinds rotating; 5 of 7 kinds pass the filter. */
const ENTRIES: RestEntry[] = cloudRunEntries("api", T0, 3 * HOUR, 2100);
const wantedIn = (startMs: number, endMs: number) =>
  ENTRIES.filter((e) => {
    const t = Date.parse(String(e.timestamp));
    return t >= startMs && t < endMs && WANTED[kindOfId(e)];
  }).length;
function kindOfId(e: RestEntry): Kind {
  const i = Number(String(e.insertId).split("-").pop());
  return (["error-json", "traceback-default", "info-stdout", "request-200", "request-503", "system-warning", "default-chatter"] as Kind[])[i % 7] as Kind;
}

/**
 * The issue side of the pass, at the port: "GitHub" is the `filed` map, found by fingerprint before
 * anything is created (as the real tracker finds its hidden marker), so a pass whose state commit was
 * lost does not file again.
 */
function recordingTracker(filed: Map<string, number>, creates: string[]): IssueTracker {
  return {
    kind: "github",
    async sync(input) {
      const out: IssueOutcome[] = [];
      for (const inc of input.incidents) {
        const fp = inc.rootCause.fingerprint;
        const known = input.state.issues[fp]?.number ?? filed.get(fp);
        if (known !== undefined) {
          input.state.issues[fp] = { ...input.state.issues[fp], number: known, lastWindowEnd: input.window.end };
          out.push({ action: "commented", fingerprint: fp, number: known });
          continue;
        }
        const number = filed.size + 1;
        filed.set(fp, number);
        creates.push(fp);
        input.state.issues[fp] = { number, lastWindowEnd: input.window.end };
        out.push({ action: "created", fingerprint: fp, number, title: inc.title });
      }
      return out;
    },
  };
}

let logging: FakeLoggingServer;
let gcs: FakeGcsServer;
let filed: Map<string, number>;
let creates: string[];
beforeAll(async () => {
  logging = await startLoggingServer({ project: PROJECT, entries: ENTRIES });
  gcs = await startGcsServer();
});
afterAll(async () => {
  await logging.close();
  await gcs.close();
});
beforeEach(() => {
  gcs.objects.clear();
  gcs.clearFaults();
  filed = new Map();
  creates = [];
});

const config: GardenerConfig = {
  services: ["api"],
  window: { kind: "watermark", lengthMs: HOUR, lagMs: LAG, maxCatchUpMs: 6 * HOUR },
  dryRun: false,
  version: "test",
};

function deps(nowMs: number, options: { pageBudget?: number; pageSize?: number } = {}): GardenerDeps {
  const storage = createStorageClient(PROJECT, gcs.url, { retryDelayMultiplier: 1, maxRetryDelay: 1, totalTimeout: 10, maxRetries: 1 });
  const clock: Clock = { now: () => new Date(nowMs) };
  return {
    source: cloudLoggingSource({
      logging: createLoggingClient(PROJECT, { kind: "grpc-insecure", host: "127.0.0.1", port: logging.grpcPort }),
      projectId: PROJECT,
      pageBudget: options.pageBudget ?? 40,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      sleep: async () => {},
      backoff: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
    }),
    worklogs: gcsWorklogStore({ storage, bucket: BUCKET, prefix: PREFIX }),
    state: gcsStateStore({ storage, bucket: BUCKET, prefix: PREFIX }),
    tracker: recordingTracker(filed, creates),
    clock,
  };
}

const stateObject = () => {
  const o = gcs.get(BUCKET, `${PREFIX}/.state/api.json`);
  return o ? (JSON.parse(o.data.toString()) as GardenerState) : undefined;
};
const worklogAt = (hhmm: string) => {
  const o = gcs.get(BUCKET, `${PREFIX}/api/2025/09/16/${hhmm}Z.json`);
  return o ? (JSON.parse(o.data.toString()) as WorklogJson) : undefined;
};

describe("hourly passes against Cloud Logging and GCS fakes", () => {
  it("covers consecutive windows with no gap and no overlap, and a rerun has nothing to do", async () => {
    const r1 = await runGardener(deps(T0 + HOUR + LAG), config);
    expect(r1.services).toMatchObject([{ kind: "written", window: { start: "2025-09-16T00:00:00.000Z", end: "2025-09-16T01:00:00.000Z" }, complete: true }]);
    expect(stateObject()?.watermark).toBe("2025-09-16T01:00:00.000Z");
    expect(worklogAt("0100")?.totals.entries).toBe(wantedIn(T0, T0 + HOUR));

    // The scheduler retries the same hour: nothing to do, nothing written, nothing filed.
    const filedBefore = creates.length;
    const again = await runGardener(deps(T0 + HOUR + LAG + 30_000), config);
    expect(again.services[0]?.kind).toBe("nothing-to-do");
    expect(creates.length).toBe(filedBefore);

    // Missed one run: the next one catches up from the watermark exactly.
    const r2 = await runGardener(deps(T0 + 3 * HOUR + LAG + 10_000), config);
    expect(r2.services).toMatchObject([{ kind: "written", window: { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T03:00:00.000Z" } }]);
    expect(worklogAt("0300")?.totals.entries).toBe(wantedIn(T0 + HOUR, T0 + 3 * HOUR));
    expect(worklogAt("0100")!.totals.entries + worklogAt("0300")!.totals.entries).toBe(wantedIn(T0, T0 + 3 * HOUR));
    expect(new Set(creates).size).toBe(creates.length);
    expect(gcs.get(BUCKET, `${PREFIX}/api/latest.json`)?.data.toString()).toBe(gcs.get(BUCKET, `${PREFIX}/api/2025/09/16/0300Z.json`)?.data.toString());
  });

  it("a page failing mid-run writes a worklog marked incomplete and keeps the watermark; the next run redoes the window", async () => {
    logging.requests.length = 0;
    logging.failRequest(2, "UNAVAILABLE");
    logging.failRequest(3, "UNAVAILABLE");
    logging.failRequest(4, "UNAVAILABLE");
    const r1 = await runGardener(deps(T0 + HOUR + LAG, { pageSize: 50 }), config);
    expect(r1.services).toMatchObject([{ kind: "written", complete: false }]);
    const cut = worklogAt("0100")!;
    expect(cut.totals.truncated).toBe(true);
    expect(cut.totals.entries).toBe(50);
    expect(stateObject()?.watermark).toBeUndefined();

    const r2 = await runGardener(deps(T0 + HOUR + LAG, { pageSize: 50 }), config);
    expect(r2.services).toMatchObject([{ kind: "written", complete: true, window: { start: "2025-09-16T00:00:00.000Z" } }]);
    expect(worklogAt("0100")?.totals).toMatchObject({ entries: wantedIn(T0, T0 + HOUR), truncated: false });
    expect(stateObject()?.watermark).toBe("2025-09-16T01:00:00.000Z");
    expect(new Set(creates).size).toBe(creates.length);
  });

  it("a 429 storm only slows the pass down", async () => {
    logging.failNext("RESOURCE_EXHAUSTED", 2);
    const r = await runGardener(deps(T0 + HOUR + LAG), config);
    expect(r.services).toMatchObject([{ kind: "written", complete: true, entries: wantedIn(T0, T0 + HOUR) }]);
  });

  it("a budget cut is reported honestly and still advances the watermark (a reread would be cut the same way)", async () => {
    const r = await runGardener(deps(T0 + HOUR + LAG, { pageSize: 50, pageBudget: 8 }), config);
    // 300 errors in the hour (6 pages), then 2 pages of the rest.
    expect(r.services).toMatchObject([{ kind: "written", complete: false, entries: 400 }]);
    const w = worklogAt("0100")!;
    expect(w.totals.truncated).toBe(true);
    expect(w.source).toMatchObject({ complete: false });
    expect((w.source as { note?: string }).note).toMatch(/page budget \(8 pages of 50\) ran out: every ERROR-and-above entry was read/);
    const errorsInHour = ENTRIES.filter((e) => {
      const t = Date.parse(String(e.timestamp));
      return t >= T0 && t < T0 + HOUR && ["error-json", "traceback-default", "request-503"].includes(kindOfId(e));
    }).length;
    expect(w.totals.bySeverity.ERROR + w.totals.bySeverity.DEFAULT).toBeGreaterThanOrEqual(errorsInHour);
    expect(stateObject()?.watermark).toBe("2025-09-16T01:00:00.000Z");
  });

  it("a 412 on the state write: the pass that lost stops cleanly and the winner's state stands", async () => {
    // Another pass commits the same service between this pass's load and its commit.
    gcs.beforeNext(
      (method, name) => method === "POST" && name === `${PREFIX}/.state/api.json`,
      () => {
        const winner = { schemaVersion: 1, service: "api", watermark: "2025-09-16T01:00:00.000Z", issues: {}, pending: [] };
        gcs.objects.set(`${BUCKET}/${PREFIX}/.state/api.json`, {
          name: `${PREFIX}/.state/api.json`, bucket: BUCKET, data: Buffer.from(JSON.stringify(winner)), contentType: "application/json",
          generation: 42, metageneration: 1, updated: new Date().toISOString(),
        });
      },
    );
    const r = await runGardener(deps(T0 + HOUR + LAG), config);
    expect(r.services).toMatchObject([{ kind: "conflict", service: "api" }]);
    expect(gcs.get(BUCKET, `${PREFIX}/.state/api.json`)?.generation).toBe(42);
    const next = await runGardener(deps(T0 + HOUR + LAG), config);
    expect(next.services[0]?.kind).toBe("nothing-to-do");
  });

  it("killed between the worklog write and the state commit: the next run redoes the window and files nothing twice", async () => {
    // The state write dies (GCS keeps answering 503, as when the instance is gone): the pass fails.
    // Its first state write, the lease taken before filing issues, still goes through.
    gcs.failNext(503, 5, (method, name) => method === "POST" && name === `${PREFIX}/.state/api.json` && stateObject() !== undefined);
    await expect(runGardener(deps(T0 + HOUR + LAG), config)).rejects.toMatchObject({ code: 503 });
    expect(worklogAt("0100")?.totals.entries).toBe(wantedIn(T0, T0 + HOUR));
    expect(stateObject()?.watermark).toBeUndefined();
    const filedFirst = creates.length;
    expect(filedFirst).toBeGreaterThan(0);
    gcs.clearFaults();

    // A dead pass's lease may be left behind: a retry after it expires redoes the window.
    const r = await runGardener(deps(T0 + HOUR + LAG + LEASE_TTL_MS + 60_000), config);
    // The same window (whole hours), so the same objects are overwritten with the same counts.
    expect(r.services).toMatchObject([{ kind: "written", complete: true, window: { start: "2025-09-16T00:00:00.000Z", end: "2025-09-16T01:00:00.000Z" } }]);
    expect(stateObject()?.watermark).toBe("2025-09-16T01:00:00.000Z");
    expect(worklogAt("0100")?.totals.entries).toBe(wantedIn(T0, T0 + HOUR));
    expect(creates.length).toBe(filedFirst);
    expect(Object.keys(stateObject()!.issues).sort()).toEqual([...filed.keys()].sort());
  });
});
