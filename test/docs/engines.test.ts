import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { PROJECT_ROOT } from "../realdata/sharedData.js";

const semver = createRequire(import.meta.url)("semver") as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };

interface LockPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { engines: { node: string }; overrides?: Record<string, string> };
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");

describe("package.json `engines` is true to what the runtime dependencies need", () => {
  it("every runtime dependency in the lockfile accepts the oldest Node the project says it runs on", () => {
    const oldest = semver.minVersion(pkg.engines.node)?.version as string;
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, "")}@${p.version} needs node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it("the README's prerequisites name the same Node version", () => {
    const prerequisites = /^## Prerequisites\n([\s\S]*?)\n## /m.exec(readme)?.[1] ?? "";
    expect(prerequisites).toContain(`Node.js ${pkg.engines.node}`);
  });
});
