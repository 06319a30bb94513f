import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import type { BigQuery } from "@google-cloud/bigquery";
import type { Logging } from "@google-cloud/logging";
import type { MetricServiceClient } from "@google-cloud/monitoring";
import type { Storage } from "@google-cloud/storage";
import { fileSource } from "../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import type { Config } from "../shared/config/loadConfig.js";
import type { CredentialEnv } from "../shared/config/credentialEnv.js";
import type { ApiContext } from "../shared/adapters/environmentError.js";
import type { GardenerDeps } from "../shared/gardener/runGardener.js";
import { systemClock, type IssueTracker, type LogSource, type StateStore, type WorklogStore } from "../shared/gardener/ports.js";
import type { GoogleEndpoint } from "../shared/adapters/googleEndpoint.js";
import type { WindowCounter } from "../shared/gardener/windowCounts.js";
import { UserError } from "../shared/util/userError.js";

export type SourceChoice = { kind: "file"; path: string; stdin?: Readable } | { kind: "cloud" };
export type SinkChoice = { kind: "folder"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

/**
 * Builds the real adapters the pass runs on, from the validated config and the chosen input and output.
 * `project` is the project this pass reads (each project of GARDENER_PROJECT_IDS gets its own adapters:
 * its own read budget, and worklogs and state under a folder of its own). The Google and GitHub clients
 * are imported only when used: loading them costs about half a second and 50 MB, which a pass over a
 * local export (or `cluster`) never needs.
 *
 * Before anything is read, each Google API that will be called is checked once: credentials (found
 * without touching the network when `credentials` says where to look, then an access token), and the
 * bucket (one listing). A problem there is the user's to fix: one line naming it and the command that
 * fixes it, never a stack, and never half a pass.
 */
export async function buildDeps(
  config: Config,
  source: SourceChoice,
  sink: SinkChoice,
  progress?: (m: string) => void,
  project: string | undefined = config.projects[0]?.projectId ?? config.projectId,
  credentials?: CredentialEnv,
): Promise<GardenerDeps> {
  const projectSink: SinkChoice =
    config.multiProject && project
      ? sink.kind === "gcs"
        ? { ...sink, prefix: sink.prefix ? `${sink.prefix}/${project}` : project }
        : { ...sink, path: join(sink.path, project) }
      : sink;
  const cloud = source.kind === "cloud" ? await buildCloud(config, project, credentials) : undefined;
  return {
    source: source.kind === "file" ? fileSource(source.path, source.stdin, { readThread: config.readThread }) : (cloud as { source: LogSource }).source,
    ...(cloud?.counter ? { counter: cloud.counter } : {}),
    ...(await buildStores(config, projectSink, credentials)),
    tracker: await buildTracker(config, progress),
    clock: systemClock,
    ...(progress ? { progress } : {}),
  };
}

/** Clients live at module scope so a warm function instance reuses their connections; per-run state never does. */
const loggingClients = new Map<string, Logging>();
const storageClients = new Map<string, Storage>();
const monitoringClients = new Map<string, MetricServiceClient>();
const bigqueryClients = new Map<string, BigQuery>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let client = cache.get(key);
  if (!client) cache.set(key, (client = make()));
  return client;
}

/**
 * The project's cloud source (GARDENER_SOURCE) and its whole-window counter: Cloud Monitoring's built-in
 * counts, for both sources (Cloud Logging reads a selection of the window; Log Analytics counts for
 * itself, and the counter then only finds a project's services).
 */
