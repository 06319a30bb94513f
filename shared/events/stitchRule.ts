import type { Entry } from "../entries/entry.js";
import type { StitchKind } from "./logEvent.js";

/** What is known about an event being assembled, enough to decide whether the next line belongs to it. */
export interface OpenEvent {
  parts: Entry[];
  kind?: StitchKind;
  /** Inside a Python traceback whose final exception line has not come yet (platform split per line). */
  inTraceback: boolean;
  /** The text so far holds at least one complete Python traceback. */
  hasTraceback: boolean;
  /** Unclosed `{`/`[` of a JSON document printed over several lines (0 = none open). */
  jsonDepth: number;
}

const CHAIN_LINE = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const TRACEBACK_HEAD = /^Traceback \(most recent call last\):/;
const PY_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)\b/;
/** A logger line that announces a traceback follows: gunicorn's `log.exception`, Python logging's `ERROR:` lines. */
const EXCEPTION_HEADER = /(?:\[ERROR\]|^ERROR[:\s]|\|\s*ERROR\s*\|).*(?:[Ee]xception|[Ee]rror|[Ff]ailed)[^\n]*$/;
const GUNICORN_WORKER_EXITING = /\[INFO\] Worker exiting \(pid: \d+\)/;
const GUNICORN_BOOT_HEAD = /\[INFO\] Starting gunicorn /;
const GUNICORN_BOOT_LINE = /\[INFO\] (?:Listening at: |Using worker: |Booting worker with pid: )/;
const GUNICORN_EXIT_LINE = /\[(?:ERROR|INFO|WARNING)\] (?:Worker \(pid:\d+\) (?:exited with code|was sent)|Shutting down: Master|Reason: (?:Worker failed to boot|App failed to load)\.)/;
const NODE_ERROR_HEAD = /^(?:Uncaught |Unhandled(?: Rejection)?:? )?[\w.$]*(?:Error|Exception)(?:\s*\[[A-Z_0-9]+\])?(?::|$)/;
const NODE_FRAME = /^\s+at \S/;
/** A single `{` or `[` (with optional text before it on a logger line) opening a pretty-printed document. */
const JSON_OPEN = /(?:^|\s)[{[]\s*$/;

/** Longest a Python "Exception in worker process" header may precede its traceback and still be the same record. */
const HEADER_TO_TRACEBACK_MS = 50;

export function openEvent(first: Entry): OpenEvent {
  const ev: OpenEvent = { parts: [first], inTraceback: false, hasTraceback: false, jsonDepth: 0 };
  note(ev, first.message);
  return ev;
}

/** Appends `next` to the event under `kind`. */
export function extend(ev: OpenEvent, next: Entry, kind: StitchKind): void {
  ev.parts.push(next);
  ev.kind ??= kind;
  note(ev, next.message);
}

/**
 * Whether `next` (same instance and stream, later or equal in time, within the stitching gap) continues
 * the open event, and by which rule. Each rule matches one shape the platform splits (PLATFORM-NOTES.md).
 */
export function continues(ev: OpenEvent, next: Entry): StitchKind | undefined {
  const t = next.message;
  const last = ev.parts[ev.parts.length - 1] as Entry;
  const lastText = last.message;
  const lead = (ev.parts[0] as Entry).message;
  const pythonOpen = ev.kind === undefined || ev.kind === "python-traceback";

  if (ev.jsonDepth > 0) return "json-lines";
  if (pythonOpen) {
    if (CHAIN_LINE.test(t) && ev.hasTraceback) return "python-traceback";
    const beforeLast = ev.parts[ev.parts.length - 2]?.message;
    if (TRACEBACK_HEAD.test(t)) {
      if (CHAIN_LINE.test(lastText)) return "python-traceback";
      const headerStarts = ev.parts.length === 1 || (beforeLast !== undefined && CHAIN_LINE.test(beforeLast));
      if (headerStarts && EXCEPTION_HEADER.test(lastText) && !lastText.includes("\n") && next.timeMs - last.timeMs <= HEADER_TO_TRACEBACK_MS) {
        return "python-traceback";
      }
    }
    // A logger's header printed between the chain line and the traceback it announces.
    if (CHAIN_LINE.test(lastText) && EXCEPTION_HEADER.test(t) && !t.includes("\n") && next.timeMs - last.timeMs <= HEADER_TO_TRACEBACK_MS) return "python-traceback";
    if (ev.inTraceback && (/^\s/.test(t) || PY_EXCEPTION_LINE.test(t))) return "python-traceback";
    if (ev.hasTraceback && !ev.inTraceback && GUNICORN_WORKER_EXITING.test(t)) return "python-traceback";
  }
  if ((ev.kind === undefined || ev.kind === "gunicorn-boot") && GUNICORN_BOOT_HEAD.test(lead) && GUNICORN_BOOT_LINE.test(t)) return "gunicorn-boot";
  if ((ev.kind === undefined || ev.kind === "gunicorn-exit") && GUNICORN_EXIT_LINE.test(t) && ev.parts.every((p) => GUNICORN_EXIT_LINE.test(p.message))) {
    return "gunicorn-exit";
  }
  if ((ev.kind === undefined || ev.kind === "node-stack") && NODE_FRAME.test(t) && (NODE_FRAME.test(lastText.split("\n").pop() ?? "") || NODE_ERROR_HEAD.test(lead))) {
    return "node-stack";
  }
  return undefined;
}

function note(ev: OpenEvent, text: string): void {
  if (ev.jsonDepth > 0 || (ev.parts.length === 1 && JSON_OPEN.test(text))) ev.jsonDepth = Math.max(0, ev.jsonDepth + braceBalance(text));
  for (const line of text.split("\n")) {
    if (TRACEBACK_HEAD.test(line)) ev.inTraceback = true;
    else if (ev.inTraceback && PY_EXCEPTION_LINE.test(line)) {
      ev.inTraceback = false;
      ev.hasTraceback = true;
    }
  }
}

/** Opened minus closed brackets outside JSON strings. */
function braceBalance(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return depth;
}
