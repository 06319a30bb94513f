import type { Entry } from "../entries/entry.js";
import type { LogEvent } from "./logEvent.js";
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
