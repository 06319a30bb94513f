import type { Severity } from "../entries/severity.js";
import { parseSeverity } from "../entries/severity.js";

/**
 * Severity markers that loggers print in unstructured lines. Cloud Run gives such lines no severity
 * (DEFAULT), so a `severity>=ERROR` view misses them; these patterns recover it.
 * Each pattern is anchored near the start of the line so that a message merely mentioning "error" is not raised.
 */
const MARKERS: ReadonlyArray<readonly [RegExp, Severity]> = [
  [/^Traceback \(most recent call last\):/, "ERROR"],
  [/^During handling of the above exception, another exception occurred:/, "ERROR"],
  [/^The above exception was the direct cause of the following exception:/, "ERROR"],
  [/^(?:Uncaught |Unhandled )?[A-Za-z_.$]*(?:Error|Exception)(?:\[[A-Z_0-9]+\])?: .*\n\s+at /, "ERROR"],
  [/^panic: /, "CRITICAL"],
];
/** gunicorn "[ts] [pid] [ERROR]", python logging "ERROR:name:", loguru "ts | ERROR | ", "level=error". */
const LEVEL_TOKEN =
  /^(?:\[[^\]]{0,40}\]\s*){0,3}\[(DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)\]|^(DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL):[\w.]*:|^[^|\n]{0,40}\|\s*(DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL)\s*\||\blevel=(debug|info|warn|warning|error|fatal|critical)\b|^(?:\S+\s+){0,3}(DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\s+[\[\w]/;

/** Returns the severity the text states, or undefined when it states none. */
export function inferSeverity(text: string, payload?: Record<string, unknown>): Severity | undefined {
  if (payload) {
    for (const key of ["severity", "level", "levelname", "log.level"] as const) {
      const v = payload[key];
      if (typeof v === "string") {
        const s = parseSeverity(v);
        if (s && s !== "DEFAULT") return s;
      }
    }
  }
  const head = text.length > 400 ? text.slice(0, 400) : text;
  for (const [re, sev] of MARKERS) if (re.test(head)) return sev;
  const m = LEVEL_TOKEN.exec(head);
  if (m) {
    const word = m.slice(1).find((g) => g !== undefined);
    if (word) {
      const s = word.toUpperCase() === "SUCCESS" ? "INFO" : parseSeverity(word);
      if (s && s !== "DEFAULT") return s;
    }
  }
  return undefined;
}
