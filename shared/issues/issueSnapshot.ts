import type { Incident } from "../analysis/analyze.js";

/** The parts of an incident an issue shows. */
export type IssueIncident = Pick<Incident, "rootCause" | "clusters" | "priority" | "priorityReasons" | "title" | "evidence">;
import type { Priority } from "../analysis/priority.js";
import type { GardenedUnit } from "../resources/gardenedUnit.js";
import type { TimeWindow } from "../worklog/worklog.js";
import { renderIssueBody, renderStatus } from "./issueBody.js";
import { issueTitle } from "./issueTitle.js";

/**
 * Everything needed to file or update the issue of one incident, rendered once and safe to write:
 * redacted, inert, bounded. Kept in the state when an action has to wait for the next pass, so the
 * action can be done even if the problem is not seen again.
 */
export interface IssueSnapshot {
  fingerprint: string;
  /** Other fingerprints of the same problem (absent in snapshots saved by older versions). */
  aliases?: string[];
  service: string;
  priority: Priority;
  title: string;
  /** The issue body, with the fingerprint and window markers. */
  body: string;
  /** The status text for the rolling comment (markers are added when it is posted). */
  status: string;
  window: TimeWindow;
  events: number;
}

export interface SnapshotInput {
  service: string;
  /** The unit, when known: its links query its own resource (App Engine, GKE, a function), not Cloud Run's. */
  unit?: GardenedUnit;
  project?: string;
  window: TimeWindow;
  worklogLocation: string;
  incident: IssueIncident;
  /** "none": templates and counts only, no sample or evidence text (GARDENER_ISSUE_SAMPLES, for public repositories). Default "redacted". */
  samples?: "redacted" | "none";
}

export function issueSnapshot(input: SnapshotInput): IssueSnapshot {
  const inc = input.incident;
  return {
    fingerprint: inc.rootCause.fingerprint,
    aliases: [...inc.rootCause.aliases],
    service: input.service,
    priority: inc.priority,
    title: issueTitle(input.service, inc),
    body: renderIssueBody(input),
    status: renderStatus(input),
    window: input.window,
    events: inc.clusters.reduce((n, c) => n + c.count, 0),
  };
}
