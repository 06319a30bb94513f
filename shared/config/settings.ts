import {
  boolean,
  bucketName,
  datasetTemplate,
  duration,
  endpoint,
  githubId,
  logViewList,
  oneOf,
  prefix,
  priority,
  privateKeyPem,
  projectId,
  projectServicesList,
  repository,
  serviceList,
  text,
  wholeNumber,
  type SettingParser,
} from "./settingParsers.js";

/**
 * Every setting the gardener reads, in one table: the function reads them from its environment, the
 * CLI from flags (where it has one) and then the same environment. Each entry carries its own parser,
 * so adding a setting is one row here (plus the field of `Config` it fills); the CLI's flags and
 * `--help` are generated from this table, and tests hold the README's configuration table and
 * Terraform's function environment to it.
 */
export interface SettingSpec<T = unknown> {
  env: string;
  /** The CLI flag that sets it, when the CLI has one. */
  flag?: `--${string}`;
  /** What the flag takes, for `--help` ("ID", "OWNER/REPO"); absent = a switch. */
  flagValue?: string;
  /** The flag takes several values (repeated). */
  flagRepeats?: boolean;
  /** One line for `--help`, when shorter than the description. */
  flagHelp?: string;
  description: string;
  /** Default when unset; absent = no default (required or optional as `requiredByFunction` says). */
  default?: string;
  /** Required by the HTTP function. */
  requiredByFunction?: boolean;
  /** Passed as a secret (Secret Manager), never as a plain value. */
  secret?: boolean;
  /** Only the CLI acts on it (it is about reading an export file, which the function never does): Terraform does not set it. */
  cliOnly?: boolean;
  /** Turns the trimmed text (default applied, "" = unset) into the value, or says what is wrong. */
  parse: SettingParser<T>;
}

