/**
 * A failure between the gardener and Google Cloud that the user fixes in their environment, not a bug
 * of ours: credentials, permissions, APIs, buckets, the network. Read from what the client libraries
 * throw (gRPC and REST alike): status codes, google.rpc.ErrorInfo reasons, Node's system error codes,
 * along the whole `cause` chain.
 */
export type EnvironmentProblem =
  /** No Application Default Credentials anywhere. */
  | { kind: "no-credentials"; detail: string }
  /** GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be used. */
  | { kind: "credentials-file"; detail: string }
  /** Credentials were found but refused: expired, revoked, wrong (401, UNAUTHENTICATED, invalid_grant). */
  | { kind: "credentials-refused"; detail: string }
  /** 403 / PERMISSION_DENIED that is not about a disabled API. */
  | { kind: "permission-denied"; detail: string }
  /** The API is not enabled in the project (SERVICE_DISABLED, accessNotConfigured). */
  | { kind: "api-disabled"; detail: string; service?: string; consumer?: string }
  /** 404 / NOT_FOUND: the project or bucket does not exist. */
  | { kind: "not-found"; detail: string }
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | { kind: "dns"; detail: string; host?: string }
  /** Nothing answers (refused, reset, timed out, unreachable). */
  | { kind: "unreachable"; detail: string; code: string; host?: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"]);
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EPIPE", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);
/** gRPC status codes as numbers. */
const GRPC = { NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAUTHENTICATED: 16 } as const;
const HTTP_TO_GRPC: Record<number, number> = { 401: GRPC.UNAUTHENTICATED, 403: GRPC.PERMISSION_DENIED, 404: GRPC.NOT_FOUND };
const STATUS_NAMES: Record<string, number> = { NOT_FOUND: GRPC.NOT_FOUND, PERMISSION_DENIED: GRPC.PERMISSION_DENIED, UNAUTHENTICATED: GRPC.UNAUTHENTICATED };

/** The error and its causes, outermost first (bounded: a cause chain is never trusted to end). */
function chain(err: unknown): Obj[] {
  const out: Obj[] = [];
  let at: unknown = err;
  while (isObj(at) && out.length < 8 && !out.includes(at)) {
    out.push(at);
    at = at.cause ?? at.error;
  }
  return out;
}

function firstLine(v: unknown): string {
  return String(v ?? "").split("\n")[0]?.trim() ?? "";
}

/** The gRPC code an error carries, from a gRPC number, an HTTP status, or a status name. */
function grpcCodeOf(e: Obj): number | undefined {
  const code = e.code;
  if (typeof code === "number") return code >= 100 ? HTTP_TO_GRPC[code] : code;
  if (typeof e.status === "number") return HTTP_TO_GRPC[e.status];
  if (typeof e.status === "string") return STATUS_NAMES[e.status];
  const response = e.response;
  if (isObj(response) && typeof response.status === "number") return HTTP_TO_GRPC[response.status];
  return undefined;
}

/** google.rpc.ErrorInfo reasons and metadata as gax decodes them (gRPC details, REST `details`), and GCS `errors[].reason`. */
function reasonsOf(e: Obj): { reasons: string[]; metadata: Record<string, string> } {
  const reasons: string[] = [];
  let metadata: Record<string, string> = {};
  if (typeof e.reason === "string") reasons.push(e.reason);
  if (isObj(e.errorInfoMetadata)) metadata = { ...(e.errorInfoMetadata as Record<string, string>) };
  for (const list of [e.statusDetails, e.details, e.errors]) {
    if (!Array.isArray(list)) continue;
    for (const d of list) {
      if (!isObj(d)) continue;
      if (typeof d.reason === "string") reasons.push(d.reason);
      if (isObj(d.metadata)) metadata = { ...metadata, ...(d.metadata as Record<string, string>) };
    }
  }
  return { reasons, metadata };
}

/**
 * What environment problem an error is, if any; undefined for everything else (which stays a bug or a
 * retryable failure for the caller to decide).
 */
export function environmentProblemOf(err: unknown): EnvironmentProblem | undefined {
  const errors = chain(err);
  const detail = firstLine((errors[0] as Obj | undefined)?.message ?? err);
  for (const e of errors) {
    const message = String(e.message ?? "");
    if (/Could not load the default credentials/.test(message)) return { kind: "no-credentials", detail: firstLine(message) };
    if (/GOOGLE_APPLICATION_CREDENTIALS/.test(message)) return { kind: "credentials-file", detail: firstLine(message) };
    if (/invalid_grant|invalid_rapt|reauth related error|Token has been expired or revoked|invalid_client/i.test(message)) return { kind: "credentials-refused", detail: firstLine(message) };
    const data = isObj(e.response) && isObj(e.response.data) ? e.response.data : undefined;
    if (data && typeof data.error === "string" && /invalid_grant|invalid_rapt|invalid_client|unauthorized_client/.test(data.error)) {
      return { kind: "credentials-refused", detail: `${data.error}${typeof data.error_description === "string" ? `: ${data.error_description}` : ""}` };
    }
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code && DNS_CODES.has(code)) {
      // node-fetch's FetchError carries the code but not the host name, which is in its message.
      const host = typeof e.hostname === "string" ? e.hostname : /(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME) ([^\s,]+)/.exec(message)?.[1];
      return { kind: "dns", detail: firstLine(message), ...(host ? { host } : {}) };
    }
    if (code && UNREACHABLE_CODES.has(code)) {
      const host = typeof e.address === "string" ? `${e.address}${typeof e.port === "number" ? `:${e.port}` : ""}` : undefined;
      return { kind: "unreachable", code, detail: firstLine(message), ...(host ? { host } : {}) };
    }
    // gRPC reports the network in words inside UNAVAILABLE.
    const dns = /Name resolution failed for target (?:dns:)?([^\s:]+)/.exec(message);
    if (dns) return { kind: "dns", detail: firstLine(message), host: dns[1] as string };
    const refused = /(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET) ([\d.:[\]a-f]+)/.exec(message);
    if (refused) return { kind: "unreachable", code: refused[1] as string, detail: firstLine(message), host: refused[2] as string };
    const unresolved = /(?:ENOTFOUND|EAI_AGAIN) ([^\s,]+)/.exec(message);
    if (unresolved) return { kind: "dns", detail: firstLine(message), host: unresolved[1] as string };

    const grpc = grpcCodeOf(e);
    if (grpc === GRPC.UNAUTHENTICATED) return { kind: "credentials-refused", detail: firstLine(message) || detail };
    if (grpc === GRPC.PERMISSION_DENIED) {
      const { reasons, metadata } = reasonsOf(e);
      const disabled = reasons.some((r) => r === "SERVICE_DISABLED" || r === "accessNotConfigured") || /has not been used in project|is disabled\. Enable it/.test(message);
      if (disabled) {
        const service = metadata.service ?? /apis\/api\/([a-z0-9.-]+\.googleapis\.com)/.exec(message)?.[1];
        const consumer = metadata.consumer?.replace(/^projects\//, "") ?? /project (\d+|[a-z][a-z0-9-]+)/.exec(message)?.[1];
        return { kind: "api-disabled", detail: firstLine(message), ...(service ? { service } : {}), ...(consumer ? { consumer } : {}) };
      }
      return { kind: "permission-denied", detail: firstLine(message) || detail };
    }
    if (grpc === GRPC.NOT_FOUND) return { kind: "not-found", detail: firstLine(message) || detail };
  }
  return undefined;
}
