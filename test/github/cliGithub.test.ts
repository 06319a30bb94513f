import { expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { cli } from "../e2e/cliIo.js";
import { writeHour, workspace, useFakeGithub } from "./githubPass.js";

const github = useFakeGithub();

// The CLI builds its own client with production timing (writes 1 s apart, creations 3 s): ~6 s.
it("log-gardener run --github OWNER/REPO files the issue through buildDeps, and a rerun does not file it again", async () => {
  const dir = await workspace();
  const input = await writeHour(dir, 0, [{ text: "RuntimeError: payment gateway timed out", count: 12 }]);
  const out = join(dir, "out");
  const args = ["run", "--input", input, "--out", out, "--github", "acme/shop", "--start", "2026-03-02T00:00:00Z", "--end", "2026-03-02T01:00:00Z"];
  const env = { GITHUB_TOKEN: github().token, GITHUB_API_URL: github().url };
  expect((await cli(args, env)).code).toBe(0);
  expect((await cli(args, env)).code).toBe(0);
  expect(github().issues.size).toBe(1);
  expect(github().comments.size).toBe(0);
  expect(github().issues.get(1)?.title).toBe("[P1] shop-api: RuntimeError: payment gateway timed out");
  const md = await readFile(join(out, "shop-api", "2026", "03", "02", "0100Z.md"), "utf8");
  expect(md).toMatch(/Skipped #1: already reported up to 2026-03-02T01:00:00.000Z/);
  expect(github().invalid).toEqual([]);
}, 60_000);

it("a wrong token stops the run with a one-line reason", async () => {
  const dir = await workspace();
  const input = await writeHour(dir, 0, [{ text: "RuntimeError: payment gateway timed out", count: 12 }]);
  const args = ["run", "--input", input, "--out", join(dir, "out"), "--github", "acme/shop", "--start", "2026-03-02T00:00:00Z", "--end", "2026-03-02T01:00:00Z"];
  const r = await cli(args, { GITHUB_TOKEN: "ghp_wrong", GITHUB_API_URL: github().url });
  expect(r.code).toBe(1);
  // Progress lines (the failed request among them) come first; the reason is the last line, alone.
  const lines = r.err.trimEnd().split("\n");
  expect(lines.at(-1)).toMatch(/^log-gardener: GitHub rejected the token \(401\).*check GITHUB_TOKEN/);
  expect(r.err).not.toMatch(/\n\s+at /);
}, 30_000);
