/**
 * Throughput and memory of `log-gardener cluster` on one core, over corpora built by
 * buildClusterCorpus (100k, 1M, 5M lines by default). Each size runs `--runs` times under
 * `/usr/bin/time -v` with stdout to /dev/null; the best run is reported. Process start (node loading
 * the CLI) is measured apart with `--version` and is not in the clustering figures.
 *
 *   node dist/scripts/benchCluster.js [--sizes 100000,1000000,5000000] [--runs 3] [--dir /tmp] [--ids]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : dflt;
};
const sizes = opt("--sizes", "100000,1000000,5000000").split(",").map(Number);
const runs = Number(opt("--runs", "3"));
const dir = opt("--dir", "/tmp");
/** Corpus flavour passed to buildClusterCorpus: "" (numbers redrawn) or "--ids" (ids and hashes too). */
const flavour = args.includes("--ids") ? "--ids" : "";
const root = resolve(process.cwd());
const cli = join(root, "dist", "functions", "cli.js");
const builder = join(root, "dist", "scripts", "buildClusterCorpus.js");

interface Run {
  wallS: number;
  internalS: number;
  userS: number;
  sysS: number;
  maxRssMb: number;
  clusters: number;
}

function timeRun(cmd: string[], input?: string): { stderr: string; time: Map<string, string> } {
  const stdin = input ? openSync(input, "r") : "ignore";
  const r = spawnSync("/usr/bin/time", ["-v", ...cmd], { stdio: [stdin, "ignore", "pipe"], maxBuffer: 1 << 24 });
  if (typeof stdin === "number") closeSync(stdin);
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed (${r.status}):\n${stderr.slice(-2000)}`);
  const time = new Map<string, string>();
  for (const line of stderr.split("\n")) {
    const m = /^\s*(.+?):\s+(.*)$/.exec(line);
    if (m) time.set(m[1] as string, m[2] as string);
  }
  return { stderr, time };
}

const wallOf = (t: Map<string, string>) => {
  const v = (t.get("Elapsed (wall clock) time (h:mm:ss or m:ss)") ?? "0").split(":").map(Number);
  return v.reduce((acc, x) => acc * 60 + x, 0);
};

function bench(path: string): Run {
  const { stderr, time } = timeRun(["node", cli, "cluster"], path);
  const internal = Number(/EVAL_INTERNAL_SECONDS=([\d.]+)/.exec(stderr)?.[1] ?? NaN);
  const clusters = Number(/ (\d+) clusters,/.exec(stderr)?.[1] ?? NaN);
  return {
    wallS: wallOf(time),
    internalS: internal,
    userS: Number(time.get("User time (seconds)")),
    sysS: Number(time.get("System time (seconds)")),
    maxRssMb: Number(time.get("Maximum resident set size (kbytes)")) / 1024,
    clusters,
  };
}

process.stdout.write(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}\n`);
const starts = Array.from({ length: 5 }, () => wallOf(timeRun(["node", cli, "--version"]).time));
process.stdout.write(`process start (node + CLI, --version): best ${Math.min(...starts).toFixed(2)} s of 5\n\n`);
process.stdout.write("| lines | clusters | clustering s (internal) | msgs/s (internal) | wall s | user+sys CPU s | peak RSS MB |\n|---|---|---|---|---|---|---|\n");
for (const n of sizes) {
  const path = join(dir, `lg-corpus${flavour}-${n}.txt`);
  if (!existsSync(path)) execFileSync("node", [builder, "--lines", String(n), "--out", path, ...(flavour ? [flavour] : [])], { stdio: "inherit" });
  const all = Array.from({ length: runs }, () => bench(path));
  const best = all.reduce((a, b) => (b.internalS < a.internalS ? b : a));
  const rss = Math.max(...all.map((r) => r.maxRssMb));
  process.stdout.write(
    `| ${n.toLocaleString("en")} | ${best.clusters} | ${best.internalS.toFixed(2)} | ${Math.round(n / best.internalS).toLocaleString("en")} | ${best.wallS.toFixed(2)} | ${(best.userS + best.sysS).toFixed(2)} | ${rss.toFixed(0)} |\n`,
  );
}
