import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { GardenerState } from "../../shared/state/gardenerState.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";
import { cli } from "./cliIo.js";

const tmp = () => mkdtemp(join(tmpdir(), "lg-quiet-"));
const readJson = async <T>(...path: string[]) => JSON.parse(await readFile(join(...path), "utf8")) as T;

async function emptyExport(dir: string): Promise<string> {
  const f = join(dir, "empty.json");
  await writeFile(f, "[]\n");
  return f;
}

describe("a quiet hour is no error", () => {
  it("with a window and --service, an empty export writes that unit's quiet-hour worklog and exits 0", async () => {
    const dir = await tmp();
    const out = join(dir, "out");
    const r = await cli(["run", "--input", await emptyExport(dir), "--service", "checkout-api", "--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T15:00:00Z", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`checkout-api: 0 entries, 0 clusters, incidents: none -> ${join(out, "checkout-api", "2026", "03", "10", "1500Z.md")}\n`);
    const json = await readJson<WorklogJson>(out, "checkout-api", "latest.json");
    expect(json.totals).toMatchObject({ entries: 0, events: 0, truncated: false, skipped: {} });
    expect(json.window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T15:00:00.000Z" });
    expect(await readFile(join(out, "checkout-api", "latest.md"), "utf8")).toContain("No log entries for this service in the window.");
    // The hour was read: the next pass carries on after it, as the function's would.
    expect((await readJson<{ state: GardenerState }>(out, ".state", "checkout-api.json")).state.watermark).toBe("2026-03-10T15:00:00.000Z");
  });

  it("with a window and no --service, each unit the export holds outside it gets its quiet-hour worklog", async () => {
    const out = join(await tmp(), "out");
    const r = await cli(["run", "--input", SAMPLE_HOUR, "--start", "2020-01-01T00:00:00Z", "--end", "2020-01-01T01:00:00Z", "--out", out]);
    expect(r.code).toBe(0);
    const json = await readJson<WorklogJson>(out, "checkout-api", "2020", "01", "01", "0100Z.json");
    expect(json.totals.entries).toBe(0);
    expect(json.totals.skipped).toEqual({ outside_window: 6170 });
  });

  it("with a window, an empty export and no unit named, says so in one line and exits 0", async () => {
    const dir = await tmp();
    const f = await emptyExport(dir);
    const r = await cli(["run", "--input", f, "--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T15:00:00Z", "--out", join(dir, "out")]);
    expect(r).toEqual({
      code: 0,
      out: `quiet: no entries of any unit between 2026-03-10T14:00:00.000Z and 2026-03-10T15:00:00.000Z in ${f}; nothing recorded (name units with --service to write their quiet-hour worklogs)\n`,
      err: `log-gardener: reading export file ${f} for 2026-03-10T14:00:00.000Z to 2026-03-10T15:00:00.000Z\nlog-gardener: read 0 entries\n`,
    });
  });

  it("with no window, says in one line that the file holds no entries, and writes nothing", async () => {
    const dir = await tmp();
    const f = await emptyExport(dir);
    for (const extra of [[], ["--service", "checkout-api"]]) {
      const r = await cli(["run", "--input", f, "--out", join(dir, "out"), ...extra]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`no entries: ${f} holds no log entries; nothing to garden\n`);
    }
    await expect(readdir(join(dir, "out"))).rejects.toThrow(/ENOENT/);
  });

  it("with no window, an export of resources the gardener does not garden is a one-line problem naming them", async () => {
    const dir = await tmp();
    const f = join(dir, "builds.json");
    const build = (i: number) => ({ timestamp: `2025-08-06T23:58:1${i}Z`, textPayload: `Step #${i}`, resource: { type: "build", labels: { build_id: "b1" } } });
    await writeFile(f, JSON.stringify([build(1), build(2)]));
    const r = await cli(["run", "--input", f, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n").filter((l) => l && !/^log-gardener: read/.test(l))).toEqual([
      "log-gardener: no log entries of a gardened unit in the input (other resources, not gardened: build 2): the gardener gardens Cloud Run services, Cloud Run jobs, Cloud Functions, App Engine services and GKE workloads",
    ]);
  });
});

describe("windows from flags", () => {
  it("--window with --input and no --end counts back from the export's last entry, rounded up to the minute", async () => {
    const out = join(await tmp(), "out");
    // The sample's last entry is at 14:59:59.064.
    const r = await cli(["run", "--input", SAMPLE_HOUR, "--window", "30m", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("the window ends at the input's last entry (2026-03-10T14:59:59.064Z), rounded up to the minute: 2026-03-10T14:30:00.000Z to 2026-03-10T15:00:00.000Z");
    const json = await readJson<WorklogJson>(out, "checkout-api", "latest.json");
    expect(json.window).toEqual({ start: "2026-03-10T14:30:00.000Z", end: "2026-03-10T15:00:00.000Z" });
    expect(json.totals.skipped.outside_window).toBeGreaterThan(0);
  });

  it("--window on from --start, and a refusal of all three ends or of --window over standard input", async () => {
    const out = join(await tmp(), "out");
    expect((await cli(["run", "--input", SAMPLE_HOUR, "--start", "2026-03-10T14:00:00Z", "--window", "15m", "--out", out])).code).toBe(0);
    expect((await readJson<WorklogJson>(out, "checkout-api", "latest.json")).window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T14:15:00.000Z" });
    const all = await cli(["run", "--input", SAMPLE_HOUR, "--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T15:00:00Z", "--window", "1h", "--out", out]);
    expect(all).toEqual({ code: 1, out: "", err: "log-gardener: --window with both --start and --end: give at most two of the three\n" });
    const stdin = await cli(["run", "--input", "-", "--window", "1h", "--out", out]);
    expect(stdin.code).toBe(1);
    expect(stdin.err).toMatch(/^log-gardener: --window with --input - needs --end \(or --start\)[^\n]*\n$/);
  });
});

describe("--dry-run", () => {
  it("needs no GitHub token: the actions are planned and written into the worklog", async () => {
    const out = join(await tmp(), "out");
    const r = await cli(["run", "--input", SAMPLE_HOUR, "--github", "acme/shop", "--dry-run", "--out", out], {});
    expect(r.code).toBe(0);
    const json = await readJson<WorklogJson>(out, "checkout-api", "latest.json");
    expect(json.issues.length).toBeGreaterThan(0);
    expect(json.issues.every((i) => i.action === "planned" || i.action === "skipped")).toBe(true);
    // Without --dry-run the same command still asks for the token, in one line.
    const real = await cli(["run", "--input", SAMPLE_HOUR, "--github", "acme/shop", "--out", out], {});
    expect(real.code).toBe(1);
    expect(real.err).toMatch(/^log-gardener: GITHUB_TOKEN is not set: a repository is configured \(acme\/shop\), so a token with issues:write is needed, or a GitHub App .*; or use --dry-run/);
  });
});
