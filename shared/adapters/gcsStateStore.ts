import type { Storage } from "@google-cloud/storage";
import type { CommitOutcome, LoadedState, StateStore } from "../gardener/ports.js";
import { emptyState, type GardenerState } from "../state/gardenerState.js";
import { UserError } from "../util/userError.js";
import { statusOf } from "./gcsClient.js";
import { safePath } from "./worklogPaths.js";
import { JSON_CONTENT_TYPE } from "./gcsWorklogStore.js";

/** A state object replaced between reading its metadata and its content is read again, this many times. */
const LOAD_ATTEMPTS = 3;

/**
 * Per-unit state as one object `<prefix>/.state/<unit key>.json` (a Cloud Run service's key is its name) (the GardenerState, with its
 * schemaVersion). The generation a pass loaded is the precondition of its commit (`ifGenerationMatch`,
 * 0 = the object must not exist yet), so of two concurrent passes only one commits; the other gets a
 * 412 and reports a conflict.
 */
export function gcsStateStore(options: { storage: Storage; bucket: string; prefix: string }): StateStore {
  const bucket = options.storage.bucket(options.bucket);
  const prefix = options.prefix.replace(/^\/+|\/+$/g, "");
  const nameOf = (unitKey: string) => `${prefix ? `${prefix}/` : ""}.state/${safePath(unitKey)}.json`;

  return {
    async load(service): Promise<LoadedState> {
      const name = nameOf(service);
      for (let attempt = 1; ; attempt++) {
        let generation: string;
        try {
          const [meta] = await bucket.file(name).getMetadata();
          generation = String(meta.generation);
        } catch (err) {
          if (statusOf(err) === 404) return { state: emptyState(service), generation: "0" };
          throw err;
        }
        let text: string;
        try {
          // Read exactly the generation whose number we hold, so state and generation agree.
          const [data] = await bucket.file(name, { generation: Number(generation) }).download();
          text = data.toString("utf8");
        } catch (err) {
          if (statusOf(err) === 404 && attempt < LOAD_ATTEMPTS) continue;
          throw err;
        }
        return { state: parseState(text, `gs://${options.bucket}/${name}`, service), generation };
      }
    },
    async commit(service, state, generation): Promise<CommitOutcome> {
      const file = bucket.file(nameOf(service));
      try {
        await file.save(`${JSON.stringify(state, null, 2)}\n`, {
          resumable: false,
          contentType: JSON_CONTENT_TYPE,
          metadata: { contentType: JSON_CONTENT_TYPE },
          preconditionOpts: { ifGenerationMatch: generation },
        });
      } catch (err) {
        if (statusOf(err) === 412) {
          return { kind: "conflict", detail: `gs://${options.bucket}/${nameOf(service)} changed since generation ${generation} was read` };
        }
        throw err;
      }
      return { kind: "committed", generation: String(file.metadata.generation) };
    },
  };
}

function parseState(text: string, where: string, service: string): GardenerState {
  let parsed: GardenerState;
  try {
    parsed = JSON.parse(text) as GardenerState;
  } catch (err) {
    throw new UserError(`state object ${where} is not JSON (${(err as Error).message}): move it away to start afresh`, { cause: err });
  }
  if (parsed?.schemaVersion !== 1) {
    throw new UserError(`state object ${where} has schemaVersion ${String(parsed?.schemaVersion)}, this gardener reads 1: move it away or upgrade`);
  }
  if (parsed.service !== service) throw new UserError(`state object ${where} belongs to service ${JSON.stringify(parsed.service)}, not ${service}`);
  return parsed;
}
