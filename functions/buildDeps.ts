import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Readable } from "node:stream";
import type { Logging } from "@google-cloud/logging";
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
import { UserError } from "../shared/util/userError.js";

export type SourceChoice = { kind: "file"; path: string; stdin?: Readable } | { kind: "cloud-logging" };
export type SinkChoice = { kind: "folder"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

/**
 * Builds the real adapters the pass runs on, from the validated config and the chosen input and output.
 * The Google and GitHub clients are imported only when used: loading them costs about half a second
 * and 50 MB, which a pass over a local export (or `cluster`) never needs.
 *
 * Before anything is read, each Google API that will be called is checked once: credentials (found
 * without touching the network when `credentials` says where to look, then an access token), and the
 * bucket (one listing). A problem there is the user's to fix: one line naming it and the command that
 * fixes it, never a stack, and never half a pass.
 */
export async function buildDeps(config: Config, source: SourceChoice, sink: SinkChoice, progress?: (m: string) => void, credentials?: CredentialEnv): Promise<GardenerDeps> {
  return {
    source: await buildSource(config, source, credentials),
    ...(await buildStores(config, sink, credentials)),
    tracker: await buildTracker(config, progress),
    clock: systemClock,
    ...(progress ? { progress } : {}),
  };
}

/** Clients live at module scope so a warm function instance reuses their connections; per-run state never does. */
const loggingClients = new Map<string, Logging>();
const storageClients = new Map<string, Storage>();

async function buildSource(config: Config, choice: SourceChoice, credentials: CredentialEnv | undefined): Promise<LogSource> {
  if (choice.kind === "file") return fileSource(choice.path, choice.stdin);
  const { createLoggingClient, loggingEndpointOf } = await import("../shared/adapters/cloudLoggingClient.js");
  const { cloudLoggingSource } = await import("../shared/adapters/cloudLoggingSource.js");
  const { checkGoogleCredentials } = await import("../shared/adapters/googleCredentials.js");
  const projectId = config.projectId;
  if (!projectId) throw new UserError("reading Cloud Logging needs a project: --project or GARDENER_PROJECT_ID");
  const endpoint = loggingEndpointOf(config.loggingEndpoint);
  const key = `${projectId}|${config.loggingEndpoint ?? ""}`;
  let logging = loggingClients.get(key);
  if (!logging) loggingClients.set(key, (logging = createLoggingClient(projectId, endpoint)));
  const api: ApiContext = {
    api: "Cloud Logging",
    service: "logging.googleapis.com",
    project: projectId,
    ...(config.logViews.length ? { views: config.logViews } : {}),
    ...(config.loggingEndpoint ? { endpoint: { variable: "LOGGING_API_ENDPOINT", url: config.loggingEndpoint } } : {}),
  };
  // A plain-HTTP endpoint (a local server) takes no credentials; every other one does.
  if (endpoint.kind !== "rest-plain") await checkGoogleCredentials(logging.auth, credentials, api);
  const via = endpoint.kind === "default" ? "" : endpoint.kind === "rest-plain" ? ` via ${config.loggingEndpoint} (REST)` : ` via ${config.loggingEndpoint}`;
  const views = config.logViews.length ? ` through ${config.logViews.length === 1 ? "view" : "views"} ${config.logViews.join(", ")}` : "";
  return cloudLoggingSource({
    logging,
    projectId,
    pageBudget: config.pageBudget,
    api,
    ...(config.logViews.length ? { resourceNames: config.logViews } : {}),
    description: `Cloud Logging, project ${projectId}${views}${via}`,
  });
}

async function buildStores(config: Config, sink: SinkChoice, credentials: CredentialEnv | undefined): Promise<{ worklogs: WorklogStore; state: StateStore }> {
  if (sink.kind === "folder") {
    await checkOutputFolder(sink.path);
    return { worklogs: localFolderWorklogStore(sink.path), state: localFolderStateStore(sink.path) };
  }
  const { createStorageClient } = await import("../shared/adapters/gcsClient.js");
  const { gcsStateStore } = await import("../shared/adapters/gcsStateStore.js");
  const { gcsWorklogStore } = await import("../shared/adapters/gcsWorklogStore.js");
  const key = `${config.projectId ?? ""}|${config.storageEndpoint ?? ""}`;
  let storage = storageClients.get(key);
  if (!storage) storageClients.set(key, (storage = createStorageClient(config.projectId, config.storageEndpoint)));
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
