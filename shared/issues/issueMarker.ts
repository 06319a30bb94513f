/**
 * Hidden HTML comments the gardener leaves in what it writes to GitHub, so it can find its own issues
 * and comments again by listing (never by search, which lags behind writes) and tell which window a
 * piece of text reported. Log text never reaches these lines: fingerprints are hex, times RFC 3339.
 */

const FP = /^[A-Za-z0-9._:-]{1,128}$/;

function checked(fingerprint: string): string {
  if (!FP.test(fingerprint)) throw new Error(`fingerprint ${JSON.stringify(fingerprint)} cannot go into a marker`);
  return fingerprint;
}

/** `<!-- log-gardener:fingerprint=FP -->` (ARCHITECTURE.md): the key of an issue. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- log-gardener:fingerprint=${checked(fingerprint)} -->`;
}

/** The end of the window an issue body or status comment reports on. */
export function windowMarker(windowEnd: string): string {
  return `<!-- log-gardener:window-end=${new Date(windowEnd).toISOString()} -->`;
}

/**
 * Marks the rolling status comment of an issue. One per service: the same fingerprint (an OOM platform
 * message, a shared library's exception) can occur in several services filing into one repository, and
 * each keeps its own status on the one issue.
 */
export function statusMarker(fingerprint: string, service: string): string {
  return `<!-- log-gardener:status fingerprint=${checked(fingerprint)} service=${service.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100)} -->`;
}

/** Other fingerprints the same problem was known by when the issue was filed (earlier templates, Error Reporting groups). */
export function aliasesMarker(aliases: readonly string[]): string {
  const safe = aliases.filter((a) => FP.test(a)).slice(0, MAX_ALIASES_IN_MARKER);
  return safe.length ? `<!-- log-gardener:aliases=${safe.join(",")} -->` : "";
}

/** Aliases written into a body; enough for every alias a cluster keeps. */
const MAX_ALIASES_IN_MARKER = 24;

/** Every fingerprint a body is the issue of: its own and its aliases. */
export function fingerprintsIn(body: string | null | undefined): string[] {
  const own = fingerprintIn(body);
  if (!own) return [];
  const aliases = /<!-- log-gardener:aliases=([A-Za-z0-9._:,-]{1,4000}) -->/.exec(body ?? "")?.[1]?.split(",") ?? [];
  return [own, ...aliases.filter((a) => FP.test(a) && a !== own)];
}

export function fingerprintIn(body: string | null | undefined): string | undefined {
  return /<!-- log-gardener:fingerprint=([A-Za-z0-9._:-]{1,128}) -->/.exec(body ?? "")?.[1];
}

export function windowEndIn(body: string | null | undefined): string | undefined {
  return /<!-- log-gardener:window-end=([0-9T:.Z-]{20,30}) -->/.exec(body ?? "")?.[1];
}

export function isStatusComment(body: string | null | undefined, fingerprint: string, service: string): boolean {
  return (body ?? "").includes(statusMarker(fingerprint, service));
}
