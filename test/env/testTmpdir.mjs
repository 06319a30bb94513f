/**
 * Jest's globalSetup and globalTeardown: every temporary file and folder a test run makes (os.tmpdir()
 * in tests, the CLIs and browsers they start) goes under one folder of its own, removed when the run
 * ends. Tests create hundreds of folders; without this each run left them in the system's /tmp.
 * Workers start after globalSetup, so they and their children inherit TMPDIR.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function setup() {
  const dir = mkdtempSync(join(tmpdir(), "log-gardener-test-run-"));
  process.env.LOG_GARDENER_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}

export function teardown() {
  const dir = process.env.LOG_GARDENER_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
