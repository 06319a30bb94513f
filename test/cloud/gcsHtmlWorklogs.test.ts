import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { createStorageClient } from "../../shared/adapters/gcsClient.js";
import { gcsStateStore } from "../../shared/adapters/gcsStateStore.js";
import { gcsWorklogStore, HTML_CONTENT_TYPE } from "../../shared/adapters/gcsWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import type { WorklogIndex } from "../../shared/worklog/worklogIndex.js";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";

const FAST_RETRY = { retryDelayMultiplier: 1, maxRetryDelay: 1, totalTimeout: 10, maxRetries: 2 };
const BUCKET = "html-bucket";

let gcs: FakeGcsServer;
beforeAll(async () => {
  gcs = await startGcsServer();
});
afterAll(async () => gcs.close());

/** Two passes over the two halves of the sample hour, as the hourly function would run them. */
async function twoPasses() {
  const storage = createStorageClient("demo-project-1", gcs.url, FAST_RETRY);
  const deps = {
    source: fileSource(SAMPLE_HOUR),
    worklogs: gcsWorklogStore({ storage, bucket: BUCKET, prefix: "worklogs" }),
    state: gcsStateStore({ storage, bucket: BUCKET, prefix: "worklogs" }),
    tracker: planningTracker({ minPriority: "P2" }),
    clock: { now: () => new Date("2026-03-10T16:00:00Z") },
  };
  for (const [start, end] of [["2026-03-10T14:00:00.000Z", "2026-03-10T14:30:00.000Z"], ["2026-03-10T14:30:00.000Z", "2026-03-10T15:00:00.000Z"]] as const) {
    const r = await runGardener(deps, { services: ["checkout-api"], window: { kind: "fixed", window: { start, end } }, dryRun: false, version: "test" });
    expect(r.services.map((s) => s.kind)).toEqual(["written"]);
  }
}

const text = (name: string) => gcs.get(BUCKET, `worklogs/checkout-api/${name}`)?.data.toString("utf8") ?? "";

describe("HTML worklogs and the per-service index in GCS, through the real @google-cloud/storage client", () => {
  beforeAll(twoPasses);

  it("stores every page as text/html; charset=utf-8 beside the Markdown and JSON", () => {
    const names = [...gcs.objects.values()].filter((o) => o.bucket === BUCKET && o.name.startsWith("worklogs/checkout-api/")).map((o) => `${o.name.slice("worklogs/checkout-api/".length)} ${o.contentType}`).sort();
    expect(names).toEqual([
      `2026/03/10/1430Z.html ${HTML_CONTENT_TYPE}`,
      "2026/03/10/1430Z.json application/json",
      "2026/03/10/1430Z.md text/markdown; charset=utf-8",
      `2026/03/10/1500Z.html ${HTML_CONTENT_TYPE}`,
      "2026/03/10/1500Z.json application/json",
      "2026/03/10/1500Z.md text/markdown; charset=utf-8",
      `index.html ${HTML_CONTENT_TYPE}`,
      "index.json application/json",
      `latest.html ${HTML_CONTENT_TYPE}`,
      "latest.json application/json",
      "latest.md text/markdown; charset=utf-8",
    ]);
  });

  it("links the pages to each other with relative links: previous, next, latest and the index", () => {
    const first = text("2026/03/10/1430Z.html");
    const second = text("2026/03/10/1500Z.html");
    const latest = text("latest.html");
    // The second pass rewrote the first page with its link to the next window.
    expect(first).toContain('href="1500Z.html"');
    expect(first).not.toContain('href="1400Z.html"'); // no previous before the first pass
    expect(second).toContain('href="1430Z.html"');
    expect(second).toContain('href="../../../index.html"');
    expect(second).toContain('href="../../../latest.html"');
    expect(latest).toContain('href="2026/03/10/1430Z.html"');
    expect(latest).toContain('href="index.html"');
    expect(latest.replace(/href="[^"]*"/g, "")).toBe(second.replace(/href="[^"]*"/g, "").replace(/<a >Latest<\/a>/, ""));
  });

  it("keeps one index row per pass, newest first, with counts and the worst priority, each linking its page", () => {
    const index = JSON.parse(text("index.json")) as WorklogIndex;
    const first = JSON.parse(text("2026/03/10/1430Z.json"));
    const second = JSON.parse(text("2026/03/10/1500Z.json"));
    expect(index.rows.map((r) => r.window.end)).toEqual(["2026-03-10T15:00:00.000Z", "2026-03-10T14:30:00.000Z"]);
    expect(index.rows.map((r) => r.entries)).toEqual([second.totals.entries, first.totals.entries]);
    expect(index.rows[0]?.worst).toBe(second.incidents.map((i: { priority: string }) => i.priority).sort()[0]);
    const html = text("index.html");
    expect(html).toContain('href="2026/03/10/1500Z.html"');
    expect(html).toContain('href="2026/03/10/1430Z.html"');
    expect(html.match(/<tr class="pass">/g)).toHaveLength(2);
  });
});
