import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Bottleneck from "bottleneck";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { createGithubClient } from "../../shared/adapters/githubClient.js";
import { githubTracker } from "../../shared/adapters/githubTracker.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import { leakPieces, type CorpusItem } from "../../scripts/secretCorpus.js";
import { startOpenapiValidator } from "../fakes/githubOpenapiValidator.js";
import { startFakeGithub } from "../fakes/githubServer.js";

export interface LeakResult {
  item: CorpusItem;
  worklog: boolean;
  github: boolean;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

/**
 * Plants the corpus in one export (one Cloud Run service per kind), runs one real pass over it (file
 * source, local worklogs, the GitHub tracker on the real Octokit against the fake GitHub, every issue
 * allowed), and looks for every item's secret in its worklogs and in everything written to GitHub.
 */
export async function measureLeaks(items: CorpusItem[]): Promise<LeakResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "lg-leak-"));
  const validator = await startOpenapiValidator();
  const fake = await startFakeGithub(validator);
  try {
    const input = join(dir, "export.ndjson");
    await writeFile(input, `${items.flatMap((i) => i.entries.map((e) => JSON.stringify(e))).join("\n")}\n`);
    const client = createGithubClient({
      token: fake.token,
      baseUrl: fake.url,
      retryAfterBaseValue: 1,
      throttleGroups: { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }), notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }) },
    });
    const clock = { now: () => new Date("2026-03-02T11:05:00Z") };
    const out = join(dir, "out");
    await runGardener(
      {
        source: fileSource(input),
        worklogs: localFolderWorklogStore(out),
        state: localFolderStateStore(out),
        tracker: githubTracker({ client, owner: "acme", repo: "shop", minPriority: "P3", maxNewIssues: 100_000, commentQuietMs: 86_400_000, clock }),
        clock,
      },
      {
        services: [],
        window: { kind: "fixed", window: { start: "2026-03-02T10:00:00Z", end: "2026-03-02T11:00:00Z" } },
        dryRun: false,
        version: "leak-test",
      },
    );
    // What GitHub holds for a service: its issues (by their service label) and their comments.
    const githubOf = (service: string) =>
      [...fake.issues.values()]
        .filter((i) => i.labels.includes(`service:${service}`))
        .flatMap((i) => [i.title, i.body, ...[...fake.comments.values()].filter((c) => c.issue_number === i.number).map((c) => c.body)])
        .join("\n");
    // A planted entry the pass did not read (outside the hour, skipped) cannot leak: the measurement
    // would pass without measuring it. Every service's worklog must count every entry planted for it.
    const planted = new Map<string, number>();
    for (const item of items) planted.set(item.service, (planted.get(item.service) ?? 0) + item.entries.length);
    for (const [service, n] of planted) {
      const json = JSON.parse(await readFile(join(out, service, "latest.json"), "utf8")) as { totals: { entries: number } };
      if (json.totals.entries !== n) throw new Error(`${service}: ${n} entries planted, ${json.totals.entries} read: the measurement would not measure them all`);
    }
    const results: LeakResult[] = [];
    for (const item of items) {
      const github = githubOf(item.service);
      const files = await filesUnder(join(out, item.service)).catch(() => [] as string[]);
      const worklog = (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
      const pieces = leakPieces(item.secret);
      results.push({ item, worklog: pieces.some((p) => worklog.includes(p)), github: pieces.some((p) => github.includes(p)) });
    }
    if (fake.invalid.length) throw new Error(`requests GitHub would refuse: ${JSON.stringify(fake.invalid.slice(0, 3))}`);
    return results;
  } finally {
    await fake.stop();
    await validator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The leak table by kind, as Markdown. */
export function leakTable(results: LeakResult[]): string {
  const byKind = new Map<string, { n: number; any: number; gh: number; where: string[] }>();
  for (const r of results) {
    const k = byKind.get(r.item.kind) ?? { n: 0, any: 0, gh: 0, where: [] };
    k.n++;
    if (r.worklog || r.github) {
      k.any++;
      k.where.push(r.item.placement);
    }
    if (r.github) k.gh++;
    byKind.set(r.item.kind, k);
  }
  const rows = [...byKind.entries()].map(([kind, k]) => `| ${kind} | ${k.n} | ${k.any} | ${k.gh} | ${k.where.join(", ")} |`);
  const n = results.length;
  const any = results.filter((r) => r.worklog || r.github).length;
  const gh = results.filter((r) => r.github).length;
  return [
    "| kind | items | leaked anywhere | leaked to GitHub | placements that leaked |",
    "|---|---:|---:|---:|---|",
    ...rows,
    `| **all ${byKind.size} kinds** | ${n} | ${any} (${((100 * any) / n).toFixed(1)}%) | ${gh} (${((100 * gh) / n).toFixed(1)}%) | |`,
  ].join("\n");
}
