import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { CommitOutcome, LoadedState, StateStore } from "../gardener/ports.js";
import { emptyState, type GardenerState } from "../state/gardenerState.js";
import { UserError } from "../util/userError.js";
import { writeAtomic } from "./localFolderWorklogStore.js";
import { safePath } from "./worklogPaths.js";

/** A lock older than this was left by a pass that died mid-commit (a commit takes milliseconds). */
const STALE_LOCK_MS = 60_000;

async function takeLock(lock: string) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await open(lock, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (await stat(lock)).mtimeMs;
      if (age < STALE_LOCK_MS) return undefined;
      await unlink(lock);
    }
  }
  return undefined;
}

interface StateFile {
  generation: number;
  state: GardenerState;
}

/**
 * Per-unit state as `<root>/.state/<unit key>.json` (a Cloud Run service's key is its name), committed with a generation precondition like
 * the GCS store: an exclusive lock file makes check-and-write atomic between processes, and a commit
 * against a stale generation is refused, so two concurrent passes cannot both commit.
 */
export function localFolderStateStore(root: string): StateStore {
  const dir = join(resolve(root), ".state");
  const pathOf = (unitKey: string) => join(dir, `${safePath(unitKey)}.json`);

  async function read(service: string): Promise<StateFile | undefined> {
    const path = pathOf(service);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as StateFile;
      if (parsed.state?.schemaVersion !== 1) throw new Error(`schemaVersion ${String(parsed.state?.schemaVersion)}`);
      return parsed;
    } catch (err) {
      throw new UserError(`state file ${path} is not a log-gardener state (${(err as Error).message}): move it away to start afresh`, { cause: err });
    }
  }

  return {
    async load(service): Promise<LoadedState> {
      const f = await read(service);
      return f ? { state: f.state, generation: String(f.generation) } : { state: emptyState(service), generation: "0" };
    },
    async commit(service, state, generation): Promise<CommitOutcome> {
      const path = pathOf(service);
      const lock = `${path}.lock`;
      await mkdir(dirname(path), { recursive: true });
      const handle = await takeLock(lock);
      if (!handle) return { kind: "conflict", detail: `another pass holds ${lock}` };
      try {
        const current = await read(service);
        const currentGen = String(current?.generation ?? 0);
        if (currentGen !== generation) return { kind: "conflict", detail: `state generation is ${currentGen}, this pass read ${generation}` };
        const next = Number(generation) + 1;
        await writeAtomic(path, `${JSON.stringify({ generation: next, state }, null, 2)}\n`);
        return { kind: "committed", generation: String(next) };
      } finally {
        await handle.close();
        await unlink(lock);
      }
    },
  };
}
