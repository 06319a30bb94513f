import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "@jest/globals";
import { listTfFiles, loadTfDir, parseTf } from "./tfConfig.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TERRAFORM = join(ROOT, "terraform");
const FILES = listTfFiles(TERRAFORM);
const scratch = mkdtempSync(join(tmpdir(), "lg-tf-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("every .tf file under terraform/ parses", () => {
  it("finds the module's and the example's files", () => {
    const names = FILES.map((f) => relative(TERRAFORM, f));
    expect(names).toEqual(expect.arrayContaining(["versions.tf", "variables.tf", "outputs.tf", "function.tf", "examples/basic/main.tf"]));
  });

  it.each(FILES.map((f) => [relative(TERRAFORM, f), f]))("%s", async (_name, path) => {
    const json = await parseTf(path);
    expect(Object.keys(json).length).toBeGreaterThan(0);
  });

  it("every folder with .tf files loads as one module (no duplicate declarations)", async () => {
    const dirs = [...new Set(FILES.map((f) => dirname(f)))];
    expect(dirs.map((d) => relative(TERRAFORM, d) || ".").sort()).toEqual([".", "deployer", "examples/basic", "modules/identities"]);
    for (const d of dirs) await expect(loadTfDir(d)).resolves.toMatchObject({ dir: d });
  });
});

describe("the parser really fails on a broken file", () => {
  it("rejects a string left open, naming the file and line", async () => {
    const dir = join(scratch, "broken", "nested");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "broken.tf");
    writeFileSync(path, 'resource "google_storage_bucket" "b" {\n  name = "unterminated\n}\n');
    expect(listTfFiles(join(scratch, "broken"))).toEqual([path]);
    await expect(parseTf(path)).rejects.toThrow(/broken\.tf:2,\d+-\d+(,\d+)?: (Invalid multi-line string|Unterminated template string)/);
    await expect(loadTfDir(dir)).rejects.toThrow(/broken\.tf:2/);
  });

  it("rejects an unclosed block", async () => {
    await expect(parseTf("open.tf", 'variable "x" {\n  type = string\n')).rejects.toThrow(/open\.tf/);
  });

  it("rejects the same resource declared in two files", async () => {
    const dir = join(scratch, "dupe");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.tf"), 'resource "google_storage_bucket" "b" {\n  name = "a"\n}\n');
    writeFileSync(join(dir, "b.tf"), 'resource "google_storage_bucket" "b" {\n  name = "b"\n}\n');
    await expect(loadTfDir(dir)).rejects.toThrow("resource google_storage_bucket b is declared twice");
  });
});

/**
 * `terraform fmt` needs no provider, so it runs wherever a terraform binary is (CI has one; without it
 * the test is skipped visibly). `terraform validate` needs the google and archive providers, which
 * cannot be downloaded offline: Cloud Build runs it after `init` (cloudbuild.yaml).
 */
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
describe("terraform fmt", () => {
  (terraform ? it : it.skip)("finds every file under terraform/ formatted (needs terraform on PATH)", () => {
    const fmt = spawnSync("terraform", ["fmt", "-check", "-recursive", "-diff", TERRAFORM], { encoding: "utf8" });
    expect({ status: fmt.status, diff: fmt.stdout }).toEqual({ status: 0, diff: "" });
  });

  (terraform ? it : it.skip)("really fails on a badly formatted file", () => {
    const dir = join(scratch, "unformatted");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "x.tf"), 'variable "x" {\n    type=string\n}\n');
    expect(spawnSync("terraform", ["fmt", "-check", dir], { encoding: "utf8" }).status).not.toBe(0);
  });
});
