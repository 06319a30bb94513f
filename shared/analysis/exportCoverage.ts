import type { Severity } from "../entries/severity.js";

/**
 * Why request shares cannot be computed from what was read, or undefined when they can. An export
 * saved with `severity>=WARNING` (a common way to save "the errors") holds no successful request and
 * no INFO line at all: every request in it failed or was refused, and a share would read 100%.
 * Cloud Logging reads always include every request log, whatever its severity.
 */
export function unmeasurableShares(bySeverity: Partial<Record<Severity, number>>): string | undefined {
  const below = (bySeverity.DEFAULT ?? 0) + (bySeverity.DEBUG ?? 0) + (bySeverity.INFO ?? 0) + (bySeverity.NOTICE ?? 0);
  const total = Object.values(bySeverity).reduce((n, v) => n + (v ?? 0), 0);
  if (!total || below) return undefined;
  return "the input holds only WARNING and above (it was visibly filtered), so the requests that succeeded are not in it";
}
