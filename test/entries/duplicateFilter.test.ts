import { createReadStream } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { createDuplicateFilter } from "../../shared/entries/duplicateFilter.js";
import type { Entry } from "../../shared/entries/entry.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";

const entry = (insertId: string | undefined, timestamp = "2026-03-10T14:00:00.123456Z", logName = "projects/p/logs/run.googleapis.com%2Fstdout"): Entry => ({
  timestamp,
  timeMs: Date.parse(timestamp),
  severity: "DEFAULT",
  logName,
  logId: "run.googleapis.com/stdout",
  resourceType: "cloud_run_revision",
  resourceLabels: {},
  labels: {},
  message: "m",
  payloadKind: "text",
  errorGroups: [],
  ...(insertId === undefined ? {} : { insertId }),
});

describe("createDuplicateFilter", () => {
  it("drops an entry with the same insertId, timestamp and logName; any difference keeps it", () => {
    const f = createDuplicateFilter(100);
    expect(f.isDuplicate(entry("a"))).toBe(false);
    expect(f.isDuplicate(entry("a"))).toBe(true);
    expect(f.isDuplicate(entry("a", "2026-03-10T14:00:00.123457Z"))).toBe(false);
    expect(f.isDuplicate(entry("a", undefined, "projects/p/logs/run.googleapis.com%2Fstderr"))).toBe(false);
    expect(f.isDuplicate(entry("b"))).toBe(false);
    // The parts are separated: ("ab", "c…") is not ("a", "bc…").
    expect(f.isDuplicate(entry("ab", "c"))).toBe(false);
    expect(f.isDuplicate(entry("a", "bc"))).toBe(false);
    // No insertId: nothing says two entries are one.
    expect(f.isDuplicate(entry(undefined))).toBe(false);
    expect(f.isDuplicate(entry(undefined))).toBe(false);
    expect(f.stats()).toEqual({ dropped: 1, bound: 100, forgotten: 0 });
  });

  it("drops exactly the repeats of any sequence within its bound, whatever the order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }), fc.integer({ min: 2, max: 64 }), (ids, bound) => {
        const f = createDuplicateFilter(bound);
        const seen: number[] = [];
        for (const id of ids) {
          const dup = f.isDuplicate(entry(`id${id}`));
          // The last bound/2 distinct ids are always remembered; older ones may be forgotten.
          const lastIndex = seen.lastIndexOf(id);
          const distinctSince = lastIndex < 0 ? Infinity : new Set(seen.slice(lastIndex + 1)).size;
          if (lastIndex < 0) expect(dup).toBe(false);
          else if (distinctSince < Math.floor(bound / 2)) expect(dup).toBe(true);
          if (!dup) seen.push(id);
        }
        const { dropped, forgotten } = f.stats();
        expect(dropped + seen.length).toBe(ids.length);
        if (forgotten === 0) expect(seen.length).toBe(new Set(ids).size);
      }),
      { numRuns: 300 },
    );
  });

  it("stays exact over 200,000 distinct ids and their repeats", () => {
    const f = createDuplicateFilter(1 << 20);
    const entries = Array.from({ length: 200_000 }, (_, i) => entry(`insert-${i}`));
    let dropped = 0;
    for (let round = 0; round < 2; round++) for (const e of entries) if (f.isDuplicate(e)) dropped++;
    expect(dropped).toBe(200_000);
    expect(f.stats().forgotten).toBe(0);
  });
});

/** One pass over `stream` read as stdin; the worklog JSON of its one service. */
async function passOver(stream: Readable): Promise<{ json: WorklogJson; skipped: Record<string, number | undefined> }> {
  const out = await mkdtemp(join(tmpdir(), "dedupe-"));
  const result = await runGardener(
    {
      source: fileSource("-", stream),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: { now: () => new Date("2026-11-29T00:00:00Z") },
    },
    { services: [], window: { kind: "all-input" }, dryRun: false, version: "test" },
  );
  const written = result.services.find((s) => s.kind === "written");
  if (written?.kind !== "written") throw new Error("no worklog written");
  return { json: JSON.parse(await readFile(written.worklogJson, "utf8")) as WorklogJson, skipped: result.skipped };
}

const counts = (w: WorklogJson) => ({
  entries: w.totals.entries,
  bySeverity: w.totals.bySeverity,
  events: w.totals.events,
  window: w.window,
  requests: w.requests?.byClass,
  clusters: w.clusters.map((c) => [c.fingerprint, c.count]),
  incidents: w.incidents.map((i) => [i.fingerprint, i.priority, i.count]),
});

describeWithSharedData("duplicates never change counts", () => {
  it("a real export concatenated with itself gives the worklog of the export once, and says 1000 duplicates were dropped", async () => {
    const once = await passOver(createReadStream(CRASHLOOP_1000));
    const twice = await passOver(Readable.from((async function* () {
      yield* createReadStream(CRASHLOOP_1000);
      yield* createReadStream(CRASHLOOP_1000);
    })()));
    expect(once.json.totals.entries).toBe(1000);
    expect(counts(twice.json)).toEqual(counts(once.json));
    expect(twice.skipped.duplicate).toBe(1000);
    expect(twice.json.totals.duplicates).toEqual({ dropped: 1000, bound: 1 << 20, forgotten: 0 });
    expect(once.json.totals.duplicates).toBeUndefined();
    expect(twice.json.source.description).toBe("standard input (UTF-8; 2 JSON arrays one after another)");
  });

  it("any entries repeated anywhere (property): the same counts, and exactly the repeats dropped", async () => {
    const raw = JSON.parse(await readFile(CRASHLOOP_1000, "utf8")) as unknown[];
    const once = counts((await passOver(Readable.from([JSON.stringify(raw)]))).json);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(raw.length - 1), fc.nat(raw.length)), { minLength: 1, maxLength: 300 }), async (repeats) => {
        const input = [...raw];
        // Each repeat copies an entry to a position after it (an overlap, a page read twice).
        for (const [from, to] of repeats) input.splice(Math.max(from + 1, to % (input.length + 1)), 0, raw[from]);
        const r = await passOver(Readable.from([input.map((e) => JSON.stringify(e)).join("\n")]));
        expect(counts(r.json)).toEqual(once);
        expect(r.skipped.duplicate).toBe(repeats.length);
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});
