import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { GardenerState } from "../../shared/state/gardenerState.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";
import { cli } from "./cliIo.js";

const state = async (out: string) => (JSON.parse(await readFile(join(out, ".state", "checkout-api.json"), "utf8")) as { state: GardenerState }).state;
const run = (out: string, start: string, end: string) => cli(["run", "--input", SAMPLE_HOUR, "--out", out, "--start", start, "--end", end]);

describe("manual windows and the hourly watermark", () => {
  it("a backfill of an older window is stored but replaces neither latest.* nor the watermark", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-win-"));
    expect((await run(out, "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")).code).toBe(0);
    expect((await state(out)).watermark).toBe("2026-03-10T15:00:00.000Z");
    expect((await run(out, "2026-03-10T14:00:00Z", "2026-03-10T14:30:00Z")).code).toBe(0);
    const latest = JSON.parse(await readFile(join(out, "checkout-api", "latest.json"), "utf8")) as WorklogJson;
    expect(latest.window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T15:00:00.000Z" });
    const s = await state(out);
    expect(s.watermark).toBe("2026-03-10T15:00:00.000Z");
    expect(s.lastWorklog?.window.end).toBe("2026-03-10T15:00:00.000Z");
    // The backfilled window has its own worklog all the same.
    const backfill = JSON.parse(await readFile(join(out, "checkout-api", "2026", "03", "10", "1430Z.json"), "utf8")) as WorklogJson;
    expect(backfill.window.end).toBe("2026-03-10T14:30:00.000Z");
  });

  it("a window that leaves a gap after the watermark does not move it: the gap is still to be read", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-win-"));
    expect((await run(out, "2026-03-10T14:00:00Z", "2026-03-10T14:30:00Z")).code).toBe(0);
    expect((await state(out)).watermark).toBe("2026-03-10T14:30:00.000Z");
    expect((await run(out, "2026-03-10T14:45:00Z", "2026-03-10T15:00:00Z")).code).toBe(0);
    expect((await state(out)).watermark).toBe("2026-03-10T14:30:00.000Z");
    expect((await run(out, "2026-03-10T14:30:00Z", "2026-03-10T15:00:00Z")).code).toBe(0);
    expect((await state(out)).watermark).toBe("2026-03-10T15:00:00.000Z");
  });

  it("refuses a window that ends in the future, and an --out that is a file, before reading anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-win-"));
    const future = await run(join(dir, "out"), "2026-03-10T14:00:00Z", "2999-01-01T00:00:00Z");
    expect(future.code).toBe(1);
    expect(future.err).toMatch(/^log-gardener: the window ends in the future \(2999-01-01T00:00:00.000Z\): --end must be a time that has passed/);
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    const r = await cli(["run", "--input", SAMPLE_HOUR, "--out", file]);
    expect(r).toEqual({ code: 1, out: "", err: `log-gardener: --out ${file} cannot be used: ${file} is a file, not a folder\n` });
  });
});

describe("catching up after missed passes", () => {
  it("reads at most the catch-up bound and says in the worklog which time was not read", async () => {
    const { runGardener } = await import("../../shared/gardener/runGardener.js");
    const { fileSource } = await import("../../shared/adapters/fileSource.js");
    const { localFolderWorklogStore } = await import("../../shared/adapters/localFolderWorklogStore.js");
    const { localFolderStateStore } = await import("../../shared/adapters/localFolderStateStore.js");
    const { planningTracker } = await import("../../shared/adapters/planningTracker.js");
    const out = await mkdtemp(join(tmpdir(), "lg-catch-"));
    let now = new Date("2026-03-10T14:10:00Z");
    const deps = {
      source: fileSource(SAMPLE_HOUR),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: { now: () => now },
    };
    const config = {
      services: ["checkout-api"],
      window: { kind: "watermark" as const, lengthMs: 3_600_000, lagMs: 300_000, maxCatchUpMs: 6 * 3_600_000 },
      dryRun: true,
      version: "test",
    };
    await runGardener(deps, config); // first pass: 13:00-14:00, watermark 14:00
    expect((await state(out)).watermark).toBe("2026-03-10T14:00:00.000Z");
    now = new Date("2026-03-11T02:10:00Z"); // twelve hours of missed passes
    const r = await runGardener(deps, config);
    expect(r.services[0]).toMatchObject({ kind: "written", window: { start: "2026-03-10T20:00:00.000Z", end: "2026-03-11T02:00:00.000Z" } });
    const json = JSON.parse(await readFile(join(out, "checkout-api", "latest.json"), "utf8")) as WorklogJson;
    expect(json.notRead).toMatchObject({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T20:00:00.000Z" });
    const md = await readFile(join(out, "checkout-api", "latest.md"), "utf8");
    expect(md).toContain("> **Not read:** 2026-03-10 14:00:00 UTC to 2026-03-10 20:00:00 UTC (6 h) after the last pass");
    expect((await state(out)).watermark).toBe("2026-03-11T02:00:00.000Z");
  });
});
