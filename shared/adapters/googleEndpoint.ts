/** How to reach a Google API (Logging, Monitoring): from an *_API_ENDPOINT setting, or the default. */
export type GoogleEndpoint =
  /** Production: gRPC to the API's googleapis.com host with Application Default Credentials. */
  | { kind: "default" }
  /** https://host[:port] (a private endpoint): gRPC with credentials. */
  | { kind: "grpc"; host: string; port: number }
  /** http://host:port: REST, plain HTTP, no Google auth (local fakes). */
  | { kind: "rest-plain"; host: string; port: number }
  /** gRPC without TLS or auth (tests of the production transport against a local server). */
  | { kind: "grpc-insecure"; host: string; port: number };

/** Reads an endpoint setting's value (already validated as an http(s) URL by loadConfig). */
export function googleEndpointOf(url: string | undefined): GoogleEndpoint {
  if (!url) return { kind: "default" };
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === "http:" ? 80 : 443;
  return u.protocol === "http:" ? { kind: "rest-plain", host: u.hostname, port } : { kind: "grpc", host: u.hostname, port };
}

/** What the worklog says about the transport: nothing for the default, else the endpoint. */
export function describeEndpoint(endpoint: GoogleEndpoint, url: string | undefined): string {
  if (endpoint.kind === "default") return "";
  return endpoint.kind === "rest-plain" ? ` via ${url} (REST)` : ` via ${url}`;
}

/**
 * No credentials at all: what the REST transport gets for a plain-HTTP endpoint. google-gax accepts
 * any auth client with getRequestHeaders (same as google-auth-library's PassThroughClient, which is
 * not a dependency of this project), and @google-cloud/common's GoogleAuth wraps it the same way.
 */
export const noAuthClient = {
  universeDomain: "googleapis.com",
  getRequestHeaders: async () => new Headers(),
  /** The REST transport sends through its auth client's fetch; plain fetch adds no credentials. */
  fetch: (url: string, init: { method?: string; headers?: Headers; body?: string | Buffer; signal?: AbortSignal }) =>
    fetch(url, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: typeof init.body === "string" ? init.body : new Uint8Array(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    }),
};
