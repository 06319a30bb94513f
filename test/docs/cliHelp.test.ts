import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { parseRunArgs } from "../../functions/cliArgs.js";
import { EXIT_CODES } from "../../functions/cliMain.js";
import { SETTINGS } from "../../shared/config/settings.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { cli } from "../e2e/cliIo.js";

const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const NOW = new Date("2026-03-10T16:00:00Z");

describe("the CLI's flags, help and README come from one table", () => {
  it("lists in --help every flag the parser accepts, and every flag is in the README's run table", async () => {
    const { code, out } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    const helpFlags = [...out.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1] as string);
    expect(helpFlags).toEqual(expect.arrayContaining(["--input", "--start", "--end", "--out"]));
    const settingFlags = Object.values(SETTINGS).flatMap((s) => ("flag" in s ? [s.flag] : []));
    expect(helpFlags).toEqual(expect.arrayContaining(settingFlags));
    const readmeRun = /\| `run` option \| meaning \|\n\|[-|]+\|\n([\s\S]*?)\n\n/.exec(readme)?.[1] ?? "";
    for (const f of helpFlags) expect(readmeRun).toContain(`\`${f}`);
    // Every listed flag is one the parser takes (an unknown one would be a usage error).
    const sample: Record<string, string> = { "--window": "1h", "--service": "svc", "--github": "o/r", "--project": "acme-prod", "--out": "out", "--source": "cloud-logging", "--read-thread": "off" };
    const base = ["--input", "f.json", "--start", "2026-03-10T14:00:00Z", "--end", "2026-03-10T15:00:00Z"];
    for (const f of helpFlags.filter((f) => !base.includes(f))) {
      const args = f in sample ? [f, sample[f] as string] : [f];
      // --window takes the place of one end of the window.
      const given = f === "--window" ? base.slice(0, 4) : base;
      expect(parseRunArgs([...given, ...args], { GITHUB_TOKEN: "t" }, NOW)).not.toBe("help");
    }
    expect(() => parseRunArgs(["--colour"], {}, NOW)).toThrow(/Unknown option '--colour'/);
  });

  it("names each setting by its flag in CLI messages and by its variable in the function's", () => {
    expect(() => parseRunArgs(["--input", "f.json", "--window", "soon"], {}, NOW)).toThrow('--window="soon" is not a duration');
    expect(() => parseRunArgs(["--input", "f.json"], { GARDENER_PAGE_BUDGET: "lots" }, NOW)).toThrow('GARDENER_PAGE_BUDGET="lots" must be a whole number from 1 to 10000');
  });

  it("checks a window from flags the same way whichever ends are given", () => {
    const w = parseRunArgs(["--input", "f.json", "--end", "2026-03-10T15:00:00Z", "--window", "30m"], {}, NOW);
    expect(w !== "help" && w.window).toEqual({ kind: "fixed", window: { start: "2026-03-10T14:30:00.000Z", end: "2026-03-10T15:00:00.000Z" } });
    expect(() => parseRunArgs(["--input", "f.json", "--start", "2026-03-10T15:00:00Z", "--end", "2026-03-10T15:00:00Z"], {}, NOW)).toThrow(/^--start must be before --end/);
    expect(() => parseRunArgs(["--input", "f.json", "--start", "2026-03-10"], {}, NOW)).toThrow('--start "2026-03-10" is not an RFC 3339 time');
  });

  it("lists every exit code the CLI returns, in --help and in the README", async () => {
    const { out } = await cli(["--help"]);
    const listed = [...out.slice(out.indexOf("Exit codes:")).matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(Object.values(EXIT_CODES).map((e) => e.code));
    const table = /Exit codes:\n\n\| code \| meaning \|\n\|[-|]+\|\n([\s\S]*?)\n\n/.exec(readme)?.[1] ?? "";
    expect([...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]))).toEqual(Object.values(EXIT_CODES).map((e) => e.code));
  });
});
