import type { Entry } from "../entries/entry.js";
import type { StitchKind } from "./logEvent.js";
import { JAVA_CAUSED_BY, JAVA_MORE, JSON_RECORD_LEAD, jsonRecordMessage, levelOfFormat, messageOfRecord, NODE_CAUSE, NODE_ERROR_HEAD, PY_CHAIN_LINE, PY_EXCEPTION_LINE, PY_TRACEBACK_HEAD, STACK_FRAME, stripAnsi } from "./logFormats.js";

/** What is known about an event being assembled, enough to decide whether the next line belongs to it. */
export interface OpenEvent {
  parts: Entry[];
  kind?: StitchKind;
  /** Inside a Python traceback whose final exception line has not come yet (platform split per line). */
  inTraceback: boolean;
  /** The text so far holds at least one complete Python traceback. */
  hasTraceback: boolean;
  /** Unclosed brackets of a document printed over several lines (0 = none open). */
  jsonDepth: number;
  /** Brackets the first line leaves open (a print such as `Map([<Rule …>,` that continues below). */
  leadBalance: number;
  /** Field lines still announced by a validation error's header (`2 validation errors for Settings`). */
  validationLeft?: number;
  /**
   * For a JSON record left open on its first line (see openRecordBalance), its curly braces opened
   * minus closed over the parts so far; 0 for any other event.
   */
  curly: number;
}