async function buildCloud(config: Config, projectId: string | undefined, credentials: CredentialEnv | undefined): Promise<{ source: LogSource; counter: WindowCounter }> {
  if (!projectId) throw new UserError("reading the cloud needs a project: --project or GARDENER_PROJECT_ID (or GARDENER_PROJECT_IDS)");
  const { googleEndpointOf, describeEndpoint } = await import("../shared/adapters/googleEndpoint.js");
  const { createMonitoringClient } = await import("../shared/adapters/monitoringClient.js");
  const { cloudMonitoringCounter } = await import("../shared/adapters/cloudMonitoringCounts.js");
  const monitoringEndpoint = googleEndpointOf(config.monitoringEndpoint);
  const monitoring = cached(monitoringClients, `${projectId}|${config.monitoringEndpoint ?? ""}`, () => createMonitoringClient(projectId, monitoringEndpoint));
  const description = `Cloud Monitoring, project ${projectId}${describeEndpoint(monitoringEndpoint, config.monitoringEndpoint)}`;
  const counter = (await hasCredentials(monitoring, monitoringEndpoint.kind))
    ? cloudMonitoringCounter({ client: monitoring, projectId, description })
    : noCredentialsCounter(description);

  if (config.source === "log-analytics") {
    const { createBigQueryClient } = await import("../shared/adapters/bigqueryClient.js");
    const { logAnalyticsSource } = await import("../shared/adapters/logAnalyticsSource.js");
    const dataset = (config.logAnalyticsDataset ?? "").replaceAll("{project}", projectId);
    const bigquery = cached(bigqueryClients, `${projectId}|${config.bigqueryEndpoint ?? ""}`, () => createBigQueryClient(projectId, config.bigqueryEndpoint));
    const via = config.bigqueryEndpoint ? ` via ${config.bigqueryEndpoint}` : "";
    const source = logAnalyticsSource({ bigquery, dataset, projectId, maximumBytesBilled: config.logAnalyticsMaxBytes, description: `Log Analytics, ${dataset}._AllLogs${via}` });
    return { source, counter };
  }

  const { createLoggingClient, loggingEndpointOf } = await import("../shared/adapters/cloudLoggingClient.js");
  const { cloudLoggingSource } = await import("../shared/adapters/cloudLoggingSource.js");
  const { checkGoogleCredentials } = await import("../shared/adapters/googleCredentials.js");
  const endpoint = loggingEndpointOf(config.loggingEndpoint);
  const logging = cached(loggingClients, `${projectId}|${config.loggingEndpoint ?? ""}`, () => createLoggingClient(projectId, endpoint));
  // Log views (GARDENER_LOG_VIEWS) are named per project: each project's pass reads through its own.
  const logViews = config.logViews.filter((v) => v.startsWith(`projects/${projectId}/`));
  const views = logViews.length ? ` through ${logViews.length === 1 ? "view" : "views"} ${logViews.join(", ")}` : "";
  const api: ApiContext = {
    api: "Cloud Logging",
    service: "logging.googleapis.com",
    project: projectId,
    ...(logViews.length ? { views: logViews } : {}),
    ...(config.loggingEndpoint ? { endpoint: { variable: "LOGGING_API_ENDPOINT", url: config.loggingEndpoint } } : {}),
  };
  // A plain-HTTP endpoint (a local server) takes no credentials; every other one does.
  if (endpoint.kind !== "rest-plain") await checkGoogleCredentials(logging.auth, credentials, api);
  const source = cloudLoggingSource({
    logging,
    projectId,
    pageBudget: config.pageBudget,
    api,
    ...(logViews.length ? { resourceNames: logViews } : {}),
    description: `Cloud Logging, project ${projectId}${views}${describeEndpoint(endpoint, config.loggingEndpoint)}`,
  });
  return { source, counter };
}

/**
 * Whether the default endpoint has Application Default Credentials. Asked before the first call: a
 * gax client that fails to authenticate rejects one promise per API method, all but one unhandled.
 */
async function hasCredentials(client: MetricServiceClient, endpoint: GoogleEndpoint["kind"]): Promise<boolean> {
  if (endpoint !== "default") return true;
  try {
    await (client.auth as { getClient(): Promise<unknown> }).getClient();
    return true;
  } catch (err) {
    if (err instanceof Error) return false;
    throw err;
  }
}

/** The counter of a process without Google credentials: every count is unavailable, with the fix. */
function noCredentialsCounter(description: string): WindowCounter {
  return {
    describe: () => description,
    count: async () => ({
      kind: "unavailable",
      reason: "permission",
      detail: "no Google credentials for Cloud Monitoring: run gcloud auth application-default login (or give the function its service account)",
    }),
  };
}

