import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createStorageClient } from "../../shared/adapters/gcsClient.js";
import { gcsStateStore } from "../../shared/adapters/gcsStateStore.js";
import { gcsWorklogStore } from "../../shared/adapters/gcsWorklogStore.js";
import { emptyState } from "../../shared/state/gardenerState.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";

/** Short retries: the client waits at least 1 s before a retry (async-retry's minTimeout), so keep them few. */
const FAST_RETRY = { retryDelayMultiplier: 1, maxRetryDelay: 1, totalTimeout: 10, maxRetries: 2 };

let gcs: FakeGcsServer;
beforeAll(async () => {
  gcs = await startGcsServer();
});
afterAll(async () => gcs.close());

const window = { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" };
const worklog = { schemaVersion: 1, service: "api", window } as unknown as WorklogJson;

describe("GCS worklog store on the real @google-cloud/storage client", () => {
  it("writes the dated and latest objects with their content types and reads the JSON back", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    const store = gcsWorklogStore({ storage, bucket: "wl-bucket", prefix: "worklogs" });
    const at = await store.put("api", window, { markdown: "# api — naïve ✓\n", json: worklog });
    expect(at).toEqual({ location: "gs://wl-bucket/worklogs/api/2025/09/16/0200Z.md", jsonLocation: "gs://wl-bucket/worklogs/api/2025/09/16/0200Z.json" });
    expect(store.locate("api", window)).toEqual(at);
    const names = [...gcs.objects.values()].filter((o) => o.bucket === "wl-bucket").map((o) => `${o.name} ${o.contentType}`).sort();
    expect(names).toEqual([
      "worklogs/api/2025/09/16/0200Z.json application/json",
      "worklogs/api/2025/09/16/0200Z.md text/markdown; charset=utf-8",
      "worklogs/api/latest.json application/json",
      "worklogs/api/latest.md text/markdown; charset=utf-8",
    ]);
    expect(gcs.get("wl-bucket", "worklogs/api/latest.md")?.data.toString("utf8")).toBe("# api — naïve ✓\n");
    expect(await store.getJson(at.jsonLocation)).toEqual(worklog);
    expect(await store.getJson("gs://wl-bucket/worklogs/api/1999/01/01/0000Z.json")).toBeUndefined();
  });

  it("rides out a GCS 503 on a write (the client retries) and fails loudly when it persists", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    const store = gcsWorklogStore({ storage, bucket: "wl-503", prefix: "w" });
    gcs.failNext(503, 1, (m) => m === "POST");
    await store.put("api", window, { markdown: "ok\n", json: worklog });
    expect(gcs.get("wl-503", "w/api/latest.md")?.data.toString()).toBe("ok\n");
    gcs.failNext(503, 10, (m) => m === "POST");
    await expect(store.put("api", window, { markdown: "second\n", json: worklog })).rejects.toMatchObject({ code: 503 });
    // One try and two retries (FAST_RETRY.maxRetries) were answered 503; nothing was written.
    expect(gcs.clearFaults()).toBe(7);
    expect(gcs.get("wl-503", "w/api/latest.md")?.data.toString()).toBe("ok\n");
  });
});

describe("GCS state store: generation preconditions", () => {
  it("loads nothing as generation 0, commits, and refuses a stale generation with a conflict", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    const store = gcsStateStore({ storage, bucket: "st-bucket", prefix: "worklogs" });
    const first = await store.load("api");
    expect(first).toEqual({ state: emptyState("api"), generation: "0" });

    const state = { ...first.state, watermark: "2025-09-16T02:00:00.000Z" };
    const committed = await store.commit("api", state, first.generation);
    expect(committed.kind).toBe("committed");
    const object = gcs.get("st-bucket", "worklogs/.state/api.json");
    expect(object?.contentType).toBe("application/json");
    expect(JSON.parse(object!.data.toString())).toMatchObject({ schemaVersion: 1, service: "api", watermark: "2025-09-16T02:00:00.000Z" });
    expect(committed).toEqual({ kind: "committed", generation: String(object!.generation) });

    const again = await store.load("api");
    expect(again).toEqual({ state, generation: String(object!.generation) });

    // A second pass that loaded before the first committed: "0" no longer holds.
    const lost = await store.commit("api", { ...state, watermark: "2025-09-16T03:00:00.000Z" }, "0");
    expect(lost.kind).toBe("conflict");
    const next = await store.commit("api", { ...state, watermark: "2025-09-16T03:00:00.000Z" }, again.generation);
    expect(next.kind).toBe("committed");
    expect(await store.commit("api", state, again.generation)).toMatchObject({ kind: "conflict" });
    expect((await store.load("api")).state.watermark).toBe("2025-09-16T03:00:00.000Z");
  });

  it("retries a conditional write after a 503 and still honours the precondition", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    const store = gcsStateStore({ storage, bucket: "st-503", prefix: "" });
    gcs.failNext(503, 1, (m) => m === "POST");
    const out = await store.commit("web", emptyState("web"), "0");
    expect(out.kind).toBe("committed");
    expect(gcs.get("st-503", ".state/web.json")).toBeDefined();
  });

  it("rejects an object that is not a gardener state with a one-line reason", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    await storage.bucket("st-bad").file(".state/api.json").save('{"schemaVersion": 7}', { resumable: false });
    const store = gcsStateStore({ storage, bucket: "st-bad", prefix: "" });
    await expect(store.load("api")).rejects.toThrow(/schemaVersion 7, this gardener reads 1/);
  });
});

describe("the GCS fake serves the client's other upload kinds", () => {
  it("takes a resumable upload and a download validated by crc32c and md5", async () => {
    const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
    const file = storage.bucket("misc").file("big/blob.bin");
    const data = Buffer.alloc(300_000, 7);
    await file.save(data, { resumable: true, contentType: "application/octet-stream" });
    expect(gcs.requests.some((r) => r.query.uploadType === "resumable")).toBe(true);
    const [back] = await file.download({ validation: "crc32c" });
    expect(back.equals(data)).toBe(true);
    const [back2] = await file.download({ validation: "md5" });
    expect(back2.length).toBe(data.length);
  });
});
