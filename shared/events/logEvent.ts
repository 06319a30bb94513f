import type { Entry } from "../entries/entry.js";
import type { Severity } from "../entries/severity.js";

/** How the entries of a multi-entry event were recognised as one. */
export const STITCH_KINDS = ["python-traceback", "gunicorn-boot", "gunicorn-exit", "node-stack", "json-lines"] as const;
export type StitchKind = (typeof STITCH_KINDS)[number];

/**
 * One event: usually one entry, sometimes several stitched together (a chained traceback split by the
 * platform, gunicorn boot lines). `entry` is the lead entry; `text` the whole event's text.
 */
export interface LogEvent {
  entry: Entry;
  text: string;
  /** The entry's severity, or one inferred from the text when the entry had none (DEFAULT). */
  severity: Severity;
  severityInferred: boolean;
  /** How many entries make up the event. */
  parts: number;
  /** Set when parts > 1: the rule that joined them. */
  stitch?: StitchKind;
}
