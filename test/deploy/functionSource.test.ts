import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { loadTfDir, type TfDir } from "../terraform/tfConfig.js";
import { fileset, functionSourceFiles, functionSourcePatterns, functionSourceZip, readZip, writeZip } from "./functionSource.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-source-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let tf: TfDir;
let patterns: string[];
beforeAll(async () => {
  tf = await loadTfDir(join(PROJECT_ROOT, "terraform"));
  patterns = functionSourcePatterns(tf);
});

/** A tree with the files a checkout may hold beside the function's own. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, "tree-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe("the uploaded source is an allowlist", () => {
  it("is the manifest, the lockfile, the function's tsconfig and the TypeScript of functions/ and shared/", () => {
    expect(patterns).toEqual(["package.json", "package-lock.json", "tsconfig.function.json", "functions/**/*.ts", "shared/**/*.ts"]);
    const files = functionSourceFiles(PROJECT_ROOT, patterns);
    expect(files).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "tsconfig.function.json", "functions/index.ts", "shared/config/settings.ts"]));
    expect(files.every((f) => /^(package\.json|package-lock\.json|tsconfig\.function\.json|(functions|shared)\/.+\.ts)$/.test(f))).toBe(true);
  });

  it("leaves out everything else a checkout holds, tracked or not: README, sample, scripts, tests, secrets", () => {
    const root = tree({
      "package.json": "{}",
      "package-lock.json": "{}",
      "tsconfig.function.json": "{}",
      "tsconfig.json": "{}",
      "README.md": "# edit me",
      ".env": "GITHUB_TOKEN=ghp_x",
      ".npmrc": "//registry.npmjs.org/:_authToken=x",
      "functions/index.ts": "",
      "functions/.npmrc": "token",
      "functions/notes.md": "",
      "shared/a/b/deep.ts": "",
      "shared/.hidden/x.ts": "",
      "scripts/bench.ts": "",
      "test/x.test.ts": "",
      "sample/sample-hour.json": "[]",
      "node_modules/pkg/index.ts": "",
      "dist/functions/index.js": "",
      "terraform/terraform.tfstate": "{}",
    });
    expect(functionSourceFiles(root, patterns)).toEqual([
      "functions/index.ts",
      "package-lock.json",
      "package.json",
      "shared/.hidden/x.ts",
      "shared/a/b/deep.ts",
      "tsconfig.function.json",
    ]);
  });

  it("follows fileset's glob rules: ** spans zero or more folders, * and ? stay within one", () => {
    const root = tree({ "a/x.ts": "", "a/b/y.ts": "", "a/b/c/z.ts": "", "a/x.tsx": "", "ab.ts": "", "a/q.js": "" });
    expect(fileset(root, "a/**/*.ts")).toEqual(["a/b/c/z.ts", "a/b/y.ts", "a/x.ts"]);
    expect(fileset(root, "a/*.ts")).toEqual(["a/x.ts"]);
    expect(fileset(root, "a/?.ts")).toEqual(["a/x.ts"]);
    expect(fileset(root, "a/**")).toEqual(["a/b/c/z.ts", "a/b/y.ts", "a/q.js", "a/x.ts", "a/x.tsx"]);
    expect(fileset(root, "ab.ts")).toEqual(["ab.ts"]);
    expect(fileset(root, "missing.ts")).toEqual([]);
    expect(fileset(root, "a")).toEqual([]);
    expect(() => fileset(root, "a/{x,y}.ts")).toThrow(/does not implement/);
  });

  const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
  /** Terraform's own evaluation of the module's expression at `root` (`terraform console` needs no provider). */
  const terraformList = (root: string): string[] => {
    const dir = mkdtempSync(join(scratch, "tf-"));
    const locals = { source_dir: root, function_source_patterns: tf.locals.function_source_patterns, function_source_files: tf.locals.function_source_files };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals }));
    const printed = execFileSync("terraform", ["console"], { cwd: dir, input: "jsonencode(sort(local.function_source_files))\n", encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] });
    const list = JSON.parse(JSON.parse(printed.trim().split("\n").pop() as string) as string) as string[];
    return list.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  };
  (terraform ? it : it.skip)("lists the same files as Terraform's own fileset over the module's expression (needs terraform on PATH)", () => {
    const fromTerraform = terraformList(PROJECT_ROOT);
    expect(fromTerraform.length).toBeGreaterThan(50);
    expect(functionSourceFiles(PROJECT_ROOT, patterns)).toEqual(fromTerraform);
    const tricky = tree({ "package.json": "{}", ".env": "x", "functions/index.ts": "", "functions/.x.ts": "", "shared/.hidden/x.ts": "", "shared/a b/c.ts": "", "shared/x.d.ts": "", "shared/y.tsx": "" });
    expect(terraformList(tricky)).toEqual(functionSourceFiles(tricky, patterns));
    expect(functionSourceFiles(tricky, patterns)).toContain("shared/.hidden/x.ts");
  });
});

describe("the zip is deterministic", () => {
  it("holds the files sorted by name with their exact bytes, no modification time and no file mode", () => {
    const { files, zip } = functionSourceZip(PROJECT_ROOT, patterns);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(files);
    expect([...files].sort()).toEqual(files);
    for (const e of entries) expect({ name: e.name, mode: e.mode, time: e.dosTime, date: e.dosDate, madeBy: e.madeBy }).toEqual({ name: e.name, mode: 0, time: 0, date: 0, madeBy: 20 });
    expect(entries.find((e) => e.name === "package.json")?.data.toString("utf8")).toContain('"gcp-build"');
  });

  it("depends only on names and contents: file times, modes and creation order do not change a byte", () => {
    const one = tree({ "package.json": "{}", "functions/index.ts": "export {};\n", "shared/z.ts": "z", "shared/a.ts": "a" });
    const two = tree({ "shared/a.ts": "a", "shared/z.ts": "z", "functions/index.ts": "export {};\n", "package.json": "{}" });
    execFileSync("chmod", ["755", join(two, "functions/index.ts")]);
    execFileSync("touch", ["-d", "2001-01-01", join(two, "shared/a.ts")]);
    expect(functionSourceZip(one, patterns).zip.equals(functionSourceZip(two, patterns).zip)).toBe(true);
    const changed = tree({ "package.json": "{}", "functions/index.ts": "export {}; \n", "shared/z.ts": "z", "shared/a.ts": "a" });
    expect(functionSourceZip(one, patterns).zip.equals(functionSourceZip(changed, patterns).zip)).toBe(false);
  });

  it("round-trips through the reader, which checks every CRC", () => {
    const zip = writeZip([{ name: "b.txt", data: Buffer.from("bee") }, { name: "a.txt", data: Buffer.alloc(10_000, 7) }]);
    expect(readZip(zip).map((e) => [e.name, e.data.length])).toEqual([["a.txt", 10_000], ["b.txt", 3]]);
    const corrupt = Buffer.from(zip);
    corrupt[40] = (corrupt[40] as number) ^ 0xff; // inside a.txt's data
    expect(() => readZip(corrupt)).toThrow();
  });
});
