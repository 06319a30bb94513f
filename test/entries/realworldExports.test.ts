import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import { describeWithSharedData, REALWORLD } from "../realdata/sharedData.js";

/** The pass's clock: after every file here (the newest entry is from 2026-07). */
const NOW = new Date("2026-11-29T00:00:00Z");

/**
 * Every file of ../shared/data/realworld as it is (no conversion): what its README says it is, the
 * entries it holds, and the Cloud Run services in it.
 * [file, entries, what the reader says it was, Cloud Run services gardened]
 */
const FILES: Array<[string, number, string, string[]]> = [
  ["toxic-cloud_run_logs.json", 50, "UTF-8; a JSON array", ["toxic"]],
  ["vidafarma-cloud_run_logs.json", 100, "UTF-8; a JSON array", ["vidafarma-api"]],
  ["donecast-cloud_run_logs.utf16.json", 50, "UTF-16LE with BOM, CRLF line ends; a JSON array", ["podcast-api"]],
  ["donecast-api_logs.utf16.json", 20, "UTF-16LE with BOM, CRLF line ends; a JSON array", ["podcast-api"]],
  ["antidotum-cloud_run_logs.utf16.json", 20, "UTF-16LE with BOM, CRLF line ends; a JSON array", ["vialflow-backend"]],
  ["antidotum-backend-logs.utf16.json", 100, "UTF-16LE with BOM, CRLF line ends; a JSON array", ["vialflow-backend"]],
  ["antidotum-backend_logs.utf16.json", 50, "UTF-16LE with BOM, CRLF line ends; a JSON array", ["vialflow-backend"]],
  ["cerberus-error.concat.json", 31, "UTF-8; 31 pretty-printed JSON objects one after another", ["cerberus-backend"]],
  ["other-resources-gke-gcf-gae.json", 7, "UTF-8; a JSON array", []],
  ["phantom-ui-gcloud-default.yaml", 3, "UTF-8; 3 YAML documents (gcloud logging read's default format)", ["phantom-ui"]],
];

describeWithSharedData("every real export in ../shared/data/realworld is read as it is", () => {
  it.each(FILES)("%s: %i entries, every one readable, the shape said", async (name, count, description) => {
    const source = fileSource(join(REALWORLD, name));
    const read = source.read({ services: [] });
    const values: unknown[] = [];
    for await (const batch of read.batches) for (const item of batch) {
      if (item.kind === "skip") throw new Error(`${name}: the reader skipped an item: ${item.reason} ${item.detail}`);
      if (item.kind === "entry") throw new Error(`${name}: a read without the pass's clock handed over a normalised entry`);
      values.push(item.value);
    }
    expect(values).toHaveLength(count);
    expect(read.outcome()).toEqual({ complete: true });
    expect(source.describe()).toBe(`export file ${join(REALWORLD, name)} (${description})`);
    // Every entry is an entry: a timestamp in range, a known severity, a payload.
    for (const v of values) {
      const n = normalizeEntry(v, { nowMs: NOW.getTime() });
      if (!n.ok) throw new Error(`${name}: ${n.reason} ${n.detail}`);
    }
  });

  it.each(FILES)("%s: a pass gardens every entry or counts it as skipped by reason", async (name, count, _description, cloudRun) => {
    const out = await mkdtemp(join(tmpdir(), "realworld-"));
    const result = await runGardener(
      {
        source: fileSource(join(REALWORLD, name)),
        worklogs: localFolderWorklogStore(out),
        state: localFolderStateStore(out),
        tracker: planningTracker({ minPriority: "P2" }),
        clock: { now: () => NOW },
      },
      { services: [], window: { kind: "all-input" }, dryRun: false, version: "test" },
    );
    const written = result.services.flatMap((s) => (s.kind === "written" ? [s] : []));
    const gardened = written.reduce((n, s) => n + s.entries, 0);
    const skipped = Object.values(result.skipped).reduce((n, k) => n + (k ?? 0), 0);
    // Entries of resources that are not gardened (builds, Dataflow, …) are counted by type instead.
    const other = Object.values(result.otherResources).reduce((n, k) => n + k, 0);
    expect(gardened + skipped + other).toBe(count);
    // Nothing was lost to reading: skips here are about what the entries are, never about the file.
    for (const reason of ["invalid_json", "invalid_yaml", "too_large", "not_an_object", "missing_timestamp", "invalid_timestamp", "timestamp_out_of_range", "duplicate"] as const) {
      expect(result.skipped[reason] ?? 0).toBe(0);
    }
    for (const service of cloudRun) expect(written.map((s) => s.service)).toContain(service);
  });
});
