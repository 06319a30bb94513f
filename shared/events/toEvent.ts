import type { Entry } from "../entries/entry.js";
import { severityRank, type Severity } from "../entries/severity.js";
import type { LogEvent, StitchKind } from "./logEvent.js";
import { inferSeverity } from "./inferSeverity.js";

/** A single-entry event, with a severity inferred from the text when the entry carried none. */
export function toEvent(entry: Entry): LogEvent {
  if (entry.severity !== "DEFAULT") {
    return { entry, text: entry.message, severity: entry.severity, severityInferred: false, parts: 1 };
  }
  const inferred = inferSeverity(entry.message, entry.payload);
  return inferred
    ? { entry, text: entry.message, severity: inferred, severityInferred: true, parts: 1 }
    : { entry, text: entry.message, severity: "DEFAULT", severityInferred: false, parts: 1 };
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
  for (const p of parts) {
    if (severityRank(p.severity) > severityRank(own)) own = p.severity;
    if (p.severity === "DEFAULT") {
      const s = inferSeverity(p.message, p.payload);
      if (s && severityRank(s) > severityRank(inferred)) inferred = s;
    }
  }
  // Some shapes state their level only as a whole (a Node stack, a JSON document over several lines).
  if (own === "DEFAULT" || inferred === "DEFAULT") {
    const whole = inferSeverity(parts.map((p) => p.message).join("\n"));
    if (whole && severityRank(whole) > severityRank(inferred)) inferred = whole;
  }
  const groups = new Set<string>();
  for (const p of parts) for (const g of p.errorGroups) groups.add(g);
  const trace = parts.find((p) => p.trace)?.trace;
  const entry: Entry = { ...lead, errorGroups: [...groups], ...(trace ? { trace } : {}) };
  const text = parts.map((p) => p.message).join("\n");
  const severityInferred = severityRank(inferred) > severityRank(own);
  return { entry, text, severity: severityInferred ? inferred : own, severityInferred, parts: parts.length, stitch: kind };
}
