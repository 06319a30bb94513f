import { UserError } from "../util/userError.js";
import { environmentProblemOf, type EnvironmentProblem } from "./environmentProblem.js";

/** Which Google API a call went to, and what it was about: the message names both, and the fix uses them. */
export interface ApiContext {
  api: "Cloud Logging" | "Cloud Storage";
  /** The API's service name, for `gcloud services enable`. */
  service: "logging.googleapis.com" | "storage.googleapis.com";
  project?: string;
  /** Cloud Storage: the bucket. */
  bucket?: string;
  /** Cloud Logging: the log views read instead of the whole project (GARDENER_LOG_VIEWS). */
  views?: readonly string[];
  /** An endpoint override in use (LOGGING_API_ENDPOINT / STORAGE_API_ENDPOINT), which the fix then names. */
  endpoint?: { variable: string; url: string };
}

/** The account gcloud is logged in as, written so the fix can be pasted as it stands. */
const ME = "user:$(gcloud config get-value account)";

/** One line: the cause, in the API's own words where they help, and the command that fixes it. */
export function environmentMessage(p: EnvironmentProblem, at: ApiContext): string {
  const project = at.project ?? "PROJECT";
  const where = at.bucket ? `gs://${at.bucket}` : `project ${project}`;
  const quoted = (text: string) => (text ? ` (${text.length > 200 ? `${text.slice(0, 197)}...` : text})` : "");
  switch (p.kind) {
    case "no-credentials":
      return `no Google credentials to call ${at.api}: GOOGLE_APPLICATION_CREDENTIALS is not set, gcloud has no application-default login, and this is not Google Cloud; run \`gcloud auth application-default login\``;
    case "credentials-file":
      return `the credentials file cannot be used${quoted(p.detail)}: point GOOGLE_APPLICATION_CREDENTIALS at a valid key file, or unset it and run \`gcloud auth application-default login\``;
    case "credentials-refused":
      return `${at.api} refused the Google credentials, expired or revoked${quoted(p.detail)}: run \`gcloud auth application-default login\` again (or give GOOGLE_APPLICATION_CREDENTIALS a valid key)`;
    case "permission-denied":
      return at.api === "Cloud Logging"
        ? at.views?.length
          ? `Cloud Logging refused to read the log views of GARDENER_LOG_VIEWS (permission denied)${quoted(p.detail)}: grant roles/logging.viewAccessor on each view (\`gcloud logging views add-iam-policy-binding VIEW --bucket=BUCKET --location=LOCATION --member=${ME} --role=roles/logging.viewAccessor\`)`
          : `Cloud Logging refused to read ${where} (permission denied)${quoted(p.detail)}: grant roles/logging.viewer with \`gcloud projects add-iam-policy-binding ${project} --member=${ME} --role=roles/logging.viewer\``
        : `Cloud Storage refused access to ${where} (permission denied)${quoted(p.detail)}: grant roles/storage.objectUser with \`gcloud storage buckets add-iam-policy-binding ${where} --member=${ME} --role=roles/storage.objectUser\``;
    case "api-disabled": {
      const service = p.service ?? at.service;
      const inProject = p.consumer ?? project;
      return `the ${at.api} API (${service}) is not enabled in project ${inProject}: run \`gcloud services enable ${service} --project=${inProject}\` and try again in a minute`;
    }
    case "not-found":
      return at.api === "Cloud Logging"
        ? `Cloud Logging does not know project ${project}${at.views?.length ? " or a view of GARDENER_LOG_VIEWS" : ""}${quoted(p.detail)}: check --project / GARDENER_PROJECT_ID${at.views?.length ? " and GARDENER_LOG_VIEWS (`gcloud logging views list --bucket=BUCKET --location=LOCATION`)" : ""} against \`gcloud projects list\``
        : `the bucket ${where} does not exist${quoted(p.detail)}: create it with \`gcloud storage buckets create ${where} --project=${project} --location=REGION\`, or fix --out / GARDENER_BUCKET`;
    case "dns":
      return at.endpoint
        ? `cannot resolve the host of ${at.endpoint.variable}=${at.endpoint.url}${quoted(p.detail)}: fix or unset ${at.endpoint.variable}`
        : `cannot reach ${at.api}: the name ${p.host ?? at.service} does not resolve (no network or no DNS)${quoted(p.detail)}: check the connection with \`getent hosts ${p.host ?? at.service}\` (or your proxy settings, HTTPS_PROXY)`;
    case "unreachable":
      return at.endpoint
        ? `nothing answers at ${at.endpoint.variable}=${at.endpoint.url} (${p.code})${quoted(p.detail)}: start the server there, or fix or unset ${at.endpoint.variable}`
        : `cannot connect to ${at.api} (${p.code}${p.host ? ` ${p.host}` : ""}): no network, or a firewall or proxy in the way: check the connection with \`curl -sSI https://${at.service}\``;
  }
}

/** A UserError when the failure is the environment's (the cause kept), undefined otherwise. */
export function environmentError(err: unknown, at: ApiContext): UserError | undefined {
  if (err instanceof UserError) return err;
  const p = environmentProblemOf(err);
  return p ? new UserError(environmentMessage(p, at), { cause: err }) : undefined;
}

/** Runs a call to a Google API; an environment failure becomes a one-line UserError, anything else is rethrown as it was. */
export async function callingGoogle<T>(at: ApiContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw environmentError(err, at) ?? err;
  }
}
