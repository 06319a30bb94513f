/**
 * The table of the real exports in ../shared/data/realworld (or a folder given): for each file what
 * the reader found (encoding, line ends, shape), its entries, how many a whole pass gardened, what it
 * skipped by reason, and the services it wrote worklogs for.
 *
 *   node dist/scripts/realworldTable.js [FOLDER]          (after npm run build)
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileSource } from "../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import { systemClock } from "../shared/gardener/ports.js";
import { runGardener } from "../shared/gardener/runGardener.js";

const folder = resolve(process.argv[2] ?? "../shared/data/realworld");
const files = (await readdir(folder)).filter((f) => f !== "README.md").sort();
const rows = ["| file | encoding; shape | entries | gardened | skipped by reason | services (entries) |", "|---|---|---:|---:|---|---|"];
for (const name of files) {
  const out = await mkdtemp(join(tmpdir(), "lg-realworld-"));
  const source = fileSource(join(folder, name));
  try {
    const result = await runGardener(
      { source, worklogs: localFolderWorklogStore(out), state: localFolderStateStore(out), tracker: planningTracker({ minPriority: "P2" }), clock: systemClock },
      { services: [], window: { kind: "all-input" }, dryRun: true, version: "table" },
    );
    const written = result.services.flatMap((s) => (s.kind === "written" ? [s] : []));
    const gardened = written.reduce((n, s) => n + s.entries, 0);
    const skipped = Object.entries(result.skipped).filter(([, n]) => n);
    const total = gardened + skipped.reduce((n, [, k]) => n + (k ?? 0), 0);
    const description = /\((.*)\)$/.exec(source.describe())?.[1] ?? "";
    rows.push(
      `| ${name} | ${description} | ${total} | ${gardened} | ${skipped.map(([r, n]) => `${r} ${n}`).join(", ") || "none"} | ${written.map((s) => `${s.service} (${s.entries})`).join(", ")} |`,
    );
  } catch (err) {
    rows.push(`| ${name} | | | | refused: ${(err as Error).message} | |`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
process.stdout.write(`${rows.join("\n")}\n`);
