import type { Readable } from "node:stream";
import { fileSource } from "../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { createGithubClient } from "../shared/adapters/githubClient.js";
import { githubTracker } from "../shared/adapters/githubTracker.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import type { Config } from "../shared/config/loadConfig.js";
import type { GardenerDeps } from "../shared/gardener/runGardener.js";
import { systemClock, type IssueTracker, type LogSource, type StateStore, type WorklogStore } from "../shared/gardener/ports.js";
import { UserError } from "../shared/util/userError.js";

export type SourceChoice = { kind: "file"; path: string; stdin?: Readable } | { kind: "cloud-logging" };
export type SinkChoice = { kind: "folder"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

/** Builds the real adapters the pass runs on, from the validated config and the chosen input and output. */
export function buildDeps(config: Config, source: SourceChoice, sink: SinkChoice, progress?: (m: string) => void): GardenerDeps {
  return {
    source: buildSource(config, source),
    ...buildStores(config, sink),
    tracker: buildTracker(config, progress),
    clock: systemClock,
    ...(progress ? { progress } : {}),
  };
}

function buildSource(_config: Config, choice: SourceChoice): LogSource {
  if (choice.kind === "file") return fileSource(choice.path, choice.stdin);
  throw new UserError("reading Cloud Logging directly is not available in this build: export with gcloud logging read --format=json and pass --input FILE");
}

function buildStores(_config: Config, sink: SinkChoice): { worklogs: WorklogStore; state: StateStore } {
  if (sink.kind === "folder") return { worklogs: localFolderWorklogStore(sink.path), state: localFolderStateStore(sink.path) };
  throw new UserError("writing to gs:// is not available in this build: use --out DIR");
}

/** GitHub when a repository is configured and this is not a dry run; otherwise actions are only planned. */
function buildTracker(config: Config, progress?: (m: string) => void): IssueTracker {
  if (!config.github || config.dryRun) return planningTracker({ minPriority: config.issueMinPriority });
  const { owner, repo, token, apiUrl } = config.github;
  return githubTracker({
    client: createGithubClient({ token, ...(apiUrl ? { baseUrl: apiUrl } : {}), ...(progress ? { log: progress } : {}) }),
    owner,
    repo,
    minPriority: config.issueMinPriority,
    maxNewIssues: config.maxNewIssues,
    commentQuietMs: config.commentQuietMs,
    ...(progress ? { progress } : {}),
  });
}
