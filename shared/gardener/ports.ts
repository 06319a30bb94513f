import type { ExportItem } from "../entries/exportItem.js";
import type { NormalizedItem } from "../entries/entryCodec.js";
import type { GardenerState } from "../state/gardenerState.js";
import type { Incident } from "../analysis/analyze.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import type { GardenedUnit } from "../resources/gardenedUnit.js";
import type { Weight } from "./weight.js";
import type { WindowCountsOutcome } from "./windowCounts.js";

/** What to read: the services (empty = every service found) in the window (absent = all input). */
export interface ReadRequest {
  services: readonly string[];
  window?: TimeWindow;
  /**
   * The pass's clock (ms since the epoch). Given it, a source may hand over entries it normalised
   * itself (items of kind "entry", normalised with this clock as the pass would: the threaded file
   * reader); without it, a source hands over raw values only.
   */
  nowMs?: number;
}

/** How a read ended. An incomplete read must say so in the worklog: a cut-short hour never looks quiet. */
export type ReadOutcome =
  | { complete: true }
  | {
      complete: false;
      note: string;
      estimatedBySeverity?: Record<string, number>;
      /**
       * Why it is incomplete. "budget": read as far as the pass may (page budget), errors first; reading
       * the window again would not do better, so the watermark may advance. "failure" or absent: the
       * source failed, so the next pass reads the window again.
       */
      reason?: "budget" | "failure";
    };

export interface LogSource {
  readonly kind: "file" | "cloud-logging" | "log-analytics";
  /** For the worklog: where the entries came from. */
  describe(): string;
  /** Which entries a read takes one by one, in words, when it takes a selection of the window (absent: all of them). */
  selection?(): string;
  /** Raw LogEntry values in any shape the normaliser accepts; skips the source found itself are reported. */
  read(request: ReadRequest): SourceRead;
}

export interface SourceRead {
  /**
   * The items in order, in batches as the source gets them (a chunk of a file, a page of entries.list):
   * the pass awaits once per batch, not once per entry. A batch is the consumer's to keep.
   */
  batches: AsyncIterable<readonly SourceItem[]>;
  /** Valid once `batches` has been consumed. */
  outcome(): ReadOutcome;
  /** Whole-window counts the source measured itself (Log Analytics); valid once `batches` has been consumed. */
  windowCounts?(): WindowCountsOutcome | undefined;
  /** How much of its input a byte-stream source (a file, stdin) has read so far, for progress. */
  position?(): ReadPosition;
}

/** Bytes of a file (or stdin) read so far, and its size when known. */
export interface ReadPosition {
  bytesRead: number;
  bytesTotal?: number;
}

/**
 * A raw entry, or an item the source could not read (counted by reason), or a representative entry
 * standing for `weight.count` entries of the same shape (see weight.ts), or (when the read request
 * gave the pass's clock) an entry the source normalised, or one it found the normaliser refuses.
 */
export type SourceItem = ExportItem | { kind: "weighted"; value: unknown; weight: Weight } | NormalizedItem;

export interface StoredWorklog {
  /** Where a person finds the Markdown (a path or gs:// URL). */
  location: string;
  jsonLocation: string;
  /** The HTML page, when one was written. */
  htmlLocation?: string;
}

/** One window's worklog. The HTML comes twice: its links are relative to where each copy lives. */
export interface WorklogFiles {
  markdown: string;
  json: WorklogJson;
  html?: { dated: string; latest: string };
}

export interface WorklogStore {
  /** Where the worklog of this window will be stored (the same place on every retry). */
  locate(service: string, window: TimeWindow): StoredWorklog;
  /** Stores the window's worklog; `latest` (default true) also makes it the service's latest.* . */
  put(service: string, window: TimeWindow, files: WorklogFiles, options?: { latest?: boolean }): Promise<StoredWorklog>;
  /** The JSON of a stored worklog, for trends; undefined when it is gone. */
  getJson(jsonLocation: string): Promise<WorklogJson | undefined>;
  /** Rewrites the HTML page of a stored window (the previous page gains its link to the next one). */
  putHtml(service: string, window: TimeWindow, html: string): Promise<void>;
  /** The text of the service's index.json; undefined when there is none yet. */
  getIndex(service: string): Promise<string | undefined>;
  /** Writes the service's index.json and index.html; returns where the HTML is. */
  putIndex(service: string, files: { json: string; html: string }): Promise<string>;
}

export type LoadedState = { state: GardenerState; generation: string };

export type CommitOutcome = { kind: "committed"; generation: string } | { kind: "conflict"; detail: string };

export interface StateStore {
  /** The state and an opaque generation to commit against ("0" when there is none yet). */
  load(service: string): Promise<LoadedState>;
  /** Writes only if nobody committed since `generation` was read. */
  commit(service: string, state: GardenerState, generation: string): Promise<CommitOutcome>;
}

export interface IssueInput {
  /** The unit's key: stable across windows, so labels and markers keyed by it are too. */
  service: string;
  /** The unit as its entries describe it (kind, name with its case), for words meant for people. */
  unit?: GardenedUnit;
  project?: string;
  window: TimeWindow;
  incidents: readonly Incident[];
  state: GardenerState;
  worklogLocation: string;
  dryRun: boolean;
}

export interface IssueTracker {
  readonly kind: "plan" | "github";
  /** Files, updates or plans the issues of these incidents; updates `input.state.issues` in place. */
  sync(input: IssueInput): Promise<IssueOutcome[]>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
