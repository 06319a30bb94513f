import type { Entry } from "../entries/entry.js";
import { redact } from "../redaction/redact.js";

/**
 * A deploy seen in the logs: a revision became Ready, or failed to (system_event: a deploy whose new
 * revision never served), or a deploy was requested (audit activity).
 */
export interface DeployMarker {
  kind: DeployKind;
  timeMs: number;
  revision?: string;
  /** The marker's message, redacted (audit entries name the deploying account). */
  text: string;
}

/** Deploy markers remembered per service per window; a window with more deploys than this is itself the story. */
export const MAX_DEPLOY_MARKERS = 50;

export type DeployKind = "revision-ready" | "revision-not-ready" | "deploy-requested";

/** How the worklogs name each kind of marker. */
export const DEPLOY_KIND_WORDS: Record<DeployKind, string> = {
  "revision-ready": "revision Ready",
  "revision-not-ready": "revision failed to become Ready",
  "deploy-requested": "deploy requested",
};

/** What each kind of marker says happened to its revision, in a sentence ("it became Ready at …"). */
export const DEPLOY_KIND_VERBS: Record<DeployKind, string> = {
  "revision-ready": "became Ready",
  "revision-not-ready": "failed to become Ready",
  "deploy-requested": "was deployed",
};

const READY = /Ready condition status changed to (True|False) for Revision ([a-z0-9][a-z0-9-]*[a-z0-9])/;
/**
 * Audit methods that deploy new code or configuration: Cloud Run services, revisions and jobs (v1
 * ReplaceService/ReplaceJob, v2 Create/Update), Cloud Functions (v1 CloudFunctionsService, v2
 * FunctionService) and App Engine (a new version, or a service's traffic moved).
 */
const REQUESTED =
  /\b(?:Services\.(?:ReplaceService|CreateService|UpdateService)|Revisions\.CreateRevision|Jobs\.(?:ReplaceJob|CreateJob|UpdateJob)|(?:CloudFunctionsService|FunctionService)\.(?:CreateFunction|UpdateFunction)|Versions\.CreateVersion)\b/;

export function deployMarkerOf(e: Entry): DeployMarker | undefined {
  if (!e.logId.startsWith("cloudaudit.googleapis.com/")) return undefined;
  const ready = READY.exec(e.message);
  if (ready?.[2]) return { kind: ready[1] === "True" ? "revision-ready" : "revision-not-ready", timeMs: e.timeMs, revision: ready[2], text: redact(e.message.slice(0, 300)) };
  if (e.logId.endsWith("/activity") && REQUESTED.test(e.message)) {
    const revision = e.resourceLabels.revision_name;
    return { kind: "deploy-requested", timeMs: e.timeMs, ...(revision ? { revision } : {}), text: redact(e.message.slice(0, 300)) };
  }
  return undefined;
}
