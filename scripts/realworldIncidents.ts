/**
 * The incidents of every real export: for each file and service, each incident's priority, title and
 * root cluster (kind and template), the figures issue 11 closes on.
 *
 *   node dist/scripts/realworldIncidents.js [FOLDER...]     a dry-run pass over every file (default
 *                                                          ../shared/data/realworld), as the CLI runs it
 *   node dist/scripts/realworldIncidents.js --worklogs DIR  the same table from worklog JSON files that
 *                                                          any version's CLI wrote under DIR/<file>/…
 *                                                          (to compare with an earlier build)
 *
 * (after npm run build)
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileSource } from "../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import { systemClock } from "../shared/gardener/ports.js";
import { runGardener } from "../shared/gardener/runGardener.js";

/** The few worklog fields the table reads: stable across versions, so older builds' worklogs read too. */
interface WorklogShape {
  service: string;
  totals: { entries: number };
  clusters: Array<{ id: string; kind?: string; template: string }>;
  incidents: Array<{ priority: string; title: string; rootCause: string; clusters: string[] }>;
}

const cell = (s: string, max = 110) => {
  const one = s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

function rowsOf(file: string, worklogs: WorklogShape[]): string[] {
  const rows: string[] = [];
  for (const w of worklogs) {
    if (!w.incidents.length) rows.push(`| ${file} | ${w.service} (${w.totals.entries}) | – | no incident | |`);
    for (const i of w.incidents) {
      const root = w.clusters.find((c) => c.id === i.rootCause);
      const others = i.clusters.length - 1;
      rows.push(`| ${file} | ${w.service} (${w.totals.entries}) | ${i.priority} | ${cell(i.title)} | ${i.rootCause} ${root?.kind ?? "?"}: ${cell(root?.template ?? "?", 80)}${others > 0 ? ` (+${others} symptom cluster${others > 1 ? "s" : ""})` : ""} |`);
    }
  }
  return rows;
}

/** Every worklog JSON under a pass's output folder (not the `latest` copies, not the state). */
async function worklogsUnder(dir: string): Promise<WorklogShape[]> {
  const found: WorklogShape[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/^\d{4}Z\.json$/.test(e.name)) found.push(JSON.parse(await readFile(p, "utf8")) as WorklogShape);
    }
  };
  await walk(dir);
  return found.sort((a, b) => a.service.localeCompare(b.service));
}

const HEAD = ["| file | service (entries) | priority | title | root cluster |", "|---|---|---|---|---|"];
const args = process.argv.slice(2);
const rows = [...HEAD];
const at = args.indexOf("--worklogs");
if (at >= 0) {
  const dir = resolve(args[at + 1] ?? ".");
  for (const e of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const worklogs = await worklogsUnder(join(dir, e.name));
    rows.push(...(worklogs.length ? rowsOf(e.name, worklogs) : [`| ${e.name} | | | no worklog written | |`]));
  }
} else {
  const folders = args.length ? args.map((a) => resolve(a)) : [resolve("../shared/data/realworld")];
  for (const folder of folders) {
    for (const name of (await readdir(folder)).filter((f) => f !== "README.md").sort()) {
      const out = await mkdtemp(join(tmpdir(), "lg-incidents-"));
      try {
        const result = await runGardener(
          { source: fileSource(join(folder, name)), worklogs: localFolderWorklogStore(out), state: localFolderStateStore(out), tracker: planningTracker({ minPriority: "P2" }), clock: systemClock },
          { services: [], window: { kind: "all-input" }, dryRun: true, version: "table" },
        );
        const written = result.services.flatMap((s) => (s.kind === "written" ? [s] : []));
        const worklogs = await Promise.all(written.map(async (s) => JSON.parse(await readFile(s.worklogJson, "utf8")) as WorklogShape));
        rows.push(...(worklogs.length ? rowsOf(basename(name), worklogs) : [`| ${name} | | | no worklog written | |`]));
      } catch (err) {
        rows.push(`| ${name} | | | refused: ${cell((err as Error).message)} | |`);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
  }
}
process.stdout.write(`${rows.join("\n")}\n`);
