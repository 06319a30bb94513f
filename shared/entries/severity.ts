/** Cloud Logging's LogSeverity names, lowest first. */
export const SEVERITIES = [
  "DEFAULT",
  "DEBUG",
  "INFO",
  "NOTICE",
  "WARNING",
  "ERROR",
  "CRITICAL",
  "ALERT",
  "EMERGENCY",
] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** Numeric values the API uses for LogSeverity (google/logging/type/log_severity.proto). */
const BY_NUMBER: Record<number, Severity> = {
  0: "DEFAULT",
  100: "DEBUG",
  200: "INFO",
  300: "NOTICE",
  400: "WARNING",
  500: "ERROR",
  600: "CRITICAL",
  700: "ALERT",
  800: "EMERGENCY",
};

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function isSeverity(value: unknown): value is Severity {
  // Own keys only: "constructor" or "toString" from input are not severities.
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/** Accepts a name (any case), the API's number, or absent (DEFAULT). Returns undefined when unknown. */
export function parseSeverity(value: unknown): Severity | undefined {
  if (value === undefined || value === null || value === "") return "DEFAULT";
  if (typeof value === "number") return Object.hasOwn(BY_NUMBER, value) ? BY_NUMBER[value] : undefined;
  if (typeof value === "string") {
    const upper = value.toUpperCase();
    if (isSeverity(upper)) return upper;
    if (upper === "WARN") return "WARNING";
    if (upper === "FATAL") return "CRITICAL";
  }
  return undefined;
}

export function emptySeverityCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}
