import { BigQuery, type BigQueryOptions } from "@google-cloud/bigquery";
import { noAuthClient } from "./googleEndpoint.js";

/**
 * A @google-cloud/bigquery client for the project. BIGQUERY_API_ENDPOINT `http://host:port` is plain
 * HTTP with no Google auth (local fakes); `https://…` a private endpoint with credentials.
 */
export function createBigQueryClient(projectId: string, endpoint: string | undefined): BigQuery {
  if (!endpoint) return new BigQuery({ projectId });
  const url = endpoint.replace(/\/+$/, "");
  if (url.startsWith("http://")) return new BigQuery({ projectId, apiEndpoint: url, authClient: noAuthClient } as unknown as BigQueryOptions);
  return new BigQuery({ projectId, apiEndpoint: url });
}
