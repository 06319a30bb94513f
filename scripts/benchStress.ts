/**
 * Peak memory of a full `log-gardener run` over the two stress exports of benchStressExport.ts
 * (1,000,000 entries of unique messages; 1,000,000 tracebacks of 200,000 distinct exception types),
 * written to `--dir` first when missing (about 0.6 GB each). Each run goes under `/usr/bin/time -v`;
 * the table gives wall time, peak RSS and what the worklog says about the hour.
 *
 *   node dist/scripts/benchStress.js [--dir /tmp] [--entries 1000000] [--types 200000] [--cli dist/functions/cli.js]
 *
 * `--cli` measures another build (an older checkout's dist/functions/cli.js) on the same inputs.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : dflt;
};
const dir = opt("--dir", "/tmp");
const entries = Number(opt("--entries", "1000000"));
const types = Number(opt("--types", "200000"));
const cli = resolve(opt("--cli", join("dist", "functions", "cli.js")));
const generator = resolve(join("dist", "scripts", "benchStressExport.js"));

function input(kind: "unique" | "exceptions"): string {
  const path = join(dir, `lg-stress-${kind}-${entries}${kind === "exceptions" ? `-${types}` : ""}.ndjson`);
  if (!existsSync(path)) {
    const out = openSync(path, "w");
    const r = spawnSync("node", [generator, "--kind", kind, "--entries", String(entries), "--types", String(types)], { stdio: ["ignore", out, "inherit"] });
    closeSync(out);
    if (r.status !== 0) throw new Error(`generating ${path} failed (${r.status})`);
  }
  return path;
}

function findLatest(root: string): string | undefined {
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) {
      const found = findLatest(p);
      if (found) return found;
    } else if (name === "latest.json") return p;
  }
  return undefined;
}

interface Worklog {
  totals: { entries: number; events?: number; clusteringDrops?: Record<string, number> };
  clusters: unknown[];
  incidents: unknown[];
  shown?: Record<string, unknown>;
}

function run(label: string, path: string): string {
  const out = mkdtempSync(join(dir, "lg-stress-out-"));
  try {
    const r = spawnSync("/usr/bin/time", ["-v", "node", cli, "run", "--input", path, "--out", out], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
    const stderr = r.stderr.toString();
    const field = (name: string) => new RegExp(`${name}:\\s+(.*)`).exec(stderr)?.[1] ?? "?";
    const wall = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)");
    const rssMb = Math.round(Number(field("Maximum resident set size \\(kbytes\\)")) / 1024);
    if (r.status !== 0) return `| ${label} | exit ${r.status} | ${wall} | ${rssMb} | ${stderr.split("\n").slice(-3).join(" ").slice(0, 200)} |`;
    const latest = findLatest(out);
    const w = latest ? (JSON.parse(readFileSync(latest, "utf8")) as Worklog) : undefined;
    const drops = w?.totals.clusteringDrops ? Object.entries(w.totals.clusteringDrops).map(([k, v]) => `${k} ${v}`).join(", ") : "";
    const what = w ? `${w.totals.entries} entries, ${w.clusters.length} clusters and ${w.incidents.length} incidents in the JSON${drops ? `; drops: ${drops}` : ""}` : "no worklog";
    return `| ${label} | 0 | ${wall} | ${rssMb} | ${what} |`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

process.stdout.write(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; cli ${cli}\n\n`);
process.stdout.write("| input | exit | wall | peak RSS MB | worklog |\n|---|---|---|---|---|\n");
process.stdout.write(`${run(`${entries.toLocaleString("en")} unique messages`, input("unique"))}\n`);
process.stdout.write(`${run(`${entries.toLocaleString("en")} tracebacks, ${types.toLocaleString("en")} exception types`, input("exceptions"))}\n`);
