import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { CRASHLOOP_1000, describeWithSharedData, MIXED_100, SAMPLE_HOUR } from "../realdata/sharedData.js";
import { cli } from "./cliIo.js";

const tmp = () => mkdtemp(join(tmpdir(), "lg-cli-"));

describeWithSharedData("log-gardener run over real exports", () => {
  it("writes .md and .json worklogs whose totals match the 1000-entry crash loop exactly", async () => {
    const out = await tmp();
    const r = await cli(["run", "--input", CRASHLOOP_1000, "--out", out]);
    expect(r.code).toBe(0);
    const dir = join(out, "netra-backend-staging", "2025", "09", "16");
    expect((await readdir(dir)).sort()).toEqual(["0142Z.html", "0142Z.json", "0142Z.md"]);
    expect(r.out).toContain(`-> ${join(dir, "0142Z.md")}`);
    expect(r.err).toContain("read 1,000 entries");
    const json = JSON.parse(await readFile(join(dir, "0142Z.json"), "utf8")) as WorklogJson;
    expect(json.schemaVersion).toBe(1);
    expect(json.totals.entries).toBe(1000);
    expect(json.totals.bySeverity).toMatchObject({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175, NOTICE: 0, CRITICAL: 0 });
    expect(json.totals.skipped).toEqual({});
    expect(json.totals.truncated).toBe(false);
    expect(json).toMatchObject({ service: "netra-backend-staging", project: "netra-staging", location: "us-central1" });
    expect(json.revisions.map((r) => r.name)).toContain("netra-backend-staging-00742-b95");
    // Every event is in exactly one cluster.
    expect(json.clusters.reduce((n, c) => n + c.count, 0)).toBe(json.totals.events);
    const md = await readFile(join(dir, "0142Z.md"), "utf8");
    expect(md).toContain("**Entries:** 1,000 (86 ERROR, 39 WARNING, 700 INFO, 175 DEFAULT)");
    expect(md).toContain("**Window:** 2025-09-16 01:40:53 UTC to 2025-09-16 01:42:58 UTC");
    // Public IPs in the export never reach the worklog.
    expect(md).not.toContain("68.5.230.82");
    expect(JSON.stringify(json)).not.toContain("68.5.230.82");
  });

  it("writes one worklog per service for a multi-service export, and only the named one with --service", async () => {
    const all = await cli(["run", "--input", MIXED_100, "--out", await tmp()]);
    expect(all.code).toBe(0);
    const services = all.out.trim().split("\n").map((l) => l.split(":")[0]);
    expect(services.length).toBe(3);
    const out = await tmp();
    const one = await cli(["run", "--input", MIXED_100, "--out", out, "--service", services[0] as string]);
    expect(one.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, services[0] as string, "latest.json"), "utf8")) as WorklogJson;
    const skipped = Object.values(json.totals.skipped).reduce((a, b) => a + (b ?? 0), 0);
    expect(json.totals.skipped.other_service).toBeGreaterThan(0);
    expect(json.totals.entries + skipped).toBe(100);
  });
});

describe("log-gardener run over the bundled sample hour", () => {
  it("reads the window given with --start/--end and counts what lies outside", async () => {
    const out = await tmp();
    const r = await cli(["run", "--input", SAMPLE_HOUR, "--out", out, "--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T14:30:00Z"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, "checkout-api", "2026", "03", "10", "1430Z.json"), "utf8")) as WorklogJson;
    expect(json.window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T14:30:00.000Z" });
    expect(json.totals.skipped.outside_window).toBeGreaterThan(1000);
    const whole = await cli(["run", "--input", SAMPLE_HOUR, "--out", await tmp()]);
    const total = Number(/checkout-api: (\d+) entries/.exec(whole.out)?.[1]);
    expect(json.totals.entries + (json.totals.skipped.outside_window ?? 0)).toBe(total);
  });

  it("reads NDJSON from stdin", async () => {
    const out = await tmp();
    const lines = [
      { timestamp: "2026-03-10T14:00:01Z", severity: "ERROR", textPayload: "boom", resource: { type: "cloud_run_revision", labels: { service_name: "svc" } } },
      { timestamp: "2026-03-10T14:00:02Z", textPayload: "fine", resource: { type: "cloud_run_revision", labels: { service_name: "svc" } } },
    ];
    const r = await cli(["run", "--input", "-", "--out", out], {}, lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, "svc", "latest.json"), "utf8")) as WorklogJson;
    expect(json.totals.bySeverity).toMatchObject({ ERROR: 1, DEFAULT: 1 });
  });
});

