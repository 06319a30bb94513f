import { parseArgs } from "node:util";
import { loadConfig, settingsFromEnv, type Config, type SettingValues } from "../shared/config/loadConfig.js";
import type { WindowPlan } from "../shared/gardener/planWindow.js";
import { UserError } from "../shared/util/userError.js";

export type Output = { kind: "folder"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

export interface RunOptions {
  input?: string;
  output: Output;
  window: WindowPlan;
  config: Config;
}

const RUN_OPTIONS = {
  input: { type: "string" },
  project: { type: "string" },
  service: { type: "string", multiple: true },
  start: { type: "string" },
  end: { type: "string" },
  window: { type: "string" },
  out: { type: "string" },
  github: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses `run` arguments; settings not given as flags come from the environment. */
export function parseRunArgs(args: string[], env: Record<string, string | undefined>, now: Date): RunOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args, options: RUN_OPTIONS, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.split("\n")[0]} (see log-gardener run --help)`, { cause: err });
  }
  const v = parsed.values;
  if (v.help) return "help";
  const values: SettingValues = { ...settingsFromEnv(env) };
  if (v.project !== undefined) values.projectId = v.project;
  if (v.service !== undefined) values.services = v.service.join(",");
  if (v.github !== undefined) values.githubRepository = v.github;
  if (v["dry-run"]) values.dryRun = "true";
  if (v.window !== undefined) values.window = v.window;

  const problems: string[] = [];
  let output: Output = { kind: "folder", path: "worklogs" };
  if (v.out !== undefined) {
    const m = /^gs:\/\/([^/]+)\/?(.*)$/.exec(v.out);
    if (m) output = { kind: "gcs", bucket: m[1] as string, prefix: (m[2] as string).replace(/\/+$/, "") };
    else if (v.out.startsWith("gs:")) problems.push(`--out ${v.out} is not gs://BUCKET[/PREFIX]`);
    else if (!v.out) problems.push("--out is empty: give a folder or gs://BUCKET[/PREFIX]");
    else output = { kind: "folder", path: v.out };
  }
  if (output.kind === "gcs") {
    values.bucket = output.bucket;
    values.prefix = output.prefix || "worklogs";
  }
  const time = (flag: "start" | "end"): number | undefined => {
    const text = v[flag];
    if (text === undefined) return undefined;
    const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms)) problems.push(`--${flag} ${JSON.stringify(text)} is not an RFC 3339 time such as 2025-09-16T01:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const startMs = time("start");
  const endMs = time("end");

  let config: Config | undefined;
  try {
    config = loadConfig(values, "cli");
  } catch (err) {
    if (err instanceof UserError && "problems" in err) problems.push(...(err as { problems: string[] }).problems);
    else throw err;
  }
  if (v.input === undefined && !values.projectId) problems.push("--project is needed to read Cloud Logging (or give --input FILE)");
  if (problems.length || !config) {
    throw new UserError(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems: ${problems.join("; ")}`);
  }

  let window: WindowPlan;
  const lengthMs = config.windowMs;
  if (startMs !== undefined || endMs !== undefined || v.window !== undefined || v.input === undefined) {
    const end = endMs ?? (startMs !== undefined && v.window === undefined ? undefined : now.getTime() - config.ingestionLagMs);
    const start = startMs ?? (end !== undefined ? end - lengthMs : undefined);
    const finalEnd = end ?? (start as number) + lengthMs;
    if (start === undefined || start >= finalEnd) throw new UserError(`--start must be before --end (got ${v.start ?? "?"} and ${v.end ?? "?"})`);
    if (finalEnd > now.getTime()) {
      throw new UserError(`the window ends in the future (${new Date(finalEnd).toISOString()}): give an --end that has passed, so the hours after it are read by later passes`);
    }
    window = { kind: "fixed", window: { start: new Date(start).toISOString(), end: new Date(finalEnd).toISOString() } };
  } else window = { kind: "all-input" };

  return { ...(v.input !== undefined ? { input: v.input } : {}), output, window, config };
}
