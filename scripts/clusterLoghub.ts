import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The eight Loghub-2k systems under ../shared/data/loghub2k. */
export const LOGHUB_SYSTEMS = ["HDFS", "Hadoop", "Spark", "BGL", "HealthApp", "Proxifier", "OpenStack", "Linux"] as const;

export interface LabelledLog {
  system: string;
  /** The `Content` column, CR/LF replaced by a space as loghub-eval.py does. */
  messages: string[];
  /** Ground-truth templates (whitespace-normalised); "" when unlabelled. */
  templates: string[];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const normWs = (s: string) => s.trim().split(/\s+/).filter(Boolean).join(" ");

/** Reads `<dir>/<S>/<S>_2k.log_structured_corrected.csv`. */
export function readLoghub(dir: string, system: string): LabelledLog {
  const rows = parseCsv(readFileSync(join(dir, system, `${system}_2k.log_structured_corrected.csv`), "utf8"));
  const header = rows[0] ?? [];
  const ci = header.indexOf("Content");
  const ti = header.indexOf("EventTemplate");
  if (ci < 0 || ti < 0) throw new Error(`${system}: no Content/EventTemplate column`);
  const messages: string[] = [];
  const templates: string[] = [];
  for (const r of rows.slice(1)) {
    if (r.length < header.length) continue;
    messages.push((r[ci] ?? "").replace(/\r\n|\r|\n/g, " "));
    templates.push(normWs(r[ti] ?? ""));
  }
  return { system, messages, templates };
}

export interface GroupingScores {
  /** Grouping accuracy (Zhu et al. 2019): messages whose predicted cluster is exactly their true group. */
  ga: number;
  /** F1 over groups that coincide exactly with one predicted cluster (Loghub-2.0). */
  fga: number;
  /** Parsing accuracy: predicted template equal to the truth (whitespace-normalised). */
  pa: number;
  /**
   * F1 of template accuracy (Khan et al. 2022): a predicted template is right when every message
   * carrying it has exactly that truth template; precision over predicted, recall over true templates.
   */
  fta: number;
  truthGroups: number;
  predictedGroups: number;
}

/** The metrics of loghub-eval.py, computed the same way (messages with an empty truth are left out). */
export function scoreGrouping(truth: string[], predicted: readonly (string | number)[], predictedTemplates?: string[]): GroupingScores {
  const idx = truth.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
  const gt = new Map<string, number[]>();
  const predSize = new Map<string | number, number>();
  for (const i of idx) {
    const k = truth[i] as string;
    (gt.get(k) ?? gt.set(k, []).get(k)!).push(i);
    const p = predicted[i] as string | number;
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
  }
  let correctMsgs = 0;
  let correctGroups = 0;
  for (const members of gt.values()) {
    const preds = new Set(members.map((i) => predicted[i]));
    if (preds.size === 1 && predSize.get([...preds][0] as string | number) === members.length) {
      correctMsgs += members.length;
      correctGroups++;
    }
  }
  const pga = predSize.size ? correctGroups / predSize.size : 0;
  const rga = gt.size ? correctGroups / gt.size : 0;
  let pa = 0;
  let fta = 0;
  if (predictedTemplates) {
    const norm = predictedTemplates.map((t) => normWs(t ?? ""));
    pa = idx.filter((i) => norm[i] === truth[i]).length / (idx.length || 1);
    const truthsOf = new Map<string, Set<string>>();
    for (const i of idx) (truthsOf.get(norm[i] as string) ?? truthsOf.set(norm[i] as string, new Set()).get(norm[i] as string)!).add(truth[i] as string);
    let right = 0;
    for (const [t, truths] of truthsOf) if (truths.size === 1 && truths.has(t)) right++;
    const pta = truthsOf.size ? right / truthsOf.size : 0;
    const rta = gt.size ? right / gt.size : 0;
    fta = pta + rta ? (2 * pta * rta) / (pta + rta) : 0;
  }
  return {
    ga: idx.length ? correctMsgs / idx.length : 0,
    fga: pga + rga ? (2 * pga * rga) / (pga + rga) : 0,
    pa,
    fta,
    truthGroups: gt.size,
    predictedGroups: predSize.size,
  };
}
