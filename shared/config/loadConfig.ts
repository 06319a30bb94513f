import type { Priority } from "../analysis/priority.js";
import type { ProjectServices } from "./settingParsers.js";
import { UserError } from "../util/userError.js";
import { SETTINGS, type SettingName, type SettingValue } from "./settings.js";

/** How the gardener authenticates to GitHub: a token as given, or a GitHub App that mints an installation token per pass. */
export type GithubAuth = { kind: "token"; token: string } | { kind: "app"; appId: number; installationId: number; privateKey: string };

export interface GithubSettings {
  owner: string;
  repo: string;
  /** Absent in a dry run given neither a token nor an App (then nothing calls GitHub). */
  auth?: GithubAuth;
  apiUrl?: string;
}

/** The narrow, validated configuration; built once at the edge. */
export interface Config {
  projectId?: string;
  services: string[];
  /**
   * The projects a pass gardens, each with its services (empty = every Cloud Run service found): from
   * GARDENER_PROJECT_IDS, or the one GARDENER_PROJECT_ID with GARDENER_SERVICES.
   */
  projects: ProjectServices[];
  /** GARDENER_PROJECT_IDS was set: worklogs and state go under a folder per project. */
  multiProject: boolean;
  source: "cloud-logging" | "log-analytics";
  /** PROJECT.DATASET of the linked dataset; `{project}` stands for each project. */
  logAnalyticsDataset?: string;
  logAnalyticsMaxBytes: number;
  monitoringEndpoint?: string;
  bigqueryEndpoint?: string;
  bucket?: string;
  prefix: string;
  github?: GithubSettings;
  loggingEndpoint?: string;
  storageEndpoint?: string;
  /** Log views to read through (entries.list resourceNames); empty = the project. */
  logViews: string[];
  windowMs: number;
  ingestionLagMs: number;
  maxCatchUpMs: number;
  pageBudget: number;
  maxNewIssues: number;
  issueMinPriority: Priority;
  commentQuietMs: number;
  issueSamples: "redacted" | "none";
  dryRun: boolean;
  /** Whether an export file is read on a second thread (the CLI; see threadedExportRead.ts). */
  readThread: "auto" | "on" | "off";
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
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const v = env[SETTINGS[name].env];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * Validates raw setting values into a Config: each setting by its own parser (settings.ts), then the
 * rules that tie settings together. `mode` "function" requires what the unattended function needs
 * (project, services, bucket) and names settings by their variables; "cli" names them by their flags.
 * Throws ConfigError naming every bad value and what would be right.
 */
export function loadConfig(values: SettingValues, mode: "function" | "cli"): Config {
  const problems: string[] = [];
  const projectIdsText = (values.projectIds ?? "").trim();
  const read = <K extends SettingName>(name: K): SettingValue<K> => {
    const spec = SETTINGS[name] as { env: string; flag?: string; default?: string; requiredByFunction?: boolean; description: string };
    const text = (values[name] ?? spec.default ?? "").trim();
    // Several projects replace the one project and its services.
    const required = spec.requiredByFunction && !(projectIdsText && (name === "projectId" || name === "services"));
    if (!text && mode === "function" && required) problems.push(`${spec.env} is not set: ${spec.description}`);
    const label = mode === "cli" && spec.flag ? spec.flag : spec.env;
    const parsed = (SETTINGS[name].parse as (t: string, l: string) => { ok: true; value: SettingValue<K> } | { ok: false; problem: string })(text, label);
    if (parsed.ok) return parsed.value;
    problems.push(parsed.problem);
    return undefined as SettingValue<K>;
  };

  const projectId = read("projectId");
  const bucket = read("bucket");
  const repository = read("githubRepository");
  const token = read("githubToken");
  const apiUrl = read("githubApiUrl");
  const loggingEndpoint = read("loggingEndpoint");
  const storageEndpoint = read("storageEndpoint");
  const monitoringEndpoint = read("monitoringEndpoint");
  const bigqueryEndpoint = read("bigqueryEndpoint");
  const projectIds = read("projectIds");
  const services = read("services") ?? [];
  const source = read("source") ?? "cloud-logging";
  const dataset = read("logAnalyticsDataset");
  const config: Config = {
    services,
    projects: projectIds ?? (projectId ? [{ projectId, services }] : []),
    multiProject: !!projectIds,
    source,
    logAnalyticsMaxBytes: (read("logAnalyticsMaxGb") ?? 10) * 1_000_000_000,
    prefix: read("prefix") ?? "",
    windowMs: read("window") ?? 0,
    ingestionLagMs: read("ingestionLag") ?? 0,
    maxCatchUpMs: read("maxCatchUp") ?? 0,
    pageBudget: read("pageBudget") ?? 0,
    maxNewIssues: read("maxNewIssues") ?? 0,
    issueMinPriority: read("issueMinPriority") ?? "P2",
    commentQuietMs: read("commentQuietInterval") ?? 0,
    issueSamples: read("issueSamples") ?? "redacted",
    dryRun: read("dryRun") ?? false,
    readThread: read("readThread") ?? "auto",
    logLevel: read("logLevel") ?? "info",
    logViews: read("logViews") ?? [],
  };
  if (projectId) config.projectId = projectId;
  if (bucket) config.bucket = bucket;
  if (loggingEndpoint) config.loggingEndpoint = loggingEndpoint;
  if (storageEndpoint) config.storageEndpoint = storageEndpoint;
  if (monitoringEndpoint) config.monitoringEndpoint = monitoringEndpoint;
  if (bigqueryEndpoint) config.bigqueryEndpoint = bigqueryEndpoint;
  if (dataset) config.logAnalyticsDataset = dataset;

  if (projectIdsText && (projectId || services.length)) {
    problems.push(`${SETTINGS.projectIds.env} names the projects and their services: leave ${SETTINGS.projectId.env} and ${SETTINGS.services.env} unset (or drop ${SETTINGS.projectIds.env})`);
  }
  if (source === "log-analytics" && !dataset) {
    problems.push(`${SETTINGS.logAnalyticsDataset.env} is not set: ${SETTINGS.source.env}=log-analytics reads the log bucket's linked dataset (PROJECT.DATASET, or {project}.DATASET for several projects)`);
  }

  // A dry run plans issue actions without calling GitHub, so it needs no token; a pass that may call
  // GitHub without one (a request body turning dry run off) stops when the tracker is built.
  const repositoryText = (values.githubRepository ?? "").trim();
  const appGiven = (["githubAppId", "githubAppInstallationId", "githubAppPrivateKey"] as const).filter((k) => (values[k] ?? "").trim() !== "").map((k) => SETTINGS[k].env);
  const app = { appId: read("githubAppId"), installationId: read("githubAppInstallationId"), privateKey: read("githubAppPrivateKey") };
  // A dry run names no repository that needs a credential (one given is still checked).
  const auth = githubAuth(token, app, appGiven, config.dryRun ? "" : repositoryText, problems);
  if (repository && (auth || config.dryRun)) config.github = { ...repository, ...(auth ? { auth } : {}), ...(apiUrl ? { apiUrl } : {}) };

  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * The GitHub credential: a token, or all three App settings. Needed when a repository is set; giving
 * both kinds, or only part of the App's, is a problem (said here rather than guessed at).
 */
function githubAuth(
  token: string | undefined,
  app: { appId: number | undefined; installationId: number | undefined; privateKey: string | undefined },
  appGiven: string[],
  repository: string,
  problems: string[],
): GithubAuth | undefined {
  const names = [SETTINGS.githubAppId.env, SETTINGS.githubAppInstallationId.env, SETTINGS.githubAppPrivateKey.env];
  if (token && appGiven.length) {
    problems.push(`GITHUB_TOKEN and ${appGiven.join(", ")} are both set: give a token or a GitHub App, not both`);
    return undefined;
  }
  if (appGiven.length && appGiven.length < names.length) {
    const missing = names.filter((k) => !appGiven.includes(k));
    problems.push(`${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set: a GitHub App needs ${names.join(", ")}`);
    return undefined;
  }
  if (appGiven.length) {
    // All three given; a value its parser refused has been reported already.
    const { appId, installationId, privateKey } = app;
    return appId !== undefined && installationId !== undefined && privateKey !== undefined ? { kind: "app", appId, installationId, privateKey } : undefined;
  }
  if (token) return { kind: "token", token };
  if (repository) {
    problems.push(`GITHUB_TOKEN is not set: a repository is configured (${repository}), so a token with issues:write is needed, or a GitHub App (${names.join(", ")}); or use --dry-run / GARDENER_DRY_RUN=true`);
  }
  return undefined;
}
