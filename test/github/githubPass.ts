import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Bottleneck from "bottleneck";
import { createGithubClient } from "../../shared/adapters/githubClient.js";
import { githubTracker } from "../../shared/adapters/githubTracker.js";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import type { Priority } from "../../shared/analysis/priority.js";
import { runGardener, type GardenerResult } from "../../shared/gardener/runGardener.js";
import type { IssueOutcome } from "../../shared/issues/issueOutcome.js";
import { afterAll, beforeAll } from "@jest/globals";
import { startOpenapiValidator, type OpenapiValidator } from "../fakes/githubOpenapiValidator.js";
import { startFakeGithub, type FakeGithub } from "../fakes/githubServer.js";

export const SERVICE = "shop-api";
export const T0 = Date.parse("2026-03-02T00:00:00Z");
export const HOUR = 3_600_000;

/** One kind of log line repeated in an hour: `count` entries at `severity`, spread over the hour. */
export interface LinePlan {
  text: string;
  count: number;
  severity?: string;
}

/** Writes an NDJSON export (gcloud logging read shape) for hour `h` after T0. */
export async function writeHour(dir: string, h: number, plans: LinePlan[], service = SERVICE): Promise<string> {
  const lines: string[] = [];
  for (const p of plans) {
    for (let i = 0; i < p.count; i++) {
      const t = new Date(T0 + h * HOUR + Math.floor(((i + 0.5) * HOUR) / (p.count + 1)));
      lines.push(
        JSON.stringify({
          insertId: `${h}-${lines.length}`,
          timestamp: t.toISOString(),
          receiveTimestamp: t.toISOString(),
          severity: p.severity ?? "ERROR",
          textPayload: p.text,
          logName: "projects/acme-prod/logs/run.googleapis.com%2Fstderr",
          resource: { type: "cloud_run_revision", labels: { project_id: "acme-prod", service_name: service, revision_name: `${service}-00042-abc`, location: "europe-west1" } },
          labels: { instanceId: `instance-${i % 3}` },
        }),
      );
    }
  }
  const file = join(dir, `hour-${h}.ndjson`);
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

export interface PassOptions {
  maxNewIssues?: number;
  minPriority?: Priority;
  commentQuietMs?: number;
  /**
   * Worklog folder (default: the workspace's). Concurrent passes in ONE process get their own:
   * localFolderWorklogStore names its temp file by pid and millisecond, which collide there.
   */
  worklogs?: string;
  /** Where this pass writes its input file (default: the workspace). */
  inputDir?: string;
  /** The Cloud Run service of the entries (default SERVICE). */
  service?: string;
  /** GARDENER_ISSUE_SAMPLES (default "redacted"). */
  issueSamples?: "redacted" | "none";
}

/** A workspace: an output folder (worklogs + state) shared by the passes of one scenario. */
export async function workspace(): Promise<string> {
  return mkdtemp(join(tmpdir(), "lg-gh-"));
}

/**
 * One whole pass through the real runGardener over hour `h`: file source, local-folder stores, the
 * GitHub tracker on the real Octokit with both plugins, timing shrunk for tests (retry-after seconds
 * become milliseconds; no spacing between writes).
 */
export async function runPass(fake: FakeGithub, dir: string, h: number, plans: LinePlan[], options: PassOptions = {}): Promise<GardenerResult> {
  const service = options.service ?? SERVICE;
  const file = await writeHour(options.inputDir ?? dir, h, plans, service);
  const end = T0 + (h + 1) * HOUR;
  const client = createGithubClient({
    token: fake.token,
    baseUrl: fake.url,
    retryAfterBaseValue: 1,
    throttleGroups: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    },
  });
  const clock = { now: () => new Date(end + 5 * 60_000) };
  return runGardener(
    {
      source: fileSource(file),
      worklogs: localFolderWorklogStore(options.worklogs ?? join(dir, "out")),
      state: localFolderStateStore(join(dir, "out")),
      tracker: githubTracker({
        client,
        owner: "acme",
        repo: "shop",
        minPriority: options.minPriority ?? "P2",
        maxNewIssues: options.maxNewIssues ?? 5,
        commentQuietMs: options.commentQuietMs ?? 24 * HOUR,
        ...(options.issueSamples ? { issueSamples: options.issueSamples } : {}),
        createRetryDelayMs: 1,
        clock,
      }),
      clock,
    },
    {
      services: [service],
      window: { kind: "fixed", window: { start: new Date(T0 + h * HOUR).toISOString(), end: new Date(end).toISOString() } },
      dryRun: false,
      version: "test",
    },
  );
}

/** The issue outcomes of the pass's single service. */
export function outcomesOf(result: GardenerResult): IssueOutcome[] {
  const s = result.services[0];
  if (!s || s.kind !== "written") throw new Error(`pass did not write: ${JSON.stringify(result.services)}`);
  return s.issues;
}

/**
 * Starts the OpenAPI validator and one fake GitHub for the tests of a file, and stops them after;
 * the returned getter gives the running fake.
 */
export function useFakeGithub(): () => FakeGithub {
  let validator: OpenapiValidator | undefined;
  let fake: FakeGithub | undefined;
  beforeAll(async () => {
    validator = await startOpenapiValidator();
    fake = await startFakeGithub(validator);
  });
  afterAll(async () => {
    await fake?.stop();
    await validator?.stop();
  });
  return () => {
    if (!fake) throw new Error("the fake GitHub is not running");
    return fake;
  };
}
