import { createReadStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readExport } from "../shared/entries/readExport.js";
import { normalizeEntry } from "../shared/entries/normalizeEntry.js";
import { severityRank, type Severity } from "../shared/entries/severity.js";
import { inferLevel } from "../shared/events/inferSeverity.js";
import type { LevelBasis } from "../shared/events/logFormats.js";

/**
 * The labelled set the severity inference is measured on (see test/fixtures/severity/README.md):
 * lines in the formats of each framework family, written for this project after each logger's
 * documentation, and every entry without a severity in the real exports under ../shared/data,
 * labelled by hand (the labels, not the data, live in this repository).
 */
export interface Sample {
  set: "framework" | "export" | "loghub";
  family: string;
  /** The level the program meant, as labelled. */
  label: Severity;
  text: string;
  predicted?: Severity;
  basis?: LevelBasis;
  where: string;
  /** The entry as Cloud Logging holds it (REST shape, no severity). */
  entry: Record<string, unknown>;
}

/** test/fixtures/severity of the project, whether this runs from the sources (jest) or from dist/. */
function fixturesDir(): URL {
  let dir = new URL(".", import.meta.url);
  for (let i = 0; i < 4 && !existsSync(new URL("package.json", dir)); i++) dir = new URL("..", dir);
  return new URL("test/fixtures/severity/", dir);
}
const FIXTURES = fixturesDir();

interface FrameworkLine {
  family: string;
  label: Severity;
  source: string;
  text: string;
}

interface ExportLabels {
  file: string;
  family: string;
  /** insertId -> label, or [label, family] when the line comes from another family than the file. */
  labels: Record<string, Severity | [Severity, string]>;
}

/**
 * A framework line as Cloud Run would store it: a line that is a JSON object becomes a jsonPayload
 * (whose `severity` alone Cloud Run would have lifted), anything else a textPayload.
 */
function asEntry(text: string): Record<string, unknown> {
  const base = { timestamp: "2024-05-01T10:00:00Z", logName: "projects/p/logs/run.googleapis.com%2Fstdout", resource: { type: "cloud_run_revision", labels: { service_name: "s" } } };
  if (text.trimStart().startsWith("{")) {
    try {
      const payload = JSON.parse(text) as unknown;
      if (typeof payload === "object" && payload !== null && !Array.isArray(payload)) return { ...base, jsonPayload: payload };
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err; // not JSON (util.inspect output): stays text
    }
  }
  return { ...base, textPayload: text };
}

function predict(raw: Record<string, unknown>): { text: string; predicted?: Severity; basis?: LevelBasis } | undefined {
  const n = normalizeEntry(raw);
  if (!n.ok || n.entry.severity !== "DEFAULT") return undefined;
  const level = inferLevel(n.entry.message, n.entry.payload);
  return { text: n.entry.message, ...(level ? { predicted: level.severity, basis: level.basis } : {}) };
}

export async function frameworkSamples(): Promise<Sample[]> {
  const text = await readFile(new URL("framework-lines.jsonl", FIXTURES), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const line = JSON.parse(l) as FrameworkLine;
      const entry = asEntry(line.text);
      const p = predict(entry) ?? { text: line.text };
      return { set: "framework" as const, family: line.family, label: line.label, ...p, where: `framework-lines.jsonl:${i + 1} (${line.source})`, entry };
    });
}

/** Every labelled entry of the real exports, read with the project's own reader from `dataDir` (../shared/data). */
export async function exportSamples(dataDir: string): Promise<Sample[]> {
  const sets = JSON.parse(await readFile(new URL("realworld-labels.json", FIXTURES), "utf8")) as ExportLabels[];
  const out: Sample[] = [];
  for (const set of sets) {
    const path = join(dataDir, set.file);
    const seen = new Set<string>();
    for await (const batch of readExport(createReadStream(path)).batches) for (const item of batch) {
      if (item.kind !== "value") continue;
      const raw = item.value as Record<string, unknown>;
      const id = typeof raw.insertId === "string" ? raw.insertId : undefined;
      const labelled = id ? set.labels[id] : undefined;
      if (!id || !labelled || seen.has(id)) continue;
      seen.add(id);
      const p = predict(raw);
      if (!p) throw new Error(`${set.file} ${id}: labelled but the entry has a severity of its own or cannot be read`);
      const [label, family] = Array.isArray(labelled) ? labelled : [labelled, set.family];
      out.push({ set: "export", family, label, ...p, where: `${set.file} ${id}`, entry: raw });
    }
    const missing = Object.keys(set.labels).filter((id) => !seen.has(id));
    if (missing.length) throw new Error(`${set.file}: ${missing.length} labelled entries not found (${missing.slice(0, 3).join(", ")}…)`);
  }
  return out;
}

/** Loghub's level words, as this project's severities (BGL's RAS severities included). */
const LOGHUB_LEVEL: Record<string, Severity> = {
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARNING",
  WARNING: "WARNING",
  SEVERE: "ERROR",
  ERROR: "ERROR",
  FATAL: "CRITICAL",
  FAILURE: "CRITICAL",
};

/** The Loghub systems whose structured CSV has a `Level` column, and the family of the program that wrote them. */
export const LOGHUB_LEVELLED = [
  ["HDFS", "java log4j"],
  ["Hadoop", "java log4j"],
  ["Spark", "java log4j"],
  ["OpenStack", "python oslo.log"],
  ["BGL", "BlueGene/L RAS"],
] as const;

