import type { Entry } from "../entries/entry.js";
import { redact } from "../redaction/redact.js";

/** A deploy seen in the logs: a revision became Ready (system_event) or a deploy was requested (audit activity). */
export interface DeployMarker {
  kind: "revision-ready" | "deploy-requested";
  timeMs: number;
  revision?: string;
  /** The marker's message, redacted (audit entries name the deploying account). */
  text: string;
}

/** Deploy markers remembered per service per window; a window with more deploys than this is itself the story. */
export const MAX_DEPLOY_MARKERS = 50;

const READY = /Ready condition status changed to True for Revision ([a-z0-9][a-z0-9-]*[a-z0-9])/;
const REQUESTED = /\b(?:Services\.(?:ReplaceService|CreateService|UpdateService)|Revisions\.CreateRevision)\b/;

export function deployMarkerOf(e: Entry): DeployMarker | undefined {
  if (!e.logId.startsWith("cloudaudit.googleapis.com/")) return undefined;
  const ready = READY.exec(e.message);
  if (ready?.[1]) return { kind: "revision-ready", timeMs: e.timeMs, revision: ready[1], text: redact(e.message.slice(0, 300)) };
  if (e.logId.endsWith("/activity") && REQUESTED.test(e.message)) {
    const revision = e.resourceLabels.revision_name;
    return { kind: "deploy-requested", timeMs: e.timeMs, ...(revision ? { revision } : {}), text: redact(e.message.slice(0, 300)) };
  }
  return undefined;
}
