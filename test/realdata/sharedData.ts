import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "@jest/globals";

/** The project root, whatever folder jest was started from. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `../shared/data` beside the project: real data provided to the team, never copied in. */
export const SHARED_DATA = join(PROJECT_ROOT, "..", "shared", "data");
export const CRASHLOOP_1000 = join(SHARED_DATA, "cloud-logging", "netra-backend-staging-crashloop-1000.json");
export const MIXED_100 = join(SHARED_DATA, "cloud-logging", "netra-staging-mixed-services-100.json");
export const LOGHUB = join(SHARED_DATA, "loghub2k");
/** Exports as users saved them (UTF-16, BOMs, concatenated objects, YAML), byte for byte: see its README. */
export const REALWORLD = join(SHARED_DATA, "realworld");

const present = existsSync(SHARED_DATA);
/** CI sets REQUIRE_SHARED_DATA=1: there a missing ../shared/data is a failure, not a skip. */
if (!present && process.env.REQUIRE_SHARED_DATA === "1") {
  throw new Error(`REQUIRE_SHARED_DATA=1 but ${SHARED_DATA} is missing`);
}
if (!present) {
  process.stderr.write(`\n[log-gardener tests] SKIPPING real-data tests: ${SHARED_DATA} is absent\n\n`);
}

/**
 * `describe` for tests that read ../shared/data: skipped visibly when it is absent. The body is not
 * even run then (jest runs the bodies of skipped describes, and some read the data there).
 */
export const describeWithSharedData = present
  ? describe
  : (((name: string) => describe.skip(name, () => it(`needs ${SHARED_DATA}`, () => undefined))) as unknown as typeof describe);

/** The bundled sample hour, written by scripts/generate-sample-hour.ts (the project's own data). */
export const SAMPLE_HOUR = join(PROJECT_ROOT, "sample", "sample-hour.json");
