import { redact } from "../redaction/redact.js";
import { UserError } from "../util/userError.js";

/** What a failed GitHub call means for the pass. */
export type GithubFailure =
  /** Worth retrying next pass: rate limits, 5xx, network. The action stays pending. */
  | { kind: "transient"; reason: string }
  /** A setting is wrong (token, repository): the pass stops with a one-line message saying how to fix it. */
  | { kind: "config"; error: UserError };

interface RequestErrorLike {
  status?: number;
  request?: { url?: string };
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  code?: string;
}

export function statusOf(err: unknown): number | undefined {
  const s = (err as RequestErrorLike | undefined)?.status;
  return typeof s === "number" ? s : undefined;
}

/** The error's own words, one line, with anything secret-looking removed (Octokit messages can echo URLs). */
function brief(err: unknown): string {
  const m = (err as RequestErrorLike | undefined)?.message ?? String(err);
  return redact(m.split("\n")[0] ?? "").replace(/access_token=[^&\s]+/g, "access_token=[REDACTED]").slice(0, 200);
}

/** Classifies an error from Octokit (after its plugins gave up retrying). */
export function classifyGithubError(err: unknown, repo: string, doing: string): GithubFailure {
  const status = statusOf(err);
  const e = err as RequestErrorLike;
  const rateLimited =
    status === 429 ||
    (status === 403 && (/rate limit/i.test(e.message ?? "") || e.response?.headers?.["x-ratelimit-remaining"] === "0"));
  if (status === undefined || status >= 500 || rateLimited) {
    const what = status === undefined ? "no response" : rateLimited ? `rate limited (${status})` : `server error ${status}`;
    return { kind: "transient", reason: `GitHub ${what} while ${doing}, after the client's retries: ${brief(err)}` };
  }
  const cause = { cause: err };
  // A GitHub App's token exchange, refused: the App's settings are wrong, whatever the status says.
  if (/\/app\/installations\/[^/]+\/access_tokens/.test(e.request?.url ?? "")) {
    return {
      kind: "config",
      error: new UserError(
        `GitHub refused the App's installation token (${status}) while ${doing}: check GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID (the App must be installed on ${repo}'s owner) and GITHUB_APP_PRIVATE_KEY`,
        cause,
      ),
    };
  }
  if (status === 401) return { kind: "config", error: new UserError(`GitHub rejected the token (401) while ${doing}: check GITHUB_TOKEN (expired or revoked?)`, cause) };
  if (status === 403) return { kind: "config", error: new UserError(`GitHub refused ${doing} on ${repo} (403): the token needs issues:write on that repository`, cause) };
  if (status === 404) return { kind: "config", error: new UserError(`GitHub says ${repo} does not exist (404) while ${doing}: check the repository OWNER/REPO and that the token can see it`, cause) };
  if (status === 410) return { kind: "config", error: new UserError(`issues are disabled on ${repo} (410): enable them or choose another repository`, cause) };
  return { kind: "config", error: new UserError(`GitHub answered ${status} while ${doing} on ${repo}: ${brief(err)}`, cause) };
}
