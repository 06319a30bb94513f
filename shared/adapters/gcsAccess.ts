import type { Storage } from "@google-cloud/storage";
import { callingGoogle, environmentError, type ApiContext } from "./environmentError.js";

/**
 * Before a pass reads anything: one listing of the bucket under the prefix (needs storage.objects.list,
 * which roles/storage.objectUser grants), so an unknown bucket, a missing permission, a disabled API or
 * no network is said in one line before the export is read, not after.
 */
export async function checkBucket(storage: Storage, bucket: string, prefix: string, api: ApiContext): Promise<void> {
  await callingGoogle(api, () => storage.bucket(bucket).getFiles({ prefix: prefix ? `${prefix}/` : "", maxResults: 1, autoPaginate: false }));
}

/**
 * The same store, with every call's environment failures (credentials, permission, API, bucket,
 * network) said in one line with the fix; other failures pass through unchanged. Methods added to the
 * store later are covered too.
 */
export function guardedStore<T extends object>(store: T, api: ApiContext): T {
  const guarded = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(store)) {
    guarded[name] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            const result: unknown = (value as (...a: unknown[]) => unknown).apply(store, args);
            return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(environmentError(err, api) ?? err)) : result;
          }
        : value;
  }
  return guarded as T;
}