/** A logger line that announces a traceback follows: gunicorn's `log.exception`, Python logging's `ERROR:` lines. */
const EXCEPTION_HEADER = /(?:\[ERROR\]|^ERROR[:\s]|\|\s*ERROR\s*\|).*(?:[Ee]xception|[Ee]rror|[Ff]ailed)[^\n]*$/;
const GUNICORN_WORKER_EXITING = /\[INFO\] Worker exiting \(pid: \d+\)/;
const GUNICORN_BOOT_HEAD = /\[INFO\] Starting gunicorn /;
const GUNICORN_BOOT_LINE = /\[INFO\] (?:Listening at: |Using worker: |Booting worker with pid: )/;
const GUNICORN_EXIT_LINE = /\[(?:ERROR|INFO|WARNING)\] (?:Worker \(pid:\d+\) (?:exited with code|was sent)|Shutting down: Master|Reason: (?:Worker failed to boot|App failed to load)\.)/;
/** A Java frame: `\tat pkg.Class.method(File.java:12)`. */
const JAVA_FRAME = /^\s+at [\w$.<>/]+\((?:[^()]*\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)/;
/** A single `{` or `[` (with optional text before it on a logger line) opening a pretty-printed document. */
const JSON_OPEN = /(?:^|\s)[{[]\s*$/;
/** pydantic's (and pydantic-settings') header of a validation error; the field lines follow. */
const VALIDATION_HEAD = /\b(\d{1,3}) validation errors? for [\w.[\]]+/;
/** A row or border of a printed table: `| a | b |`, `+----+`, box-drawing characters. */
const TABLE_LINE = /^\s*(?:[|│┃║].*[|│┃║]|[+┌└├╔╚╠┏┗┣╭╰][-─━═+┬┴┼╤╧╪┳┻╋]{2,})/u;
/** Go's standard logger prefix (`log.LstdFlags`): a line that starts a record, not a continuation. */
const GO_LOG_PREFIX = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;
/** A line that starts a record of its own: a timestamp, a bracketed field, a level word. */
const RECORD_START = /^(?:\[|\d{4}[-/]\d\d|\d\d:\d\d|[A-Z]{3,9}[:\s[]|\{)/;

/** The npm client's lines (`npm error …`, `npm ERR! …`): one failure prints several. */
const NPM_LINE = /^npm (?:ERR!|error|WARN|warn) /;

/** Longest a Python "Exception in worker process" header may precede its traceback and still be the same record. */
const HEADER_TO_TRACEBACK_MS = 50;

export function openEvent(first: Entry): OpenEvent {
  const ev: OpenEvent = { parts: [first], inTraceback: false, hasTraceback: false, jsonDepth: 0, leadBalance: braceBalance(first.message), curly: openRecordBalance(first.message) };
  const v = VALIDATION_HEAD.exec(first.message.split("\n")[0] ?? "");
  if (v?.[1]) ev.validationLeft = Number(v[1]);
  note(ev, first.message);
  return ev;
}

/** Appends `next` to the event under `kind`. */
export function extend(ev: OpenEvent, next: Entry, kind: StitchKind): void {
  if (kind === "object-dump" && ev.kind === undefined) ev.jsonDepth = ev.leadBalance;
  const fieldLine = kind === "validation-list" || (kind === "python-traceback" && ev.hasTraceback && !ev.inTraceback);
  if (fieldLine && ev.validationLeft !== undefined && !/^\s/.test(next.message)) ev.validationLeft--;
  ev.parts.push(next);
  ev.kind ??= kind;
  if (kind === "json-record") ev.curly += curlyBalance(next.message);
  note(ev, next.message);
}

/**
 * Whether `next` (same instance and stream, later or equal in time, within the stitching gap) continues
 * the open event, and by which rule. Each rule matches one shape the platform splits (PLATFORM-NOTES.md):
 * a chained Python traceback, gunicorn's boot and exit lines, a Node or Java stack, a document or
 * object printed over several lines, a validation error's field list, a Go error over several lines, a
 * printed table, and indented lines under the line that introduces them. Rules that rest on the shape
 * of the lines alone also need the lines to come within one print (`printBurstMs`).
 */
export function continues(ev: OpenEvent, next: Entry, printBurstMs: number): StitchKind | undefined {
  const t = next.message;
  const last = ev.parts[ev.parts.length - 1] as Entry;
  const lastText = last.message;
  const lead = (ev.parts[0] as Entry).message;
  const pythonOpen = ev.kind === undefined || ev.kind === "python-traceback";
  const burst = next.timeMs - last.timeMs <= printBurstMs;
  const is = (...kinds: StitchKind[]) => ev.kind === undefined || kinds.includes(ev.kind);

  if (ev.jsonDepth > 0) return ev.kind === "object-dump" ? "object-dump" : "json-lines";
  if (is("json-record") && burst && ev.curly > 0 && !RECORD_START.test(t) && !levelOfFormat(t)) return "json-record";
  if (pythonOpen) {
    if (PY_CHAIN_LINE.test(t) && ev.hasTraceback) return "python-traceback";
    const beforeLast = ev.parts[ev.parts.length - 2]?.message;
    if (PY_TRACEBACK_HEAD.test(t)) {
      if (PY_CHAIN_LINE.test(lastText)) return "python-traceback";
      const headerStarts = ev.parts.length === 1 || (beforeLast !== undefined && PY_CHAIN_LINE.test(beforeLast));
      if (headerStarts && EXCEPTION_HEADER.test(lastText) && !lastText.includes("\n") && next.timeMs - last.timeMs <= HEADER_TO_TRACEBACK_MS) {
        return "python-traceback";
      }
    }
    // A logger's header printed between the chain line and the traceback it announces.
    if (PY_CHAIN_LINE.test(lastText) && EXCEPTION_HEADER.test(t) && !t.includes("\n") && next.timeMs - last.timeMs <= HEADER_TO_TRACEBACK_MS) return "python-traceback";
    if (ev.inTraceback && (/^\s/.test(t) || PY_EXCEPTION_LINE.test(t))) return "python-traceback";
    if (ev.hasTraceback && !ev.inTraceback && GUNICORN_WORKER_EXITING.test(t)) return "python-traceback";
    // A validation error's field list printed after the traceback's last line (pydantic).
    if (ev.hasTraceback && !ev.inTraceback && burst && ev.validationLeft !== undefined && (ev.validationLeft > 0 || /^\s/.test(t))) return "python-traceback";
  }
  if (is("gunicorn-boot") && GUNICORN_BOOT_HEAD.test(lead) && GUNICORN_BOOT_LINE.test(t)) return "gunicorn-boot";
  if (is("gunicorn-exit") && GUNICORN_EXIT_LINE.test(t) && ev.parts.every((p) => GUNICORN_EXIT_LINE.test(p.message))) return "gunicorn-exit";

  // Stacks: frames follow an error's first line (or whatever line the program printed it after).
  const lastLine = lastText.split("\n").pop() ?? "";
  const inStack = STACK_FRAME.test(lastLine) || JAVA_MORE.test(lastLine) || NODE_ERROR_HEAD.test(lead.split("\n")[0] ?? "") || burst;
  if (is("node-stack", "java-stack") && (STACK_FRAME.test(t) || JAVA_MORE.test(t)) && inStack) return ev.kind ?? (JAVA_FRAME.test(t) ? "java-stack" : "node-stack");
  if (is("node-stack", "java-stack") && (JAVA_CAUSED_BY.test(t) || NODE_CAUSE.test(t)) && (STACK_FRAME.test(lastLine) || JAVA_MORE.test(lastLine))) {
    return ev.kind ?? (JAVA_CAUSED_BY.test(t) ? "java-stack" : "node-stack");
  }
  if (!burst) return undefined;

  if (is("npm-block") && NPM_LINE.test(lead) && NPM_LINE.test(t)) return "npm-block";
  if (is("validation-list") && ev.validationLeft !== undefined && (ev.validationLeft > 0 || /^\s/.test(t))) return "validation-list";
  if (ev.kind === undefined && ev.leadBalance > 0 && continuationShaped(t)) return "object-dump";
  if (is("table", "indented") && TABLE_LINE.test(t)) return "table";
  if (is("indented", "table") && /^\s+\S/.test(t) && !/^\s/.test(lead)) return "indented";
  // A logger's record whose message is on the lines below it (Spring Boot's "APPLICATION FAILED TO START" report).
  if (is("record-body") && (ev.kind === "record-body" || opensBody(lead)) && !RECORD_START.test(t) && !levelOfFormat(t) && !STACK_FRAME.test(t)) return "record-body";
  if (is("go-multiline") && GO_LOG_PREFIX.test(lead) && !GO_LOG_PREFIX.test(t) && !RECORD_START.test(t) && !levelOfFormat(t)) return "go-multiline";
  return undefined;
}

/** A formatted record that ends where its message should start: the message follows on the next lines. */
function opensBody(lead: string): boolean {
  const first = lead.split("\n")[0] ?? "";
  if (!levelOfFormat(first) || !/(?:[:|]|-{2,})\s*$/.test(first)) return false;
  return !/[A-Za-z]{3}/.test(messageOfRecord(first).replace(/\S*[.:_]\S*/g, "").replace(/[:|-]\s*$/, "")) || /:\s*$/.test(first);
}

/** A line that can only be the inside or the end of something printed above it: indented, or closing a bracket. */
function continuationShaped(text: string): boolean {
  return /^(?:\s+\S|[)\]}])/.test(text);
}

/** Marks a multi-line print by the line that names it (see LogEvent.title); undefined when the whole text is its identity. */
export function titleOf(parts: readonly Entry[], kind: StitchKind): string | undefined {
  const first = stripAnsi((parts[0] as Entry).message.split("\n")[0] ?? "").trim();
  switch (kind) {
    case "object-dump":
    case "validation-list":
    case "go-multiline":
    case "table":
      return first;
    case "record-body": {
      // The first line below the record that says something in words.
      const said = parts.slice(1).map((p) => stripAnsi(p.message.split("\n")[0] ?? "").trim()).find((l) => /[A-Za-z]{3}/.test(l));
      return said ?? first;
    }
    case "indented": {
      // .NET's console logger puts the category on the first line and the message on the next.
      const second = stripAnsi((parts[1] as Entry | undefined)?.message ?? "").trim();
      return levelOfFormat(first)?.rule === "dotnet-console" && second ? `${first} ${second}` : first;
    }
    case "json-record":
      // The record's own message, as far as its first line holds it; else its first line.
      return jsonRecordMessage(first) ?? first;
    case "json-lines": {
      // `Auth failed {` names the document; a bare `{` does not.
      const named = first.replace(/[{[]\s*$/, "").trim();
      return named ? named : undefined;
    }
    default:
      return undefined;
  }
}

function note(ev: OpenEvent, text: string): void {
  if (ev.jsonDepth > 0 || (ev.parts.length === 1 && JSON_OPEN.test(text))) ev.jsonDepth = Math.max(0, ev.jsonDepth + braceBalance(text));
  else if (ev.kind === "object-dump" && ev.parts.length > 1) ev.jsonDepth = Math.max(0, ev.jsonDepth + braceBalance(text));
  for (const line of text.split("\n")) {
    if (PY_TRACEBACK_HEAD.test(line)) ev.inTraceback = true;
    else if (ev.inTraceback && PY_EXCEPTION_LINE.test(line)) {
      ev.inTraceback = false;
      ev.hasTraceback = true;
      const v = VALIDATION_HEAD.exec(line);
      if (v?.[1]) ev.validationLeft = Number(v[1]);
    }
  }
}

/**
 * A JSON record written as one line (`{"level": …, "message": …}`) by a formatter that did not escape
 * the newlines of its message: the platform splits it there. The record runs, within one print, until
 * its curly braces close (counted without regard to quotes: such a formatter does not escape those
 * either). A first line that ends with `}` is a whole record, whatever its braces inside; a line that
 * starts a record of its own (a `{`, a timestamp, a level) is never a continuation. Returns the braces
 * a first line leaves open, 0 when it is no such record.
 */
function openRecordBalance(lead: string): number {
  return JSON_RECORD_LEAD.test(lead) && !/\}\s*$/.test(lead) ? curlyBalance(lead) : 0;
}

function curlyBalance(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) depth--;
  }
  return depth;
}

/**
 * Opened minus closed brackets outside quoted strings (double, single or back quotes: JSON, Python
 * and util.inspect); a single quote after a letter is an apostrophe, not a string.
 */
export function braceBalance(text: string): number {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "`" || (c === "'" && !/\w/.test(text[i - 1] ?? ""))) quote = c;
    else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") depth--;
  }
  return depth;
}
