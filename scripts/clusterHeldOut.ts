import { createTemplateMiner, DEFAULT_MINER_SETTINGS, type MinerSettings } from "../shared/clustering/templateMiner.js";
import { scoreGrouping, type GroupingScores, type LabelledLog } from "./clusterLoghub.js";

/**
 * Validation on data left out: the settings of the miner are chosen on some labelled logs and
 * scored on others, so that a figure never comes from the data it was tuned on.
 */

/** Settings to choose from: each key with the values tried (the cartesian product is searched). */
export type SettingsGrid = Partial<Record<keyof MinerSettings, number[]>>;

/**
 * The choices the miner's defaults were picked from: how many distinct words make a variable, how
 * much of a template must stay constant, whether long messages merge by similarity (1.01: never),
 * whether two-word messages may merge, how many words make a variable where they are plainly values,
 * and whether templates of different lengths join (1.01: never). The defaults come first, so that a
 * tie keeps them.
 */
export const DEFAULT_GRID: SettingsGrid = {
  variableAfter: [DEFAULT_MINER_SETTINGS.variableAfter, 3, 4, 5, 8, 15],
  minConstantShare: [DEFAULT_MINER_SETTINGS.minConstantShare, 0.5, 0.6],
  similarity: [DEFAULT_MINER_SETTINGS.similarity, 0.92, 1.01],
  exactBelowTokens: [DEFAULT_MINER_SETTINGS.exactBelowTokens, 1, 2],
  valueAfter: [DEFAULT_MINER_SETTINGS.valueAfter, 2, 3],
  spanShare: [DEFAULT_MINER_SETTINGS.spanShare, 0.8, 0.9, 1.01],
};

/** Every combination of the grid's values over the base settings, in grid order, without repeats. */
export function expandGrid(grid: SettingsGrid, base: MinerSettings = DEFAULT_MINER_SETTINGS): MinerSettings[] {
  let out: MinerSettings[] = [{ ...base }];
  for (const [key, values] of Object.entries(grid) as [keyof MinerSettings, number[]][]) {
    const next: MinerSettings[] = [];
    for (const s of out) for (const v of [...new Set(values)]) next.push({ ...s, [key]: v });
    out = next;
  }
  return out;
}

/** What differs from the defaults, for a table: `variableAfter=3 similarity=1.01`, or `defaults`. */
export function describeSettings(s: MinerSettings, base: MinerSettings = DEFAULT_MINER_SETTINGS): string {
  const diff = (Object.keys(s) as (keyof MinerSettings)[]).filter((k) => s[k] !== base[k]).map((k) => `${k}=${s[k]}`);
  return diff.length ? diff.join(" ") : "defaults";
}

/** Clusters one log's messages with the given settings (as the `cluster` command does) and scores them. */
export function scoreLog(log: LabelledLog, settings: MinerSettings): GroupingScores {
  const miner = createTemplateMiner(settings, { keepRetired: true });
  const added = log.messages.map((m) => miner.add(m));
  miner.finalise();
  const ids = added.map((id) => miner.rootOf(id));
  return scoreGrouping(log.templates, ids, ids.map((id) => miner.template(id)));
}

/** A labelled log cut into two: its first and second half of messages. */
export function halves(log: LabelledLog): [LabelledLog, LabelledLog] {
  const mid = Math.floor(log.messages.length / 2);
  return [
    { system: `${log.system}[1st half]`, messages: log.messages.slice(0, mid), templates: log.templates.slice(0, mid) },
    { system: `${log.system}[2nd half]`, messages: log.messages.slice(mid), templates: log.templates.slice(mid) },
  ];
}

export interface HeldOutRow {
  /** The log scored. */
  system: string;
  /** The settings chosen without it. */
  chosen: MinerSettings;
  scores: GroupingScores;
}

/** Index of the settings with the best mean GA over the given logs (the first of equals wins). */
function best(table: GroupingScores[][], logs: number[]): number {
  let bestAt = 0;
  let bestMean = -1;
  table.forEach((row, s) => {
    const mean = logs.reduce((a, l) => a + (row[l] as GroupingScores).ga, 0) / logs.length;
    if (mean > bestMean + 1e-12) {
      bestMean = mean;
      bestAt = s;
    }
  });
  return bestAt;
}

/** Scores of every settings (rows) on every log (columns). */
export function scoreTable(settings: MinerSettings[], logs: LabelledLog[]): GroupingScores[][] {
  return settings.map((s) => logs.map((l) => scoreLog(l, s)));
}

/**
 * Leave-one-out: for each log, the settings with the best mean GA on all the others, scored on it.
 */
export function leaveOneOut(settings: MinerSettings[], logs: LabelledLog[], table = scoreTable(settings, logs)): HeldOutRow[] {
  return logs.map((log, i) => {
    const s = best(
      table,
      logs.map((_, j) => j).filter((j) => j !== i),
    );
    return { system: log.system, chosen: settings[s] as MinerSettings, scores: (table[s] as GroupingScores[])[i] as GroupingScores };
  });
}

/** Settings chosen on the `train` logs (best mean GA), scored on each `test` log. */
export function trainTest(settings: MinerSettings[], train: LabelledLog[], test: LabelledLog[]): HeldOutRow[] {
  const s = best(
    scoreTable(settings, train),
    train.map((_, j) => j),
  );
  const chosen = settings[s] as MinerSettings;
  return test.map((log) => ({ system: log.system, chosen, scores: scoreLog(log, chosen) }));
}

/** Mean of one score over rows. */
export function meanOf(rows: HeldOutRow[], key: "ga" | "fga" | "pa" | "fta"): number {
  return rows.reduce((a, r) => a + r.scores[key], 0) / (rows.length || 1);
}
