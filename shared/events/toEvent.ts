import type { Entry } from "../entries/entry.js";
import { severityRank, type Severity } from "../entries/severity.js";
import type { LogEvent, StitchKind } from "./logEvent.js";
import { inferLevel } from "./inferSeverity.js";
import { isCodeWarning, stripAnsi, type LevelBasis } from "./logFormats.js";

const STACK_KINDS: ReadonlySet<StitchKind> = new Set(["python-traceback", "node-stack", "java-stack"]);
/** A stack anywhere in the text: a Python traceback, Node or Java frames, a Go goroutine dump. */
const HAS_STACK = /Traceback \(most recent call last\):|^\s+at \S|^goroutine \d+ \[/m;
import { lifecycleOf } from "./lifecycle.js";
import { titleOf } from "./stitchRule.js";

/**
 * A single-entry event, with a severity inferred from the text when the entry carried none (words of
 * failure alone give WARNING at most). Colour codes are dropped from the text.
 */
export function toEvent(entry: Entry): LogEvent {
  const text = stripAnsi(entry.message);
  const appLog = isAppLog(entry);
  const lifecycle = appLog && !HAS_STACK.test(text) ? lifecycleOf(text) : undefined;
  // One object per entry, its members in the order they always had (no spread of partial objects).
  let ev: LogEvent;
  if (entry.severity !== "DEFAULT") ev = { entry, text, severity: entry.severity, severityInferred: false, parts: 1 };
  else {
    const inferred = inferLevel(entry.message, entry.payload);
    ev = inferred
      ? { entry, text, severity: inferred.severity, severityInferred: true, severityBasis: inferred.basis, parts: 1 }
      : { entry, text, severity: "DEFAULT", severityInferred: false, parts: 1 };
  }
  if (lifecycle) ev.lifecycle = lifecycle;
  if (appLog && isCodeWarning(text)) ev.codeWarning = true;
  return ev;
}

/** Lines the application wrote (stdout, stderr, or another log of its own), not the platform's or the audit trail's. */
function isAppLog(e: Entry): boolean {
  return !e.httpRequest && !e.logId.startsWith("cloudaudit.googleapis.com/") && e.logId !== "run.googleapis.com/varlog/system" && e.logId !== "run.googleapis.com/requests";
}

/**
 * One event from several entries of one instance, in time order. Its severity is the highest an entry
 * states; when no entry states one as high as the text does, the text's (marked inferred).
 * The lead entry carries the Error Reporting groups and trace of every part.
 */
export function toStitchedEvent(parts: readonly Entry[], kind: StitchKind): LogEvent {
  if (parts.length === 1) return toEvent(parts[0] as Entry);
  const lead = parts[0] as Entry;
  let own: Severity = "DEFAULT";
  let inferred: Severity = "DEFAULT";
  let basis: LevelBasis | undefined;
  const raise = (s: Severity, b: LevelBasis) => {
    if (severityRank(s) > severityRank(inferred)) {
      inferred = s;
      basis = b;
    }
  };
  for (const p of parts) {
    if (severityRank(p.severity) > severityRank(own)) own = p.severity;
    if (p.severity === "DEFAULT") {
      const s = inferLevel(p.message, p.payload);
      if (s) raise(s.severity, s.basis);
    }
  }
  // Some shapes state their level only as a whole (a Node stack, a JSON document over several lines).
  if (own === "DEFAULT" || inferred === "DEFAULT" || basis === "phrase") {
    const whole = inferLevel(parts.map((p) => p.message).join("\n"));
    if (whole) raise(whole.severity, whole.basis);
  }
  const groups = new Set<string>();
  for (const p of parts) for (const g of p.errorGroups) groups.add(g);
  const trace = parts.find((p) => p.trace)?.trace;
  const entry: Entry = { ...lead, errorGroups: [...groups], ...(trace ? { trace } : {}) };
  const text = stripAnsi(parts.map((p) => p.message).join("\n"));
  const severityInferred = severityRank(inferred) > severityRank(own);
  const title = titleOf(parts, kind);
  // A stack that ends with a worker's exit line is the stack's event, not a lifecycle line.
  const lifecycle = isAppLog(lead) && !STACK_KINDS.has(kind) && !HAS_STACK.test(text) ? lifecycleOf(text) : undefined;
  return {
    entry,
    text,
    severity: severityInferred ? inferred : own,
    severityInferred,
    ...(severityInferred && basis ? { severityBasis: basis } : {}),
    parts: parts.length,
    stitch: kind,
    ...(title ? { title } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(isAppLog(lead) && isCodeWarning(text) ? { codeWarning: true } : {}),
  };
}
