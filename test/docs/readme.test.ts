import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { SETTINGS } from "../../shared/config/settings.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";

const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

describe("the README stays true", () => {
  it("has a quick start of exactly two commands: the demo and the tests", () => {
    const quick = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const commands = quick.split("\n").filter(Boolean).map((l) => l.replace(/\s+#.*$/, "").trim());
    expect(commands).toEqual(["npm ci && npm run demo", "npm test"]);
    expect(pkg.scripts.demo).toContain("--input sample/sample-hour.json");
    expect(pkg.scripts.demo).toContain("--out worklogs");
  });

  it("documents every setting the config loader reads, with its default", () => {
    const rows = new Map(
      [...readme.matchAll(/^\| `([A-Z_]+)` \|[^|]*\| ([^|]*) \|/gm)].map((m) => [m[1] as string, (m[2] as string).trim()]),
    );
    for (const s of Object.values(SETTINGS)) {
      expect(rows.has(s.env)).toBe(true);
      const d = (s as { default?: string }).default;
      if (d) expect(rows.get(s.env)).toBe(`\`${d}\``);
    }
    expect([...rows.keys()].sort()).toEqual(Object.values(SETTINGS).map((s) => s.env).sort());
  });

  it("names the function's target as the code registers it", () => {
    const index = readFileSync(join(PROJECT_ROOT, "functions", "index.ts"), "utf8");
    const target = /export const FUNCTION_TARGET = "([^"]+)"/.exec(index)?.[1];
    expect(target).toBe("logGardener");
    expect(readme).toContain(`Target **\`${target}\`**`);
    expect(pkg.scripts.start).toContain(`--target=${target}`);
  });
});