async function buildStores(config: Config, sink: SinkChoice, credentials: CredentialEnv | undefined): Promise<{ worklogs: WorklogStore; state: StateStore }> {
  if (sink.kind === "folder") {
    await checkOutputFolder(sink.path);
    return { worklogs: localFolderWorklogStore(sink.path), state: localFolderStateStore(sink.path) };
  }
  const { createStorageClient } = await import("../shared/adapters/gcsClient.js");
  const { gcsStateStore } = await import("../shared/adapters/gcsStateStore.js");
  const { gcsWorklogStore } = await import("../shared/adapters/gcsWorklogStore.js");
  const storage = cached(storageClients, `${config.projectId ?? ""}|${config.storageEndpoint ?? ""}`, () => createStorageClient(config.projectId, config.storageEndpoint));
  const { checkGoogleCredentials } = await import("../shared/adapters/googleCredentials.js");
  const { checkBucket, guardedStore } = await import("../shared/adapters/gcsAccess.js");
  const api: ApiContext = {
    api: "Cloud Storage",
    service: "storage.googleapis.com",
    bucket: sink.bucket,
    ...(config.projectId ? { project: config.projectId } : {}),
    ...(config.storageEndpoint ? { endpoint: { variable: "STORAGE_API_ENDPOINT", url: config.storageEndpoint } } : {}),
  };
  // A plain-HTTP endpoint (a local server) takes no credentials; every other one does.
  if (!config.storageEndpoint?.startsWith("http:")) await checkGoogleCredentials(storage.authClient, credentials, api);
  await checkBucket(storage, sink.bucket, sink.prefix, api);
  const at = { storage, bucket: sink.bucket, prefix: sink.prefix };
  return { worklogs: guardedStore(gcsWorklogStore(at), api), state: guardedStore(gcsStateStore(at), api) };
}

/** GitHub when a repository is configured and this is not a dry run; otherwise actions are only planned. */
async function buildTracker(config: Config, progress?: (m: string) => void): Promise<IssueTracker> {
  if (!config.github || config.dryRun) return planningTracker({ minPriority: config.issueMinPriority });
  const { owner, repo, auth, apiUrl } = config.github;
  if (!auth) {
    throw new UserError(`GITHUB_TOKEN is not set: ${owner}/${repo} is configured and this pass is not a dry run, so a token with issues:write (or a GitHub App) is needed`);
  }
  const { createGithubClient } = await import("../shared/adapters/githubClient.js");
  const { githubTracker } = await import("../shared/adapters/githubTracker.js");
  return githubTracker({
    // One client per pass: with a GitHub App it mints one installation token (valid an hour) per pass.
    client: createGithubClient({
      ...(auth.kind === "app" ? { app: { appId: auth.appId, installationId: auth.installationId, privateKey: auth.privateKey } } : { token: auth.token }),
      ...(apiUrl ? { baseUrl: apiUrl } : {}),
      ...(progress ? { log: progress } : {}),
    }),
    owner,
    repo,
    minPriority: config.issueMinPriority,
    maxNewIssues: config.maxNewIssues,
    commentQuietMs: config.commentQuietMs,
    issueSamples: config.issueSamples,
    ...(progress ? { progress } : {}),
  });
}

/**
 * Fails before any reading when the output folder cannot be written: the folder, or the nearest parent
 * that exists, must be a writable directory. Nothing is created here, so a pass that fails on its
 * input leaves no empty folder behind.
 */
async function checkOutputFolder(path: string): Promise<void> {
  let at = resolve(path);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = (await stat(at)).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw new UserError(`--out ${path} cannot be used (${code ?? (err as Error).message})`, { cause: err });
      const parent = dirname(at);
      if (parent === at) throw new UserError(`--out ${path} cannot be used: no part of it exists`);
      at = parent;
      continue;
    }
    if (!isDir) throw new UserError(`--out ${path} cannot be used: ${at} is a file, not a folder`);
    try {
      await access(at, constants.W_OK);
    } catch (err) {
      throw new UserError(`--out ${path} cannot be used: ${at} is not writable`, { cause: err });
    }
    return;
  }
}
