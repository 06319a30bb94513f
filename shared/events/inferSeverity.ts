import type { Severity } from "../entries/severity.js";
import { levelOfFormat, levelOfPhrase, levelOfStack, severityOfWord, type StatedLevel } from "./logFormats.js";

/**
 * Structured-payload keys that loggers use for the level (Cloud Run lifts only `severity`); the read
 * filter (shared/adapters/loggingFilter.ts) selects the same fields.
 */
const LEVEL_KEYS = ["severity", "level", "levelname", "lvl", "log.level", "loglevel", "LogLevel"] as const;
/** pino and bunyan write levels as numbers: 10 trace … 60 fatal. */
const PINO_LEVELS: Record<number, Severity> = { 10: "DEBUG", 20: "DEBUG", 30: "INFO", 40: "WARNING", 50: "ERROR", 60: "CRITICAL" };

/**
 * The level an entry's payload or text states, and how it was read: a level field of a structured
 * payload, a logger's format (shared/events/logFormats.ts), the start of a stack or crash, or, weakest,
 * words of failure (which never raise a line above WARNING). Undefined when nothing states a level.
 */
export function inferLevel(text: string, payload?: Record<string, unknown>): StatedLevel | undefined {
  if (payload) {
    // A structured payload states its level in a field; its message holds no logger prefix.
    const field = levelOfPayload(payload);
    if (field) return { severity: field, basis: "field", rule: "payload-level", family: "generic" };
    // Without a message field the text is the payload itself as JSON, which the read filter cannot see as text.
    if (text.startsWith("{")) return undefined;
    return levelOfStack(text) ?? levelOfPhrase(text);
  }
  return levelOfFormat(text) ?? levelOfStack(text) ?? levelOfPhrase(text);
}

/**
 * The severity the text (or payload) states by structure, or undefined when it states none. Words of
 * failure alone are not a stated severity: see inferLevel.
 */
export function inferSeverity(text: string, payload?: Record<string, unknown>): Severity | undefined {
  const level = inferLevel(text, payload);
  return level && level.basis !== "phrase" ? level.severity : undefined;
}

function levelOfPayload(payload: Record<string, unknown>): Severity | undefined {
  const nested = payload.log;
  const candidates: unknown[] = LEVEL_KEYS.map((k) => payload[k]);
  if (typeof nested === "object" && nested !== null) candidates.push((nested as Record<string, unknown>).level);
  for (const v of candidates) {
    if (typeof v === "number" && PINO_LEVELS[v]) return PINO_LEVELS[v];
    if (typeof v === "string" && v.trim()) {
      const s = severityOfWord(v);
      if (s && s !== "DEFAULT") return s;
    }
  }
  return undefined;
}
