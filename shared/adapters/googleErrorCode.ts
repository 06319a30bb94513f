/** gRPC status names by number (the REST fallback maps HTTP statuses onto the same codes). */
const CODES: Record<number, string> = {
  3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
  13: "INTERNAL", 14: "UNAVAILABLE", 16: "UNAUTHENTICATED",
};
const HTTP_TO_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 429: 8, 500: 13, 503: 14, 504: 4 };

/** The gRPC status name of a Google client error (gax over gRPC or REST, @google-cloud/common over HTTP), if it has one. */
export function googleErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; status?: unknown };
  let code = typeof e?.code === "number" ? e.code : undefined;
  if (code !== undefined && code >= 100) code = HTTP_TO_CODE[code];
  if (code !== undefined) return CODES[code];
  if (typeof e?.status === "string" && Object.values(CODES).includes(e.status)) return e.status;
  return undefined;
}

/** Failures worth waiting out: quota, a service briefly away, a deadline, an internal error. */
export function isRetryableGoogleError(code: string | undefined): code is "RESOURCE_EXHAUSTED" | "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "INTERNAL" {
  return code === "RESOURCE_EXHAUSTED" || code === "UNAVAILABLE" || code === "DEADLINE_EXCEEDED" || code === "INTERNAL";
}
