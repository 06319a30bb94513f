/**
 * Agreement with a peer: the template miner against the patterns Loki's Drain test suite expects
 * (grafana/loki `pkg/pattern/drain`: `drain_test.go` and its `testdata/*.txt`, real logfmt, JSON,
 * journald, Kubernetes, Kafka, Vault and Calico lines). Loki is a peer, not the truth: the figures
 * say where we agree and where we split or merge differently.
 *
 * Nothing is downloaded and nothing of Loki's is kept in this project: point the script at a
 * checkout (or a copy of that folder) that you fetched yourself, e.g.
 *
 *   git clone --depth 1 --filter=blob:none --sparse https://github.com/grafana/loki /tmp/loki
 *   git -C /tmp/loki sparse-checkout set pkg/pattern/drain
 *   node dist/scripts/clusterVsLoki.js --loki /tmp/loki/pkg/pattern/drain [--show 5] [--set similarity=0.9]
 *
 * Each line is assigned the most specific Loki pattern that matches it (`<_>` = any text); lines no
 * pattern matches (Loki drops lines with too many tokens) are left out of the agreement figures.
 * Per file: lines, Loki's patterns, our clusters, pair F1 (pairs of lines put together, Loki's
 * assignment as reference), our single-line clusters whose line shares its Loki pattern with other
 * lines (the splits to remove), our clusters spanning several Loki patterns (merges), and templates
 * whose quotes are unbalanced although every line they hold has balanced quotes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTemplateMiner } from "../shared/clustering/templateMiner.js";
import { minerSettingsFromArgs } from "./minerSettingsArgs.js";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const lokiDir = opt("--loki");
const show = Number(opt("--show") ?? 0);
if (!lokiDir) {
  process.stderr.write("usage: clusterVsLoki --loki DIR (the folder holding Loki's drain_test.go and testdata/) [--show N] [--set key=value ...]\n");
  process.exit(2);
}
const settings = minerSettingsFromArgs(args);

interface LokiCase {
  file: string;
  patterns: string[];
}

/** The `inputFile` / `patterns` pairs of TestDrain_TrainExtractsPatterns, read from the Go source. */
function lokiCases(dir: string): LokiCase[] {
  const src = readFileSync(join(dir, "drain_test.go"), "utf8");
  const start = src.indexOf("func TestDrain_TrainExtractsPatterns");
  const end = src.indexOf("\nfunc ", start + 10);
  const body = src.slice(start, end < 0 ? undefined : end);
  const cases: LokiCase[] = [];
  const entry = /inputFile:\s*[`"]testdata\/([^`"]+)[`"]/g;
  const positions: { file: string; at: number }[] = [];
  for (let m = entry.exec(body); m; m = entry.exec(body)) positions.push({ file: m[1] as string, at: m.index });
  positions.forEach((p, k) => {
    const chunk = body.slice(p.at, positions[k + 1]?.at ?? body.length);
    const open = chunk.indexOf("patterns: []string{");
    if (open < 0) return;
    // The list ends at the first line holding only `},` after it.
    const close = chunk.indexOf("\n\t\t\t},", open);
    const list = chunk.slice(open, close < 0 ? undefined : close);
    const patterns = [...list.matchAll(/`([^`]*)`/g)].map((x) => x[1] as string);
    cases.push({ file: p.file, patterns });
  });
  return cases;
}

function dataFile(dir: string, file: string): string | undefined {
  for (const p of [join(dir, "testdata", file), join(dir, file)]) if (existsSync(p)) return p;
  return undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Index of the most specific pattern (most literal characters) matching the line, or -1. */
function assign(line: string, compiled: { re: RegExp; literal: number }[]): number {
  let best = -1;
  let bestLiteral = -1;
  compiled.forEach((p, i) => {
    if (p.literal > bestLiteral && p.re.test(line)) {
      best = i;
      bestLiteral = p.literal;
    }
  });
  return best;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

interface Row {
  file: string;
  lines: number;
  matched: number;
  loki: number;
  ours: number;
  f1: number;
  precision: number;
  recall: number;
  singletons: number;
  merges: number;
  unbalanced: number;
}

const rows: Row[] = [];
for (const c of lokiCases(lokiDir)) {
  const path = dataFile(lokiDir, c.file);
  if (!path || c.patterns.length === 0 || readFileSync(path, "utf8").trim() === "") {
    process.stderr.write(`skipped ${c.file}: ${path ? "no patterns or no lines" : "file missing"}\n`);
    continue;
  }
  const lines = readFileSync(path, "utf8").split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines[lines.length - 1] === "") lines.pop();
  const compiled = c.patterns.map((p) => ({
    re: new RegExp(`^${p.split("<_>").map(escapeRe).join("[\\s\\S]*?")}$`),
    literal: p.replaceAll("<_>", "").length,
  }));
  const miner = createTemplateMiner(settings, { keepRetired: true });
  const added = lines.map((l) => miner.add(l));
  miner.finalise();
  const ids = added.map((id) => miner.rootOf(id));
  const truth = lines.map((l) => assign(l, compiled));
  const idx = truth.map((t, i) => (t >= 0 ? i : -1)).filter((i) => i >= 0);

  const lokiSize = new Map<number, number>();
  const oursSize = new Map<number, number>();
  const both = new Map<string, number>();
  const lokiOf = new Map<number, Set<number>>();
  for (const i of idx) {
    const t = truth[i] as number;
    const p = ids[i] as number;
    lokiSize.set(t, (lokiSize.get(t) ?? 0) + 1);
    oursSize.set(p, (oursSize.get(p) ?? 0) + 1);
    both.set(`${p}\u0000${t}`, (both.get(`${p}\u0000${t}`) ?? 0) + 1);
    (lokiOf.get(p) ?? lokiOf.set(p, new Set()).get(p)!).add(t);
  }
  const real = [...lokiSize.values()].reduce((a, n) => a + pairs(n), 0);
  const made = [...oursSize.values()].reduce((a, n) => a + pairs(n), 0);
  const agree = [...both.values()].reduce((a, n) => a + pairs(n), 0);
  const precision = made ? agree / made : 1;
  const recall = real ? agree / real : 1;
  const singletonIds = [...oursSize].filter(([p, n]) => n === 1 && (lokiSize.get([...(lokiOf.get(p) ?? [])][0] as number) ?? 0) > 1).map(([p]) => p);
  const mergeIds = [...lokiOf].filter(([, s]) => s.size > 1).map(([p]) => p);
  const quotes = (s: string) => (s.match(/"/g) ?? []).length % 2;
  let unbalanced = 0;
  const balancedLines = new Map<number, boolean>();
  lines.forEach((l, i) => balancedLines.set(ids[i] as number, (balancedLines.get(ids[i] as number) ?? true) && quotes(l) === 0));
  for (const [id, ok] of balancedLines) if (ok && quotes(miner.template(id)) !== 0) unbalanced++;
  rows.push({
    file: c.file,
    lines: lines.length,
    matched: idx.length,
    loki: lokiSize.size,
    ours: oursSize.size,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    precision,
    recall,
    singletons: singletonIds.length,
    merges: mergeIds.length,
    unbalanced,
  });
  if (show) {
    const line = (p: number) => lines[ids.indexOf(p)]?.slice(0, 220);
    for (const p of singletonIds.slice(0, show)) process.stdout.write(`  ${c.file} single: ${miner.template(p).slice(0, 200)}\n     loki: ${c.patterns[truth[ids.indexOf(p)] as number]?.slice(0, 200)}\n`);
    for (const p of mergeIds.slice(0, show)) process.stdout.write(`  ${c.file} merge (${[...(lokiOf.get(p) ?? [])].length} loki patterns): ${miner.template(p).slice(0, 200)}\n     e.g. ${line(p)}\n`);
  }
}

process.stdout.write("| file | lines | matched by a Loki pattern | Loki patterns | our clusters | pair F1 (P / R) | our single-line clusters where Loki has one pattern | our clusters over several Loki patterns | templates with unbalanced quotes |\n|---|---|---|---|---|---|---|---|---|\n");
for (const r of rows) {
  process.stdout.write(
    `| ${r.file} | ${r.lines} | ${r.matched} | ${r.loki} | ${r.ours} | ${r.f1.toFixed(3)} (${r.precision.toFixed(3)} / ${r.recall.toFixed(3)}) | ${r.singletons} | ${r.merges} | ${r.unbalanced} |\n`,
  );
}
const n = rows.length || 1;
const sum = (f: (r: Row) => number) => rows.reduce((a, r) => a + f(r), 0);
process.stdout.write(
  `| **all ${rows.length} files** | ${sum((r) => r.lines)} | ${sum((r) => r.matched)} | ${sum((r) => r.loki)} | ${sum((r) => r.ours)} | ${(sum((r) => r.f1) / n).toFixed(3)} (mean) | ${sum((r) => r.singletons)} | ${sum((r) => r.merges)} | ${sum((r) => r.unbalanced)} |\n`,
);