describe("log-gardener run on bad input: one line, non-zero, no worklog", () => {
  const cases: Array<[string, (dir: string) => Promise<string[]>, RegExp]> = [
    ["a missing file", async (d) => ["--input", join(d, "nope.json")], /^log-gardener: --input \S+nope\.json does not exist\n$/],
    ["a truncated export", async (d) => {
      const f = join(d, "cut.json");
      await writeFile(f, '[{"timestamp":"2026-03-10T14:00:01Z","textPayload":"a","resource":{"labels":{"service_name":"s"}}},{"timestamp":"2026-');
      return ["--input", f];
    }, /^log-gardener: input ends inside a JSON value that starts at line 1: the export looks truncated or malformed \(1 complete entries before it\)\n$/],
    ["a text log instead of an export", async (d) => {
      const f = join(d, "app.log");
      await writeFile(f, "2026-03-10 14:00:01 ERROR boom\n");
      return ["--input", f];
    }, /^log-gardener: input is not a Cloud Logging export: line 1 starts with "2026-03-10 1"; expected a JSON array/],
    ["an export whose entries are all unreadable", async (d) => {
      const f = join(d, "unreadable.json");
      await writeFile(f, '[{"textPayload":"no time"},7]\n');
      return ["--input", f];
    }, /^log-gardener: no log entries in the input \(skipped: missing_timestamp 1, not_an_object 1\): check the export\n$/],
    ["a service the export does not hold", async () => ["--input", SAMPLE_HOUR, "--service", "billing"], /^log-gardener: no log entries of a gardened unit in the input for billing \(skipped: other_service \d+\): check --service\n$/],
    ["a window backwards", async () => ["--input", SAMPLE_HOUR, "--start", "2026-03-10T15:00:00Z", "--end", "2026-03-10T14:00:00Z"], /^log-gardener: --start must be before --end/],
    ["a bad time and a bad repository at once", async () => ["--input", SAMPLE_HOUR, "--start", "yesterday", "--github", "nope"], /^log-gardener: 3 problems: --start "yesterday" is not an RFC 3339 time such as 2025-09-16T01:00:00Z; --github="nope" must be OWNER\/REPO; GITHUB_TOKEN is not set/],
    ["an unknown flag", async () => ["--inptu", "x.json"], /^log-gardener: Unknown option '--inptu'/],
  ];
  it.each(cases)("%s", async (_name, args, message) => {
    const dir = await tmp();
    const out = join(dir, "out");
    const r = await cli(["run", ...(await args(dir)), "--out", out]);
    expect(r.code).toBe(1);
    const errLines = r.err.split("\n").filter((l) => l && !l.startsWith("log-gardener: read") && !l.startsWith("log-gardener: reading"));
    expect(errLines).toHaveLength(1);
    expect(`${errLines[0]}\n`).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it("counts entries of the wrong shape and still reports the rest", async () => {
    const dir = await tmp();
    const f = join(dir, "mixed.json");
    await writeFile(f, JSON.stringify([
      { timestamp: "2026-03-10T14:00:01Z", severity: "ERROR", textPayload: "ok", resource: { labels: { service_name: "s" } } },
      { textPayload: "no timestamp", resource: { labels: { service_name: "s" } } },
      { timestamp: "2026-03-10T14:00:02Z", severity: "SHOUTING", resource: { labels: { service_name: "s" } } },
      { timestamp: "2026-03-10T14:00:03Z", textPayload: "no service" },
      7,
    ]));
    const r = await cli(["run", "--input", f, "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(join(dir, "out", "s", "latest.json"), "utf8")) as WorklogJson;
    expect(json.totals.entries).toBe(1);
    expect(json.totals.skipped).toEqual({ missing_timestamp: 1, invalid_severity: 1, no_service: 1, not_an_object: 1 });
    const md = await readFile(join(dir, "out", "s", "latest.md"), "utf8");
    expect(md).toContain("**Skipped input entries:** missing_timestamp 1, invalid_severity 1, no_service 1, not_an_object 1");
  });

  it("prints usage for no command and rejects an unknown one", async () => {
    expect((await cli([])).code).toBe(2);
    const r = await cli(["garden"]);
    expect(r).toEqual({ code: 2, out: "", err: 'log-gardener: unknown command "garden": use run or cluster (see --help)\n' });
  });
});
