import { Logging, type LoggingOptions } from "@google-cloud/logging";
import * as grpc from "@grpc/grpc-js";
import { googleEndpointOf, noAuthClient, type GoogleEndpoint } from "./googleEndpoint.js";

/** How to reach Cloud Logging (LOGGING_API_ENDPOINT): see GoogleEndpoint. */
export type LoggingEndpoint = GoogleEndpoint;

/** Reads LOGGING_API_ENDPOINT's value (already validated as an http(s) URL by loadConfig). */
export const loggingEndpointOf = googleEndpointOf;

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
        authClient: noAuthClient,
      } as unknown as LoggingOptions);
  }
}
