import type { Entry } from "../entries/entry.js";
import type { Severity } from "../entries/severity.js";
import type { Lifecycle } from "./lifecycle.js";
import type { LevelBasis } from "./logFormats.js";

/** How the entries of a multi-entry event were recognised as one. */
export const STITCH_KINDS = [
  "python-traceback",
  "gunicorn-boot",
  "gunicorn-exit",
  "node-stack",
  "java-stack",
  "json-lines",
  "object-dump",
  "validation-list",
  "go-multiline",
  "table",
  "indented",
  "npm-block",
  "record-body",
  "json-record",
] as const;
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
  /** How an inferred severity was read (a level field, a logger's format, a stack, or words of failure). */
  severityBasis?: LevelBasis;
  /**
   * The line that names a multi-line print (an object dump, a validation error's field list, a
   * table): what it is clustered and titled by, while `text` keeps every line. Absent when the whole
   * text is the event's identity (a stack, a single line).
   */
  title?: string;
  /** A warning about the code (a deprecation, Python's warnings module): a fact for the worklog, never an incident. */
  codeWarning?: boolean;
  /** A boot line, a graceful shutdown, or a worker that died (see lifecycle.ts). */
  lifecycle?: Lifecycle;
  /** How many entries make up the event. */
  parts: number;
  /** Set when parts > 1: the rule that joined them. */
  stitch?: StitchKind;
}
