import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import { runCli, type CliIo } from "../../functions/cliMain.js";
import { terminalProgress } from "../../functions/terminalProgress.js";
import { formatReadProgress } from "../../shared/util/readProgress.js";

const SAMPLE = "sample/sample-hour.json";

async function run(errIsTerminal: boolean): Promise<{ code: number; err: string }> {
  let err = "";
  const io: CliIo = { out: () => {}, err: (t) => void (err += t), stdin: Readable.from([""]), errIsTerminal };
  const code = await runCli(["run", "--input", SAMPLE, "--out", mkdtempSync(join(tmpdir(), "lg-bar-"))], {}, io);
  return { code, err };
}

describe("progress of a run", () => {
  it("on a terminal: a bar redrawn in place with the bytes of the file, the rate and the time left, then the plain messages", async () => {
    const { code, err } = await run(true);
    expect(code).toBe(0);
    const size = statSync(SAMPLE).size;
    const frames = err.split("\r").filter((f) => f.startsWith("["));
    expect(frames.length).toBeGreaterThan(0);
    // 6,170 entries: a frame at entry 4,096 (the first is drawn at once), part of the file read.
    expect(frames[0]).toMatch(/^\[#+\.+\] +\d+% {2}\d+ (KB|MB) of \d+ MB {2}4,096 entries {2}[\d,]+ entries\/s {2}\d+:\d\d left\x1b\[K$/);
    expect(frames[0]).toContain(`of ${Math.round(size / 1024 ** 2)} MB`);
    // The bar is erased before a message line, so no line of the log holds both.
    expect(err).toContain("\r\x1b[Klog-gardener: read 6,170 entries\n");
    expect(err).toMatch(/^log-gardener: reading export file sample\/sample-hour\.json/);
  });

  it("elsewhere: plain lines only, no carriage returns or escapes", async () => {
    const { code, err } = await run(false);
    expect(code).toBe(0);
    expect(err).not.toMatch(/[\r\x1b]/);
    expect(err).toContain("log-gardener: read 6,170 entries\n");
  });

  it("the bar's line: share, sizes, rate and time left; without a size, what was read and the rate", () => {
    expect(formatReadProgress({ entries: 250_000, bytesRead: 256 * 1024 ** 2, bytesTotal: 1024 ** 3, elapsedMs: 5000 })).toBe(
      "[######..................]   25%  256 MB of 1.00 GB  250,000 entries  50,000 entries/s  0:15 left",
    );
    expect(formatReadProgress({ entries: 10, bytesRead: 2048, elapsedMs: 1000 })).toBe("2 KB read  10 entries  10 entries/s");
    expect(formatReadProgress({ entries: 10, elapsedMs: 0 })).toBe("10 entries  0 entries/s");
    expect(formatReadProgress({ entries: 9, bytesRead: 100, bytesTotal: 100, elapsedMs: 3_700_000 })).toBe("[########################]  100%  100 B of 100 B  9 entries  0 entries/s");
  });

  it("redraws at most every 100 ms, and clears itself before a message", () => {
    let t = 0;
    let out = "";
    const p = terminalProgress((s) => void (out += s), () => t);
    p.read({ entries: 1, elapsedMs: 1 });
    t = 50;
    p.read({ entries: 2, elapsedMs: 50 });
    t = 150;
    p.read({ entries: 3, elapsedMs: 150 });
    expect(out.split("\r").filter(Boolean).map((f) => f.split("  ")[0])).toEqual(["1 entries", "3 entries"]);
    out = "";
    p.message("done");
    p.message("again");
    expect(out).toBe("\r\x1b[Klog-gardener: done\nlog-gardener: again\n");
  });
});
