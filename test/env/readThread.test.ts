import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { READ_THREAD_MIN_BYTES } from "../../shared/adapters/threadedExportRead.js";
import { SETTINGS } from "../../shared/config/settings.js";
import { describeWithSharedData, REALWORLD, SAMPLE_HOUR } from "../realdata/sharedData.js";
import { buildCli, runCli, type CliRun } from "./cliProcess.js";

/**
 * The threaded file reader for real: the CLI built and run in its own process, once with the export
 * read on a second thread (`--read-thread on`: the worker thread reads, parses and normalises, the
 * entries cross the thread boundary) and once in one thread (`off`). Whatever the input, the two
 * must be indistinguishable to a user: the same exit code, the same lines on stdout and stderr, the
 * same worklogs byte for byte (but for when they were generated and the folder they were written to).
 */
let cli: string;
let work: string;

beforeAll(async () => {
  cli = await buildCli();
  work = await mkdtemp(join(tmpdir(), "lg-read-thread-"));
}, 120_000);

/** Runs the CLI on `input` with the reading thread on or off, into a fresh folder. */
async function pass(input: string, thread: "on" | "off", extra: string[] = []): Promise<CliRun & { out: string; files: Map<string, string> }> {
  const outDir = await mkdtemp(join(work, `out-${thread}-`));
  const r = await runCli(cli, ["run", "--input", input, "--out", outDir, "--read-thread", thread, ...extra], { HOME: work }, { timeoutMs: 120_000 });
  const same = (text: string) =>
    text
      .split(outDir)
      .join("OUT")
      .split("\n")
      // When the worklog was written: the one thing two passes over the same input cannot share.
      .map((line) => line.replace(/(Generated:?\*?\*? ?|"generatedAt": ")\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+Z)?( UTC)?/g, "$1WHEN"))
      .join("\n");
  const files = new Map<string, string>();
  for (const f of await filesUnder(outDir)) files.set(relative(outDir, f), same(await readFile(f, "utf8")));
  return { code: r.code, out: same(r.out), err: same(r.err), files };
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

async function expectSameEitherWay(input: string, extra: string[] = []): Promise<CliRun & { files: Map<string, string> }> {
  const on = await pass(input, "on", extra);
  const off = await pass(input, "off", extra);
  expect({ code: on.code, out: on.out, err: on.err }).toEqual({ code: off.code, out: off.out, err: off.err });
  expect([...on.files.keys()]).toEqual([...off.files.keys()]);
  for (const [name, text] of off.files) expect(`${name}:\n${on.files.get(name)}`).toBe(`${name}:\n${text}`);
  return on;
}

describe("an export read on a second thread gives exactly what one thread gives", () => {
  it("the bundled sample hour: worklogs, summary and progress the same", async () => {
    const r = await expectSameEitherWay(SAMPLE_HOUR, ["--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T15:00:00Z"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^checkout-api: 6170 entries, /m);
    expect([...r.files.keys()].some((f) => f.endsWith(".md"))).toBe(true);
  }, 120_000);

  it("a window back from the export's last entry: the thread reads the file twice, as one thread does", async () => {
    const r = await expectSameEitherWay(SAMPLE_HOUR, ["--window", "20m"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/the window ends at the input's last entry/);
  }, 120_000);

  it("says in its setting the size from which a file gets the thread", () => {
    const mib = `${READ_THREAD_MIN_BYTES / 2 ** 20} MiB`;
    expect(SETTINGS.readThread.description).toContain(mib);
    expect(SETTINGS.readThread.flagHelp).toContain(mib);
  });

  it("a hostile file: a broken line, a non-object, duplicates, a time far in the future, no timestamp: the same counted skips", async () => {
    const line = (i: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        insertId: `id-${i}`,
        timestamp: `2026-03-10T14:${String(i % 60).padStart(2, "0")}:00.5Z`,
        logName: "projects/p/logs/run.googleapis.com%2Fstderr",
        resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001-abc" } },
        severity: i % 7 === 0 ? "ERROR" : "INFO",
        textPayload: `request ${i} took ${i * 3} ms`,
        labels: { instanceId: `instance-${i % 4}` },
        ...extra,
      });
    const lines = Array.from({ length: 300 }, (_, i) => line(i));
    lines.splice(10, 0, '{"insertId": "broken", "timestamp": ');
    lines.splice(20, 0, "[1, 2, 3]");
    lines.splice(30, 0, line(5), line(6));
    lines.splice(40, 0, line(1000, { timestamp: "3000-01-01T00:00:00Z" }));
    lines.splice(50, 0, line(1001, { timestamp: undefined }));
    const file = join(work, "hostile.ndjson");
    await writeFile(file, `${lines.join("\n")}\n`);
    const r = await expectSameEitherWay(file);
    expect(r.code).toBe(0);
    const json = [...r.files.entries()].find(([name]) => name.endsWith("Z.json"))?.[1] ?? "";
    const skipped = (JSON.parse(json) as { totals: { skipped: Record<string, number> } }).totals.skipped;
    // "[1, 2, 3]" on a line of its own is read as three items, none of them an entry.
    expect(skipped).toMatchObject({ invalid_json: 1, not_an_object: 3, duplicate: 2, timestamp_out_of_range: 1, missing_timestamp: 1 });
  }, 120_000);

  it("gcloud's YAML, a document nested too deep among them: the thread declines YAML, so the same skip", async () => {
    const doc = (i: number, payload: string) =>
      [
        "---",
        `insertId: y${i}`,
        `timestamp: '2026-03-10T14:00:0${i}Z'`,
        "logName: projects/p/logs/run.googleapis.com%2Fstderr",
        "resource:",
        "  type: cloud_run_revision",
        "  labels:",
        "    service_name: api",
        "severity: ERROR",
        `jsonPayload: ${payload}`,
      ].join("\n");
    // The yaml package recurses per level: 1,500 levels overflow the main thread's stack, not a worker's.
    const deep = `{a: ${"[".repeat(1500)}${"]".repeat(1500)}, message: deep}`;
    const file = join(work, "deep.yaml");
    await writeFile(file, `${[doc(1, "{message: one}"), doc(2, deep), doc(3, "{message: three}")].join("\n")}\n`);
    const r = await expectSameEitherWay(file);
    expect(r.code).toBe(0);
  }, 120_000);

  it("a file that is no export, and one that does not exist: the same one line, the same exit code", async () => {
    const binary = join(work, "picture.png");
    await writeFile(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    for (const input of [binary, join(work, "nope.json")]) {
      const r = await expectSameEitherWay(input);
      expect(r.code).toBe(1);
      // The progress line that names the file, then one line that says what is wrong with it; no stack.
      const lines = r.err.trim().split("\n");
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(lines.at(-1)).toMatch(/^log-gardener: (input is not a Cloud Logging export|--input \S+ does not exist)/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});

describeWithSharedData("every real export read on a second thread gives what one thread gives", () => {
  it("each file of ../shared/data/realworld: UTF-16, CRLF, concatenated objects, YAML, other resources", async () => {
    const files = (await readdir(REALWORLD)).filter((f) => f !== "README.md");
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) await expectSameEitherWay(join(REALWORLD, f));
  }, 300_000);
});