export const SETTINGS = {
  projectId: {
    env: "GARDENER_PROJECT_ID",
    flag: "--project",
    flagValue: "ID",
    flagHelp: "project to read Cloud Logging from",
    requiredByFunction: true,
    description: "Google Cloud project whose logs are read (required by the function unless GARDENER_PROJECT_IDS is set).",
    parse: projectId,
  },
  projectIds: {
    env: "GARDENER_PROJECT_IDS",
    description:
      "Several projects instead of GARDENER_PROJECT_ID and GARDENER_SERVICES: PROJECT/SERVICE or PROJECT (every Cloud Run service found in it), comma-separated; one worklog and one state per project and service, and the read budget per project.",
    default: "",
    parse: projectServicesList,
  },
  source: {
    env: "GARDENER_SOURCE",
    flag: "--source",
    flagValue: "cloud-logging|log-analytics",
    flagHelp: "where a pass without --input reads: Cloud Logging (default) or Log Analytics",
    default: "cloud-logging",
    description: "cloud-logging (entries.list, with whole-window counts from Cloud Monitoring) or log-analytics (SQL over the log bucket's linked BigQuery dataset, for services too busy for the Logging read quota).",
    parse: oneOf(["cloud-logging", "log-analytics"] as const, "lower"),
  },
  logAnalyticsDataset: {
    env: "GARDENER_LOG_ANALYTICS_DATASET",
    default: "",
    description: "PROJECT.DATASET of the log bucket's linked BigQuery dataset, read when GARDENER_SOURCE=log-analytics; {project} stands for each project.",
    parse: datasetTemplate,
  },
  logAnalyticsMaxGb: {
    env: "GARDENER_LOG_ANALYTICS_MAX_GB",
    default: "10",
    description: "BigQuery refuses a Log Analytics query that would bill more than this many GB (a cost guard; a busy hour scans about its log volume).",
    parse: wholeNumber(1, 100_000),
  },
  services: {
    env: "GARDENER_SERVICES",
    flag: "--service",
    flagValue: "NAME",
    flagRepeats: true,
    flagHelp: "a unit to garden, repeatable: a Cloud Run service or function name (any case), run-job/NAME, app-engine/NAME, gke/NAMESPACE/WORKLOAD; default: every unit in the input",
    requiredByFunction: true,
    description: "What to garden, comma-separated (the CLI flag repeats; required by the function unless GARDENER_PROJECT_IDS is set): Cloud Run services and Cloud Functions by name, run-job/NAME, app-engine/NAME, gke/NAMESPACE/WORKLOAD.",
    parse: serviceList,
  },
  bucket: {
    env: "GARDENER_BUCKET",
    requiredByFunction: true,
    description: "GCS bucket for worklogs and state (the CLI takes --out gs://BUCKET[/PREFIX] or a folder).",
    parse: bucketName,
  },
  prefix: { env: "GARDENER_PREFIX", default: "worklogs", description: "Object prefix for worklogs in the bucket; state lives under <prefix>/.state/.", parse: prefix },
  githubRepository: {
    env: "GARDENER_GITHUB_REPOSITORY",
    flag: "--github",
    flagValue: "OWNER/REPO",
    flagHelp: "file issues there (GITHUB_TOKEN, or the GITHUB_APP_* settings); absent = actions only planned",
    default: "",
    description: "OWNER/REPO to file issues in; empty = issue actions are only planned and written into the worklog.",
    parse: repository,
  },
  githubToken: {
    env: "GITHUB_TOKEN",
    secret: true,
    default: "",
    description: "GitHub token (fine-grained or classic) with issues:write on the repository; with a repository, this or the three GITHUB_APP_* settings. Not an App installation token: those expire after an hour.",
    parse: text,
  },
  githubAppId: {
    env: "GITHUB_APP_ID",
    default: "",
    description: "GitHub App id: with GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY, issues are filed as the App, with an installation token minted for each pass.",
    parse: githubId,
  },
  githubAppInstallationId: {
    env: "GITHUB_APP_INSTALLATION_ID",
    default: "",
    description: "The App's installation id on the repository's owner (the number at the end of the installation's settings URL).",
    parse: githubId,
  },
  githubAppPrivateKey: {
    env: "GITHUB_APP_PRIVATE_KEY",
    secret: true,
    default: "",
    description: "The App's private key (the whole .pem file), from which each pass signs the request for its installation token.",
    parse: privateKeyPem,
  },
  githubApiUrl: { env: "GITHUB_API_URL", default: "", description: "GitHub API base URL, for GitHub Enterprise (and tests); empty = api.github.com.", parse: endpoint },
  loggingEndpoint: { env: "LOGGING_API_ENDPOINT", default: "", description: "Cloud Logging API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth.", parse: endpoint },
  storageEndpoint: { env: "STORAGE_API_ENDPOINT", default: "", description: "Cloud Storage API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth.", parse: endpoint },
  monitoringEndpoint: {
    env: "MONITORING_API_ENDPOINT",
    default: "",
    description: "Cloud Monitoring API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth (the REST form of timeSeries.list).",
    parse: endpoint,
  },
  bigqueryEndpoint: { env: "BIGQUERY_API_ENDPOINT", default: "", description: "BigQuery API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth.", parse: endpoint },
  window: {
    env: "GARDENER_WINDOW",
    flag: "--window",
    flagValue: "1h",
    flagHelp: "window length: back from --end, on from --start; with --input and neither, back from the export's last entry (rounded up to the minute); reading Cloud Logging, back from now − ingestion lag",
    default: "1h",
    description: "Length of a pass's window (first run, and the CLI's --window back from --end or now).",
    parse: duration(),
  },
  ingestionLag: { env: "GARDENER_INGESTION_LAG", default: "5m", description: "How far behind now a window ends, because entries arrive late.", parse: duration({ zero: true }) },
  maxCatchUp: { env: "GARDENER_MAX_CATCH_UP", default: "6h", description: "Longest window a pass reads after missed runs; older time is reported as skipped.", parse: duration() },
  pageBudget: {
    env: "GARDENER_PAGE_BUDGET",
    default: "40",
    description: "Cloud Logging pages (1000 entries) a pass may read per service; the read quota is 60 a minute per project.",
    parse: wholeNumber(1, 10_000),
  },
  maxNewIssues: {
    env: "GARDENER_MAX_NEW_ISSUES",
    default: "5",
    description: "New GitHub issues a pass may open; the rest wait for the next pass and are listed in the worklog.",
    parse: wholeNumber(0, 100),
  },
  issueMinPriority: { env: "GARDENER_ISSUE_MIN_PRIORITY", default: "P2", description: "Lowest priority that gets a GitHub issue (P0 to P3).", parse: priority },
  commentQuietInterval: {
    env: "GARDENER_COMMENT_QUIET_INTERVAL",
    default: "24h",
    description: "A recurring problem gets a new comment only after this long; otherwise its status comment is edited.",
    parse: duration(),
  },
  issueSamples: {
    env: "GARDENER_ISSUE_SAMPLES",
    default: "redacted",
    description: "What log text GitHub issues carry: redacted (templates, redacted samples and evidence) or none (templates and counts only, with a link to the worklog; for public repositories).",
    parse: oneOf(["redacted", "none"] as const, "lower"),
  },
  dryRun: {
    env: "GARDENER_DRY_RUN",
    flag: "--dry-run",
    flagHelp: "do not touch GitHub (no token needed); write the plan into the worklog",
    default: "false",
    description: "true = read and write worklogs but do not touch GitHub (actions are planned).",
    parse: boolean,
  },
  logViews: {
    env: "GARDENER_LOG_VIEWS",
    default: "",
    description:
      "Cloud Logging views to read through instead of the whole project, comma-separated full names (projects/P/locations/L/buckets/B/views/V); Terraform sets the views it grants the function. Empty = read the project (needs roles/logging.viewer there).",
    parse: logViewList,
  },
  readThread: {
    env: "GARDENER_READ_THREAD",
    flag: "--read-thread",
    flagValue: "auto|on|off",
    flagHelp: "read a large export on a second thread (auto: 16 MiB or more, with two cores)",
    default: "auto",
    cliOnly: true,
    description:
      "An export file read on a second thread (read, parsed and normalised there while the pass tallies): auto = files of 16 MiB or more on a machine with two or more cores; on = always; off = never. Standard input is read in one thread. The worklogs are the same either way.",
    parse: oneOf(["auto", "on", "off"] as const, "lower"),
  },
  logLevel: { env: "GARDENER_LOG_LEVEL", default: "info", description: "The gardener's own log level (debug, info, warn, error).", parse: oneOf(["debug", "info", "warn", "error"] as const, "lower") },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/** The parsed value type of a setting. */
export type SettingValue<K extends SettingName> = (typeof SETTINGS)[K]["parse"] extends SettingParser<infer T> ? T : never;
