import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { VERSION } from "../util/version.js";

const GardenerOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GardenerOctokit>;

/** Times the throttling plugin retries after a rate limit before the action is left for the next pass. */
const MAX_RATE_LIMIT_RETRIES = 2;
/**
 * Longest wait (seconds) for a primary rate limit reset: the hourly pass has time, but not the whole hour
 * it could take to reset; beyond this the action stays pending for the next pass.
 */
const MAX_RATE_LIMIT_WAIT_S = 120;

/** A GitHub App installation: the App's id, its installation on the repository's owner, its private key (PEM). */
export interface GithubAppCredentials {
  appId: number;
  installationId: number;
  privateKey: string;
}

/** Exactly one credential: a token used as given, or a GitHub App. */
type Credential = { token: string; app?: never } | { app: GithubAppCredentials; token?: never };

export type GithubClientOptions = Credential & {
  /** GitHub Enterprise or a test server; absent = https://api.github.com. */
  baseUrl?: string;
  /**
   * Milliseconds per "second" the plugins wait (default 1000). Tests pass 1 so a `retry-after: 1` or
   * the retry plugin's 1, 4, 9 s back-off take milliseconds.
   */
  retryAfterBaseValue?: number;
  /**
   * Bottleneck groups for writes and notification-triggering writes. By default the throttling plugin
   * spaces writes 1 s and issue/comment creation 3 s apart (GitHub's guidance against secondary rate
   * limits); tests pass groups with `minTime: 0`.
   */
  throttleGroups?: Pick<ThrottlingOptions, "write" | "notifications">;
  /** Where the plugins' warnings go (rate limits hit); default: nowhere, the outcome says it. */
  log?: (message: string) => void;
};

/**
 * Octokit with the throttling and retry plugins, configured for an unattended hourly pass. With a GitHub
 * App, @octokit/auth-app signs a JWT with the private key and exchanges it for an installation token
 * (POST /app/installations/{id}/access_tokens) at the first request, then reuses that token; an
 * installation token lives an hour, so the gardener makes one client per pass and never stores one.
 */
export function createGithubClient(options: GithubClientOptions): GithubClient {
  const base = options.retryAfterBaseValue;
  const log = options.log ?? (() => {});
  return new GardenerOctokit({
    ...(options.app ? { authStrategy: createAppAuth, auth: { ...options.app } } : { auth: options.token }),
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : {}),
    userAgent: `log-gardener/${VERSION}`,
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
    throttle: {
      ...(base !== undefined ? { retryAfterBaseValue: base } : {}),
      ...(options.throttleGroups ?? {}),
      onRateLimit: (retryAfter, o, _octokit, retryCount) => {
        log(`GitHub rate limit on ${o.method} ${o.url}: retry ${retryCount + 1} after ${retryAfter} s`);
        return retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      },
      onSecondaryRateLimit: (retryAfter, o, _octokit, retryCount) => {
        log(`GitHub secondary rate limit on ${o.method} ${o.url}: retry ${retryCount + 1} after ${retryAfter} s`);
        return retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      },
    },
    ...(base !== undefined ? { retry: { retryAfterBaseValue: base } } : {}),
  });
}
