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
  [/^fatal error: /, "CRITICAL"],
];
/**
 * gunicorn "[ts] [pid] [ERROR]", python logging "ERROR:name:", loguru "ts | ERROR | ", "level=error",
 * log4j/winston "ts ERROR message", bracketed "[error]".
 */
const LEVEL_TOKEN =
  /^(?:\[[^\]]{0,40}\]\s*){0,3}\[(DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|debug|info|warn|warning|error|critical|fatal)\]|^(DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL):[\w.]*:|^[^|\n]{0,40}\|\s*(DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL)\s*\||\blevel=["']?(debug|info|warn|warning|error|fatal|critical)\b|^(?:\S+\s+){0,3}(DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\s+[\[\w]/;

/** Structured-payload keys that loggers use for the level (pino/bunyan numbers included). */
const LEVEL_KEYS = ["severity", "level", "levelname", "log.level", "loglevel"] as const;
/** pino and bunyan write levels as numbers: 10 trace … 60 fatal. */
const PINO_LEVELS: Record<number, Severity> = { 10: "DEBUG", 20: "DEBUG", 30: "INFO", 40: "WARNING", 50: "ERROR", 60: "CRITICAL" };

/** Returns the severity the text states, or undefined when it states none. */
export function inferSeverity(text: string, payload?: Record<string, unknown>): Severity | undefined {
  if (payload) {
    for (const key of LEVEL_KEYS) {
      const v = payload[key];
      if (typeof v === "number" && PINO_LEVELS[v]) return PINO_LEVELS[v];
      if (typeof v === "string") {
        const s = parseSeverity(v.trim());
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
  // A JSON object printed as text (not parsed by the platform) with a level field.
  const json = /^\s*\{.*"(?:severity|level|levelname)"\s*:\s*"(\w+)"/s.exec(head);
  if (json?.[1]) {
    const s = parseSeverity(json[1]);
    if (s && s !== "DEFAULT") return s;
  }
  return undefined;
}
