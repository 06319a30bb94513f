import { PRIORITIES, type Priority } from "../analysis/priority.js";
import { UserError } from "../util/userError.js";
import { parseDuration } from "./parseDuration.js";
import { SETTINGS, type SettingName } from "./settings.js";

export interface GithubSettings {
  owner: string;
  repo: string;
  token: string;
  apiUrl?: string;
}

/** The narrow, validated configuration; built once at the edge. */
export interface Config {
  projectId?: string;
  services: string[];
  bucket?: string;
  prefix: string;
  github?: GithubSettings;
  loggingEndpoint?: string;
  storageEndpoint?: string;
  windowMs: number;
  ingestionLagMs: number;
  maxCatchUpMs: number;
  pageBudget: number;
  maxNewIssues: number;
  issueMinPriority: Priority;
  commentQuietMs: number;
  dryRun: boolean;
  logLevel: "debug" | "info" | "warn" | "error";
}

/** Every problem with the settings, reported at once. */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems with the settings: ${problems.join("; ")}`);
  }
}

export type SettingValues = Partial<Record<SettingName, string | undefined>>;

/** Reads the settings from an environment (the function's, or the CLI's fallbacks). */
export function settingsFromEnv(env: Record<string, string | undefined>): SettingValues {
  const out: SettingValues = {};
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[SettingName, (typeof SETTINGS)[SettingName]]>) {
    const v = env[spec.env];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * Validates raw setting values into a Config. `mode` "function" requires what the unattended function
 * needs (project, services, bucket). Throws ConfigError naming every bad value and what would be right.
 */
export function loadConfig(values: SettingValues, mode: "function" | "cli"): Config {
  const problems: string[] = [];
  const raw = (name: SettingName): string => {
    const v = values[name];
    const spec = SETTINGS[name] as { default?: string };
    return (v === undefined ? (spec.default ?? "") : v).trim();
  };
  const label = (name: SettingName) => {
    const spec = SETTINGS[name] as { env: string; flag?: string };
    return mode === "cli" && spec.flag ? spec.flag : spec.env;
  };
  const required = (name: SettingName): string | undefined => {
    const v = raw(name);
    if (!v && mode === "function" && (SETTINGS[name] as { requiredByFunction?: boolean }).requiredByFunction) {
      problems.push(`${SETTINGS[name].env} is not set: ${SETTINGS[name].description}`);
    }
    return v || undefined;
  };
  const duration = (name: SettingName): number => {
    const v = raw(name);
    const ms = parseDuration(v);
    if (ms === undefined) problems.push(`${label(name)}=${JSON.stringify(v)} is not a duration: use e.g. 90s, 5m, 1h, 1h30m`);
    return ms ?? 0;
  };
  const integer = (name: SettingName, min: number, max: number): number => {
    const v = raw(name);
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) problems.push(`${label(name)}=${JSON.stringify(v)} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const endpoint = (name: SettingName): string | undefined => {
    const v = raw(name);
    if (!v) return undefined;
    if (!/^https?:\/\/[^\s/]+/.test(v)) problems.push(`${label(name)}=${JSON.stringify(v)} must be a URL such as http://127.0.0.1:8080 or https://host`);
    return v;
  };

  const projectId = required("projectId");
  if (projectId && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.:-]{2,62}$/.test(projectId)) {
    problems.push(`${label("projectId")}=${JSON.stringify(projectId)} is not a project id: lowercase letters, digits and hyphens, 6 to 30 characters`);
  }
  const services = (required("services") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of services) {
    if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(s)) problems.push(`service ${JSON.stringify(s)} is not a Cloud Run service name: lowercase letters, digits and hyphens`);
  }
  const bucket = required("bucket");
  if (bucket && !/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(bucket)) {
    problems.push(`${label("bucket")}=${JSON.stringify(bucket)} is not a bucket name (give the name, without gs://)`);
  }
  const prefix = raw("prefix").replace(/^\/+|\/+$/g, "");

  let github: GithubSettings | undefined;
  const repository = raw("githubRepository");
  const token = raw("githubToken");
  const apiUrl = endpoint("githubApiUrl");
  if (repository) {
    const m = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(repository);
    if (!m) problems.push(`${label("githubRepository")}=${JSON.stringify(repository)} must be OWNER/REPO`);
    if (!token) problems.push(`GITHUB_TOKEN is not set: a repository is configured (${repository}), so a token with issues:write is needed`);
    if (m && token) github = { owner: m[1] as string, repo: m[2] as string, token, ...(apiUrl ? { apiUrl } : {}) };
  }

  const priority = raw("issueMinPriority").toUpperCase();
  if (!(PRIORITIES as readonly string[]).includes(priority)) {
    problems.push(`${label("issueMinPriority")}=${JSON.stringify(raw("issueMinPriority"))} must be one of ${PRIORITIES.join(", ")}`);
  }
  const dry = raw("dryRun").toLowerCase();
  if (!["true", "false", "1", "0", "yes", "no", ""].includes(dry)) problems.push(`${label("dryRun")}=${JSON.stringify(raw("dryRun"))} must be true or false`);
  const level = raw("logLevel").toLowerCase();
  if (!["debug", "info", "warn", "error"].includes(level)) problems.push(`${label("logLevel")}=${JSON.stringify(raw("logLevel"))} must be debug, info, warn or error`);

  const config: Config = {
    services,
    prefix,
    windowMs: duration("window"),
    ingestionLagMs: raw("ingestionLag") === "0" ? 0 : duration("ingestionLag"),
    maxCatchUpMs: duration("maxCatchUp"),
    pageBudget: integer("pageBudget", 1, 10_000),
    maxNewIssues: integer("maxNewIssues", 0, 100),
    issueMinPriority: priority as Priority,
    commentQuietMs: duration("commentQuietInterval"),
    dryRun: ["true", "1", "yes"].includes(dry),
    logLevel: level as Config["logLevel"],
  };
  if (projectId) config.projectId = projectId;
  if (bucket) config.bucket = bucket;
  if (github) config.github = github;
  const le = endpoint("loggingEndpoint");
  if (le) config.loggingEndpoint = le;
  const se = endpoint("storageEndpoint");
  if (se) config.storageEndpoint = se;
  if (problems.length) throw new ConfigError(problems);
  return config;
}
