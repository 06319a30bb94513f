/**
 * Honest accuracy of the template miner on the Loghub-2k systems under ../shared/data/loghub2k:
 *
 * 1. leave-one-system-out: for each system, the settings with the best mean GA on the other systems
 *    (searched over a grid) are scored on it; every system is reported;
 * 2. halves: settings chosen on the first half of every file, scored on the second halves, and the
 *    other way round;
 * 3. the defaults, for reference (they were chosen with all systems in view: not a held-out figure).
 *
 *   node dist/scripts/clusterLoso.js [--grid key=v1,v2,... ...] [--systems HDFS,Linux,...]
 *
 * `--grid` replaces the default grid (scripts/clusterHeldOut.ts DEFAULT_GRID) key by key given.
 * `LOGHUB_DIR=DIR` reads the systems from another folder of `<S>/<S>_2k.log_structured_corrected.csv`,
 * e.g. all 16 systems of logpai/logparser's `data/loghub_2k_corrected` (the 8 beyond ours are data
 * the miner's rules were not written on):
 *
 *   LOGHUB_DIR=DIR node dist/scripts/clusterLoso.js --systems HDFS,Hadoop,Spark,BGL,HealthApp,Proxifier,OpenStack,Linux,Android,Apache,HPC,Mac,OpenSSH,Thunderbird,Windows,Zookeeper
 */
import { join, resolve } from "node:path";
import { DEFAULT_MINER_SETTINGS, type MinerSettings } from "../shared/clustering/templateMiner.js";
import { DEFAULT_GRID, describeSettings, expandGrid, halves, leaveOneOut, meanOf, scoreLog, trainTest, type HeldOutRow, type SettingsGrid } from "./clusterHeldOut.js";
import { LOGHUB_SYSTEMS, readLoghub } from "./clusterLoghub.js";

const args = process.argv.slice(2);
const grid: SettingsGrid = {};
let systems: string[] = [...LOGHUB_SYSTEMS];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--grid") {
    const [key, list] = (args[++i] ?? "").split("=");
    const values = (list ?? "").split(",").map(Number);
    if (!key || !(key in DEFAULT_MINER_SETTINGS) || values.some((v) => !Number.isFinite(v))) {
      process.stderr.write(`--grid ${args[i]}: expected key=n1,n2,... with key one of ${Object.keys(DEFAULT_MINER_SETTINGS).join(", ")}\n`);
      process.exit(2);
    }
    grid[key as keyof MinerSettings] = values;
  } else if (args[i] === "--systems") systems = (args[++i] ?? "").split(",").filter(Boolean);
  else {
    process.stderr.write(`unknown argument ${args[i]}\n`);
    process.exit(2);
  }
}
const settings = expandGrid(Object.keys(grid).length ? grid : DEFAULT_GRID);
const dir = resolve(process.env.LOGHUB_DIR ?? join(process.cwd(), "..", "shared", "data", "loghub2k"));
const logs = systems.map((s) => readLoghub(dir, s));

const f = (x: number) => x.toFixed(3);
function table(title: string, rows: HeldOutRow[], showChosen: boolean): void {
  process.stdout.write(`\n### ${title}\n\n| system | GA | FGA | PA | FTA |${showChosen ? " settings chosen without it |" : ""}\n|---|---|---|---|---|${showChosen ? "---|" : ""}\n`);
  for (const r of rows) {
    process.stdout.write(`| ${r.system} | ${f(r.scores.ga)} | ${f(r.scores.fga)} | ${f(r.scores.pa)} | ${f(r.scores.fta)} |${showChosen ? ` ${describeSettings(r.chosen)} |` : ""}\n`);
  }
  process.stdout.write(`| **average** | **${f(meanOf(rows, "ga"))}** | ${f(meanOf(rows, "fga"))} | ${f(meanOf(rows, "pa"))} | ${f(meanOf(rows, "fta"))} |${showChosen ? " |" : ""}\n`);
}

process.stdout.write(`${settings.length} settings searched; ${logs.length} systems; node ${process.version}\n`);
table("Leave one system out (settings chosen on the other systems)", leaveOneOut(settings, logs), true);
const split = logs.map(halves);
table(
  "Halves: chosen on the first halves, scored on the second halves",
  trainTest(
    settings,
    split.map((h) => h[0]),
    split.map((h) => h[1]),
  ),
  true,
);
table(
  "Halves: chosen on the second halves, scored on the first halves",
  trainTest(
    settings,
    split.map((h) => h[1]),
    split.map((h) => h[0]),
  ),
  true,
);
table(
  "Defaults on every system (chosen with all of them in view: for reference only)",
  logs.map((l) => ({ system: l.system, chosen: DEFAULT_MINER_SETTINGS, scores: scoreLog(l, DEFAULT_MINER_SETTINGS) })),
  false,
);
