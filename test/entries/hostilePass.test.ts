import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";

/**
 * Whole passes over hostile exports: the pass finishes (or refuses the file in one line), never
 * throws anything else, and counts every entry as gardened or skipped. FUZZ_RUNS scales the runs.
 */
const RUNS = Math.max(10, Math.floor(Number(process.env.FUZZ_RUNS ?? 150) / 3));
const NOW = new Date("2026-03-10T15:30:00Z");
/** Generous: the machines these run on are shared, and a property's runs are not cut short. */
const FUZZ_TIMEOUT_MS = 300_000;

const tmp = () => mkdtemp(join(tmpdir(), "hostile-pass-"));

const base = (i: number, extra: Record<string, unknown>) => ({
  insertId: `e${i}`,
  logName: "projects/p/logs/run.googleapis.com%2Fstderr",
  resource: { type: "cloud_run_revision", labels: { service_name: "svc", revision_name: "svc-00001-abc", project_id: "p" } },
  timestamp: new Date(Date.parse("2026-03-10T14:00:00Z") + i * 1000).toISOString(),
  labels: { instanceId: "i1" },
  ...extra,
});

const payloadArb = fc.oneof(
  fc.record({ textPayload: fc.string({ maxLength: 200, unit: "binary" }) }),
  fc.record({ textPayload: fc.constantFrom("Traceback (most recent call last):\n  File \"a.py\", line 1\nValueError: x", "\u001B]8;;https://evil\u0007link\u001B]8;;\u0007", "a".repeat(70_000)) }),
  fc.record({ jsonPayload: fc.jsonValue({ maxDepth: 5 }), severity: fc.constantFrom("ERROR", "INFO", "WARNING") }),
  fc.record({ jsonPayload: fc.constant({ message: { toString: 1 }, stack: "Error: x\n    at f (a.js:1:1)", __proto__: { admin: true } }), severity: fc.constant("ERROR") }),
  fc.record({ httpRequest: fc.record({ requestMethod: fc.constantFrom("GET", "POST"), requestUrl: fc.string({ maxLength: 60 }), status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constant({ valueOf: 1 })), latency: fc.constantFrom("0.1s", "-5s", "1e400s", "NaNs") }) }),
);

describe("hostile exports through a whole pass", () => {
  const seen = { passes: 0, refused: 0, entries: 0, skipped: {} as Record<string, number> };
  afterAll(() => {
    process.stderr.write(`\n[pass fuzz statistics] ${JSON.stringify(seen)}\n`);
  });

  it("a pass over any such export finishes, or refuses it in one line, and counts every entry", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(payloadArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom("array", "ndjson", "yaml-less-rest"),
        fc.oneof(fc.constant(undefined), fc.nat()),
        async (payloads, shape, cut) => {
          const entries = payloads.map((p, i) => base(i, p));
          const lines = entries.map((e) => JSON.stringify(e));
          let text = shape === "array" ? `[${lines.join(",\n")}]` : shape === "ndjson" ? lines.join("\n") : `{"entries":[${lines.join(",")}]}`;
          if (cut !== undefined) text = text.slice(0, cut % (text.length + 1));
          const out = await tmp();
          seen.passes++;
          try {
            const result = await runGardener(
              {
                source: fileSource("-", Readable.from([Buffer.from(text, "utf16le")].map((b) => Buffer.concat([Buffer.from([0xff, 0xfe]), b])))),
                worklogs: localFolderWorklogStore(out),
                state: localFolderStateStore(out),
                tracker: planningTracker({ minPriority: "P2" }),
                clock: { now: () => NOW },
              },
              { services: [], window: { kind: "all-input" }, dryRun: false, version: "test" },
            );
            const gardened = result.services.reduce((n, s) => n + (s.kind === "written" ? s.entries : 0), 0);
            const skipped = Object.values(result.skipped).reduce((n, k) => n + (k ?? 0), 0);
            seen.entries += gardened;
            for (const [r, n] of Object.entries(result.skipped)) seen.skipped[r] = (seen.skipped[r] ?? 0) + (n ?? 0);
            if (cut === undefined) expect(gardened + skipped).toBe(entries.length);
          } catch (err) {
            if ((err as Error).name !== "UserError") throw err;
            expect((err as Error).message).not.toContain("\n");
            seen.refused++;
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe("the CLI on hostile input: exit 0 or 1 with one line, never 70", () => {
  async function run(text: string, extra: string[] = []) {
    const dir = await tmp();
    const file = join(dir, "export.json");
    await writeFile(file, text);
    const r = await cli(["run", "--input", file, "--out", join(dir, "out"), ...extra], {});
    const latest = async (service: string) => JSON.parse(await readFile(join(dir, "out", service, "latest.json"), "utf8")) as WorklogJson;
    return { ...r, latest };
  }
  const entry = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify(base(i, { textPayload: `line ${i}`, ...extra }));

  it("an entry dated year 3000 is skipped and does not stretch the window", async () => {
    const r = await run(`[${entry(0)},${entry(1, { timestamp: "3000-01-01T00:00:00Z" })},${entry(2)}]`);
    expect(r.code).toBe(0);
    const w = await r.latest("svc");
    expect(w.window).toEqual({ start: "2026-03-10T14:00:00.000Z", end: "2026-03-10T14:00:02.001Z" });
    expect(w.totals.skipped).toEqual({ timestamp_out_of_range: 1 });
  });

  it("a timestamp of +275760-09-13 and one before 1970 are counted, not fatal", async () => {
    const r = await run(`${entry(0)}\n${entry(1, { timestamp: "+275760-09-13T00:00:00Z" })}\n${entry(2, { timestamp: "1969-07-20T20:17:40Z" })}\n`);
    expect(r.code).toBe(0);
    expect((await r.latest("svc")).totals.skipped).toEqual({ timestamp_out_of_range: 2 });
  });

  it("a jsonPayload nested 5,000 levels deep is gardened with its payload cut", async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const r = await run(`[${entry(0)},${JSON.stringify(base(1, { severity: "ERROR", jsonPayload: "DEEP" })).replace('"DEEP"', deep)}]`);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const w = await r.latest("svc");
    expect(w.totals.entries).toBe(2);
    expect(w.totals.bySeverity.ERROR).toBe(1);
  });

  it("one bad NDJSON line costs only that line", async () => {
    const r = await run(`${entry(0)}\n{unclosed\n${entry(2)}\n${entry(3)}\n`);
    expect(r.code).toBe(0);
    const w = await r.latest("svc");
    expect(w.totals.entries).toBe(3);
    expect(w.totals.skipped).toEqual({ invalid_json: 1 });
  });

  it("a BOM and nothing else is an export with no entries: said in one line, exit 0 (as `[]` or an empty file)", async () => {
    const r = await run("\uFEFF");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^no entries: \S+ holds no log entries; nothing to garden\n$/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });

  it.each([
    ["NUL bytes", "\u0000\u0000\u0000\u0000"],
    ["a lone closing bracket", "]"],
    ["a CSV download", "timestamp,severity,textPayload\n2026-03-10T14:00:00Z,ERROR,boom\n"],
  ])("%s: one line, exit 1", async (_name, text) => {
    const r = await run(text);
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n").filter((l) => !/^log-gardener: read/.test(l))).toHaveLength(1);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
});
