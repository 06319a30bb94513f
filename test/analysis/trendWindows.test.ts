import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { generateSampleHour, parseSampleOptions } from "../../scripts/sampleHour.js";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { runGardener, type ServiceOutcome } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";

const HOUR_1 = { start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" };
const HOUR_2 = { start: "2026-03-10T15:00:00Z", end: "2026-03-10T16:00:00Z" };

/** One pass of a fixed window over an export into a folder, as `log-gardener run --start --end` runs it. */
async function passOf(input: string, out: string, window: { start: string; end: string }): Promise<WorklogJson> {
  const result = await runGardener(
    {
      source: fileSource(input),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: { now: () => new Date("2026-03-10T17:00:00Z") },
    },
    { services: [], window: { kind: "fixed", window }, dryRun: false, version: "test" },
  );
  const written = result.services.find((s): s is Extract<ServiceOutcome, { kind: "written" }> => s.kind === "written");
  if (!written) throw new Error(JSON.stringify(result.services));
  return JSON.parse(await readFile(written.worklogJson, "utf8")) as WorklogJson;
}

async function nextHour(dir: string): Promise<string> {
  const parts: string[] = [];
  generateSampleHour(parseSampleOptions(["--start", HOUR_2.start, "--next"]), (t) => parts.push(t));
  const path = join(dir, "next-hour.json");
  await writeFile(path, parts.join(""));
  return path;
}

describe("trends compare with the window immediately before, never with the same window or a later one", () => {
  it("a re-run of a window compares with the hour before it, not with its own first run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-rerun-"));
    const out = join(dir, "out");
    const next = await nextHour(dir);
    const first = await passOf(SAMPLE_HOUR, out, HOUR_1);
    const second = await passOf(next, out, HOUR_2);
    const rerun = await passOf(next, out, HOUR_2);
    expect(second.previous?.window).toEqual({ start: first.window.start, end: first.window.end });
    expect(rerun.previous?.window).toEqual(second.previous?.window);
    expect(rerun.previous?.note).toBeUndefined();
    // Same comparison as the first run of the hour: against hour 1, not "N events in the previous worklog, N now".
    expect(rerun.incidents.map((i) => [i.title.slice(0, 30), i.trend?.status, i.trend?.previousCount])).toEqual(
      second.incidents.map((i) => [i.title.slice(0, 30), i.trend?.status, i.trend?.previousCount]),
    );
    expect(rerun.resolved).toEqual(second.resolved);
  });

  it("a back-fill of an earlier window is not compared with the later one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-backfill-"));
    const out = join(dir, "out");
    await passOf(await nextHour(dir), out, HOUR_2);
    const backfill = await passOf(SAMPLE_HOUR, out, HOUR_1);
    expect(backfill.previous?.note).toMatch(/is of a later window \(this is a back-fill\), and no earlier one was found to compare with/);
    expect(backfill.incidents.every((i) => i.trend?.status === "new")).toBe(true);
    expect(backfill.resolved).toEqual([]);
  });
});