/** One CSV record (RFC 4180 quoting, no line breaks inside fields: true of Loghub's files). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote in CSV line: ${line.slice(0, 80)}`);
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      const c = line.indexOf(",", i);
      out.push(c < 0 ? line.slice(i) : line.slice(i, c));
      i = c < 0 ? line.length + 1 : c + 1;
    }
  }
  return out;
}

/**
 * Held-out lines: every raw line of the Loghub-2k systems under `dataDir`/loghub2k that carry a level,
 * labelled by Loghub's own structured CSV (its `Level` column), not by this project. The inference
 * was never tuned on them: they measure how its structural reading carries to programs it never saw.
 */
export async function loghubSamples(dataDir: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const [system, program] of LOGHUB_LEVELLED) {
    const base = join(dataDir, "loghub2k", system, `${system}_2k`);
    const lines = (await readFile(`${base}.log`, "utf8")).split(/\r?\n/);
    const [header, ...rows] = (await readFile(`${base}.log_structured_corrected.csv`, "utf8")).split(/\r?\n/).filter((l) => l);
    const cols = csvFields(header as string);
    const idAt = cols.indexOf("LineId");
    const levelAt = cols.indexOf("Level");
    const recordAt = cols.indexOf("Logrecord");
    if (idAt < 0 || levelAt < 0) throw new Error(`${base}.log_structured_corrected.csv: no LineId or Level column`);
    for (const row of rows) {
      const f = csvFields(row);
      const id = Number(f[idAt]);
      const label = LOGHUB_LEVEL[f[levelAt] ?? ""];
      // OpenStack's lines begin with the name of the file Loghub read them from (its Logrecord column): not what the program printed.
      const record = recordAt >= 0 ? `${f[recordAt]} ` : "";
      const line = lines[id - 1];
      const text = line?.startsWith(record) ? line.slice(record.length) : line;
      if (!label || text === undefined) throw new Error(`${system} line ${id}: level ${JSON.stringify(f[levelAt])} or the line is missing`);
      const entry = asEntry(text);
      const p = predict(entry) ?? { text };
      out.push({ set: "loghub", family: `${system} (${program})`, label, ...p, where: `loghub2k/${system} line ${id}`, entry });
    }
  }
  return out;
}

export interface Score {
  family: string;
  lines: number;
  /** Lines labelled ERROR or above, lines inferred ERROR or above, and both. */
  errorLabelled: number;
  errorInferred: number;
  errorBoth: number;
  /** The same at WARNING or above. */
  warningLabelled: number;
  warningInferred: number;
  warningBoth: number;
  /** Lines given any level, and those given the labelled level. */
  inferred: number;
  exact: number;
}

const atLeast = (s: Severity | undefined, min: Severity) => s !== undefined && severityRank(s) >= severityRank(min);

export function score(samples: readonly Sample[], family: string): Score {
  const s: Score = { family, lines: 0, errorLabelled: 0, errorInferred: 0, errorBoth: 0, warningLabelled: 0, warningInferred: 0, warningBoth: 0, inferred: 0, exact: 0 };
  for (const x of samples) {
    s.lines++;
    const le = atLeast(x.label, "ERROR");
    const pe = atLeast(x.predicted, "ERROR");
    const lw = atLeast(x.label, "WARNING");
    const pw = atLeast(x.predicted, "WARNING");
    s.errorLabelled += Number(le);
    s.errorInferred += Number(pe);
    s.errorBoth += Number(le && pe);
    s.warningLabelled += Number(lw);
    s.warningInferred += Number(pw);
    s.warningBoth += Number(lw && pw);
    if (x.predicted) {
      s.inferred++;
      const bucket = (v: Severity) => (severityRank(v) >= severityRank("ERROR") ? "ERROR" : v === "NOTICE" ? "INFO" : v);
      if (bucket(x.predicted) === bucket(x.label)) s.exact++;
    }
  }
  return s;
}

/** Scores per family, then over all lines. */
export function scoreTable(samples: readonly Sample[]): Score[] {
  const families = [...new Set(samples.map((x) => x.family))].sort();
  return [...families.map((f) => score(samples.filter((x) => x.family === f), f)), score(samples, "all")];
}

const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : "–");

export function renderTable(title: string, rows: readonly Score[]): string {
  const out = [
    `${title}`,
    "",
    "| family | lines | ERROR precision | ERROR recall | ≥WARNING precision | ≥WARNING recall | given a level | right level |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    out.push(
      `| ${r.family} | ${r.lines} | ${ratio(r.errorBoth, r.errorInferred)} (${r.errorBoth}/${r.errorInferred}) | ${ratio(r.errorBoth, r.errorLabelled)} (${r.errorBoth}/${r.errorLabelled}) | ${ratio(r.warningBoth, r.warningInferred)} (${r.warningBoth}/${r.warningInferred}) | ${ratio(r.warningBoth, r.warningLabelled)} (${r.warningBoth}/${r.warningLabelled}) | ${r.inferred} | ${ratio(r.exact, r.inferred)} |`,
    );
  }
  return out.join("\n");
}

/** Lines the inference got wrong, for people tuning it: a wrong ERROR first. */
export function mistakes(samples: readonly Sample[]): Sample[] {
  const wrongError = samples.filter((x) => atLeast(x.predicted, "ERROR") && !atLeast(x.label, "ERROR"));
  const other = samples.filter((x) => !wrongError.includes(x) && (atLeast(x.predicted, "WARNING") !== atLeast(x.label, "WARNING") || atLeast(x.predicted, "ERROR") !== atLeast(x.label, "ERROR")));
  return [...wrongError, ...other];
}
