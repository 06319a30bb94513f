import { IdempotencyStrategy, Storage, type StorageOptions } from "@google-cloud/storage";

type RetryOptions = NonNullable<StorageOptions["retryOptions"]>;

/**
 * A @google-cloud/storage client. STORAGE_API_ENDPOINT http://host:port is a local server: plain
 * HTTP, no Google auth (the client skips auth for a custom endpoint). https:// is a private endpoint
 * and keeps authentication. `apiEndpoint` is used rather than STORAGE_EMULATOR_HOST, which drops the
 * /storage/v1 path prefix.
 *
 * Retries: the client's default strategy (RetryConditional) does not retry a write without
 * `ifGenerationMatch` and, doing so, sets `retryOptions.autoRetry = false` on the whole Storage
 * instance (file.js, save/createWriteStream), so one worklog write would silently switch off retries
 * for the state commit after it. Every write here is safe to repeat (worklogs overwrite the same
 * object with the same content; state writes carry `ifGenerationMatch`), so RetryAlways is right.
 */
export function createStorageClient(projectId: string | undefined, endpoint: string | undefined, retryOptions?: RetryOptions): Storage {
  return new Storage({
    ...(projectId ? { projectId } : {}),
    ...(endpoint ? { apiEndpoint: endpoint.replace(/\/+$/, ""), useAuthWithCustomEndpoint: endpoint.startsWith("https:") } : {}),
    retryOptions: { ...retryOptions, idempotencyStrategy: IdempotencyStrategy.RetryAlways },
  });
}

/** "gs://bucket/a/b" -> {bucket, name}; undefined for anything else. */
export function parseGsUrl(url: string): { bucket: string; name: string } | undefined {
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(url);
  return m ? { bucket: m[1] as string, name: m[2] as string } : undefined;
}

/** The HTTP status of a failed storage call (ApiError.code), if any. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}
