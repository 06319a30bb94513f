/**
 * Every setting the gardener reads, in one table: the function reads them from its environment, the
 * CLI from flags (where it has one) and then the same environment. The README's configuration table
 * and Terraform's function environment are checked against this list by tests.
 */
export interface SettingSpec {
  env: string;
  flag?: string;
  description: string;
  /** Default when unset; absent = no default (required or optional as `required` says). */
  default?: string;
  /** Required by the HTTP function. */
  requiredByFunction?: boolean;
  /** Passed as a secret (Secret Manager), never as a plain value. */
  secret?: boolean;
}

export const SETTINGS = {
  projectId: { env: "GARDENER_PROJECT_ID", flag: "--project", requiredByFunction: true, description: "Google Cloud project whose Cloud Run logs are read." },
  services: { env: "GARDENER_SERVICES", flag: "--service", requiredByFunction: true, description: "Cloud Run services to garden, comma-separated (the CLI flag repeats)." },
  bucket: { env: "GARDENER_BUCKET", requiredByFunction: true, description: "GCS bucket for worklogs and state (the CLI takes --out gs://BUCKET[/PREFIX] or a folder)." },
  prefix: { env: "GARDENER_PREFIX", default: "worklogs", description: "Object prefix for worklogs in the bucket; state lives under <prefix>/.state/." },
  githubRepository: { env: "GARDENER_GITHUB_REPOSITORY", flag: "--github", default: "", description: "OWNER/REPO to file issues in; empty = issue actions are only planned and written into the worklog." },
  githubToken: { env: "GITHUB_TOKEN", secret: true, default: "", description: "GitHub token (or App installation token) with issues:write; required when a repository is set." },
  githubApiUrl: { env: "GITHUB_API_URL", default: "", description: "GitHub API base URL, for GitHub Enterprise (and tests); empty = api.github.com." },
  loggingEndpoint: { env: "LOGGING_API_ENDPOINT", default: "", description: "Cloud Logging API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth." },
  storageEndpoint: { env: "STORAGE_API_ENDPOINT", default: "", description: "Cloud Storage API endpoint override (private endpoint, tests); http:// means plain HTTP, no auth." },
  window: { env: "GARDENER_WINDOW", flag: "--window", default: "1h", description: "Length of a pass's window (first run, and the CLI's --window back from --end or now)." },
  ingestionLag: { env: "GARDENER_INGESTION_LAG", default: "5m", description: "How far behind now a window ends, because entries arrive late." },
  maxCatchUp: { env: "GARDENER_MAX_CATCH_UP", default: "6h", description: "Longest window a pass reads after missed runs; older time is reported as skipped." },
  pageBudget: { env: "GARDENER_PAGE_BUDGET", default: "40", description: "Cloud Logging pages (1000 entries) a pass may read per service; the read quota is 60 a minute per project." },
  maxNewIssues: { env: "GARDENER_MAX_NEW_ISSUES", default: "5", description: "New GitHub issues a pass may open; the rest wait for the next pass and are listed in the worklog." },
  issueMinPriority: { env: "GARDENER_ISSUE_MIN_PRIORITY", default: "P2", description: "Lowest priority that gets a GitHub issue (P0 to P3)." },
  commentQuietInterval: { env: "GARDENER_COMMENT_QUIET_INTERVAL", default: "24h", description: "A recurring problem gets a new comment only after this long; otherwise its status comment is edited." },
  dryRun: { env: "GARDENER_DRY_RUN", flag: "--dry-run", default: "false", description: "true = read and write worklogs but do not touch GitHub (actions are planned)." },
  logLevel: { env: "GARDENER_LOG_LEVEL", default: "info", description: "The gardener's own log level (debug, info, warn, error)." },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
