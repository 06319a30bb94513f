import { Logging, type LoggingOptions } from "@google-cloud/logging";
import * as grpc from "@grpc/grpc-js";

/** How to reach Cloud Logging. */
export type LoggingEndpoint =
  /** Production: gRPC to logging.googleapis.com with Application Default Credentials. */
  | { kind: "default" }
  /** LOGGING_API_ENDPOINT https://host[:port] (a private endpoint): gRPC with credentials. */
  | { kind: "grpc"; host: string; port: number }
  /** LOGGING_API_ENDPOINT http://host:port: REST, plain HTTP, no Google auth (local fakes). */
  | { kind: "rest-plain"; host: string; port: number }
  /** gRPC without TLS or auth (tests of the production transport against a local server). */
  | { kind: "grpc-insecure"; host: string; port: number };

/** Reads LOGGING_API_ENDPOINT's value (already validated as an http(s) URL by loadConfig). */
export function loggingEndpointOf(url: string | undefined): LoggingEndpoint {
  if (!url) return { kind: "default" };
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === "http:" ? 80 : 443;
  return u.protocol === "http:" ? { kind: "rest-plain", host: u.hostname, port } : { kind: "grpc", host: u.hostname, port };
}

/**
 * No credentials at all: what the REST transport gets for a plain-HTTP endpoint. google-gax accepts
 * any auth client with getRequestHeaders (same as google-auth-library's PassThroughClient, which is
 * not a dependency of this project).
 */
const noAuth = {
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

/** A @google-cloud/logging client for the project, over the endpoint's transport. */
export function createLoggingClient(projectId: string, endpoint: LoggingEndpoint): Logging {
  // universeDomain set explicitly: without it the client asks the metadata server which universe it is in.
  const common: LoggingOptions = { projectId, universeDomain: "googleapis.com" } as LoggingOptions;
  switch (endpoint.kind) {
    case "default":
      return new Logging({ projectId });
    case "grpc":
      return new Logging({ ...common, apiEndpoint: endpoint.host, port: endpoint.port } as LoggingOptions);
    case "grpc-insecure":
      return new Logging({ ...common, apiEndpoint: endpoint.host, port: endpoint.port, sslCreds: grpc.credentials.createInsecure() } as LoggingOptions);
    case "rest-plain":
      return new Logging({
        ...common,
        apiEndpoint: endpoint.host,
        port: endpoint.port,
        fallback: "rest",
        protocol: "http",
        authClient: noAuth,
      } as unknown as LoggingOptions);
  }
}
