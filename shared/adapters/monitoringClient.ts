import { MetricServiceClient } from "@google-cloud/monitoring";
import * as grpc from "@grpc/grpc-js";
import { noAuthClient, type GoogleEndpoint } from "./googleEndpoint.js";

type MonitoringOptions = ConstructorParameters<typeof MetricServiceClient>[0];

/** A @google-cloud/monitoring MetricServiceClient over the endpoint's transport (MONITORING_API_ENDPOINT). */
export function createMonitoringClient(projectId: string, endpoint: GoogleEndpoint): MetricServiceClient {
  // universeDomain set explicitly: without it the client asks the metadata server which universe it is in.
  const common = { projectId, universeDomain: "googleapis.com" };
  switch (endpoint.kind) {
    case "default":
      return new MetricServiceClient({ projectId });
    case "grpc":
      return new MetricServiceClient({ ...common, apiEndpoint: endpoint.host, port: endpoint.port });
    case "grpc-insecure":
      return new MetricServiceClient({ ...common, apiEndpoint: endpoint.host, port: endpoint.port, sslCreds: grpc.credentials.createInsecure() } as MonitoringOptions);
    case "rest-plain":
      // The REST form of projects.timeSeries.list (GET /v3/projects/P/timeSeries), plain HTTP, no credentials.
      return new MetricServiceClient({ ...common, apiEndpoint: endpoint.host, port: endpoint.port, fallback: "rest", protocol: "http", authClient: noAuthClient } as unknown as MonitoringOptions);
  }
}
