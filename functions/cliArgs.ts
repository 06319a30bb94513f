import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, settingsFromEnv, ConfigError, type Config, type SettingValues } from "../shared/config/loadConfig.js";
import { SETTINGS, type SettingName } from "../shared/config/settings.js";
import { parseRfc3339, validateWindow } from "../shared/config/validateWindow.js";
import type { WindowPlan } from "../shared/gardener/planWindow.js";
import { UserError } from "../shared/util/userError.js";

export type Output = { kind: "folder"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

export interface RunOptions {
  input?: string;
  output: Output;
  window: WindowPlan;
  config: Config;
}

/** Flags of `run` that are not settings; the others come from SETTINGS (settings.ts), help text included. */
const RUN_ONLY_FLAGS = {
  input: { value: "FILE", help: "an export (gcloud logging read --format=json, NDJSON, …); - = stdin; absent = read Cloud Logging" },
  start: { value: "T", help: "window start, RFC 3339 (e.g. 2025-09-16T01:00:00Z); with --end, or --window on from it" },
  end: { value: "T", help: "window end, RFC 3339; with --start, or --window back from it" },
  out: { value: "DIR|gs://B[/P]", help: "where worklogs and state go (default ./worklogs)" },
} as const;

type FlagHelp = { flag: string; value?: string; help: string };

/** The settings that have a flag, by the flag's name without dashes. */
const SETTING_FLAGS = new Map(
  (Object.keys(SETTINGS) as SettingName[]).flatMap((name) => {
    const spec = SETTINGS[name] as { flag?: string };
    return spec.flag ? [[spec.flag.slice(2), name] as const] : [];
  }),
);

function runOptions(): ParseArgsConfig["options"] {
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const name of Object.keys(RUN_ONLY_FLAGS)) options[name] = { type: "string" };
  for (const [flag, setting] of SETTING_FLAGS) {
    const spec = SETTINGS[setting] as { flagValue?: string; flagRepeats?: boolean };
    options[flag] = spec.flagValue ? { type: "string", ...(spec.flagRepeats ? { multiple: true } : {}) } : { type: "boolean" };
  }
  return options;
}

/** The `run` options for --help, generated from the same tables the parser uses. */
export function runOptionsHelp(): string {
  const rows: FlagHelp[] = [
    { flag: "--input", value: RUN_ONLY_FLAGS.input.value, help: RUN_ONLY_FLAGS.input.help },
    ...[...SETTING_FLAGS.values()].map((name) => {
      const spec = SETTINGS[name] as { flag: string; flagValue?: string; flagHelp?: string; description: string; env: string };
      return { flag: spec.flag, ...(spec.flagValue ? { value: spec.flagValue } : {}), help: `${spec.flagHelp ?? spec.description} [${spec.env}]` };
    }),
    ...(["start", "end", "out"] as const).map((f) => ({ flag: `--${f}`, value: RUN_ONLY_FLAGS[f].value, help: RUN_ONLY_FLAGS[f].help })),
  ];
  const left = rows.map((r) => `  ${r.flag}${r.value ? ` ${r.value}` : ""}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return rows.map((r, i) => `${(left[i] as string).padEnd(width)}${r.help}`).join("\n");
}

/** Parses `run` arguments; settings not given as flags come from the environment. */
export function parseRunArgs(args: string[], env: Record<string, string | undefined>, now: Date): RunOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args, options: runOptions(), allowPositionals: false, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.split("\n")[0]} (see log-gardener run --help)`, { cause: err });
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (v.help) return "help";
  const flag = (name: keyof typeof RUN_ONLY_FLAGS) => v[name] as string | undefined;

  const values: SettingValues = { ...settingsFromEnv(env) };
  for (const [name, setting] of SETTING_FLAGS) {
    const given = v[name];
    if (given === undefined || given === false) continue;
    values[setting] = Array.isArray(given) ? given.join(",") : given === true ? "true" : given;
  }

  const problems: string[] = [];
  let output: Output = { kind: "folder", path: "worklogs" };
  const out = flag("out");
  if (out !== undefined) {
    const m = /^gs:\/\/([^/]+)\/?(.*)$/.exec(out);
    if (m) output = { kind: "gcs", bucket: m[1] as string, prefix: (m[2] as string).replace(/\/+$/, "") };
    else if (out.startsWith("gs:")) problems.push(`--out ${out} is not gs://BUCKET[/PREFIX]`);
    else if (!out) problems.push("--out is empty: give a folder or gs://BUCKET[/PREFIX]");
    else output = { kind: "folder", path: out };
  }
  if (output.kind === "gcs") {
    values.bucket = output.bucket;
    values.prefix = output.prefix || "worklogs";
  }
  const time = (name: "start" | "end"): number | undefined => {
    const text = flag(name);
    if (text === undefined) return undefined;
    const ms = parseRfc3339(text);
    if (ms === undefined) problems.push(`--${name} ${JSON.stringify(text)} is not an RFC 3339 time such as 2025-09-16T01:00:00Z`);
    return ms;
  };
  const startMs = time("start");
  const endMs = time("end");

  let config: Config | undefined;
  try {
    config = loadConfig(values, "cli");
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else throw err;
  }
  const input = flag("input");
  if (input === undefined && !values.projectId && !values.projectIds) problems.push("--project (or GARDENER_PROJECT_IDS) is needed to read the cloud (or give --input FILE)");
  if (problems.length || !config) {
    throw new UserError(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems: ${problems.join("; ")}`);
  }

  return { ...(input !== undefined ? { input } : {}), output, window: windowOf(startMs, endMs, v.window !== undefined, input, config, now), config };
}

/**
 * The window from the flags: --start and --end; one of them and a length (--window, default
 * GARDENER_WINDOW); with --input and neither end, back from the export's last entry (or the whole
 * export when no --window is given either); reading Cloud Logging, back from now − ingestion lag.
 */
function windowOf(startMs: number | undefined, endMs: number | undefined, lengthGiven: boolean, input: string | undefined, config: Config, now: Date): WindowPlan {
  const lengthMs = config.windowMs;
  if (startMs !== undefined && endMs !== undefined && lengthGiven) {
    throw new UserError("--window with both --start and --end: give at most two of the three");
  }
  if (startMs === undefined && endMs === undefined && input !== undefined) {
    if (!lengthGiven) return { kind: "all-input" };
    if (input === "-") throw new UserError("--window with --input - needs --end (or --start): the window counts back from the export's last entry, and standard input can be read only once");
    return { kind: "before-last-entry", lengthMs };
  }
  const end = endMs ?? (startMs !== undefined ? startMs + lengthMs : now.getTime() - config.ingestionLagMs);
  const start = startMs ?? end - lengthMs;
  const checked = validateWindow(start, end, now, { start: "--start", end: "--end" });
  if (!checked.ok) throw new UserError(checked.problem);
  return { kind: "fixed", window: checked.value };
}
