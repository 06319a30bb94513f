import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { StoredWorklog, WorklogStore } from "../gardener/ports.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import { latestBaseName, worklogBaseName } from "./worklogPaths.js";

/** Worklogs in a local folder, in the same layout as the bucket. Writes are atomic (temp file + rename). */
export function localFolderWorklogStore(root: string): WorklogStore {
  const base = resolve(root);
  const locate = (service: string, window: TimeWindow): StoredWorklog => {
    const name = join(base, worklogBaseName(service, window));
    return { location: `${name}.md`, jsonLocation: `${name}.json` };
  };
  return {
    locate,
    async put(service, window, files, options) {
      const at = locate(service, window);
      const json = `${JSON.stringify(files.json, null, 2)}\n`;
      const latest = join(base, latestBaseName(service));
      await writeAtomic(at.location, files.markdown);
      await writeAtomic(at.jsonLocation, json);
      if (options?.latest === false) return at;
      await writeAtomic(`${latest}.md`, files.markdown);
      await writeAtomic(`${latest}.json`, json);
      return at;
    },
    async getJson(jsonLocation) {
      try {
        return JSON.parse(await readFile(jsonLocation, "utf8")) as WorklogJson;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
  };
}

export async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per write: two passes in one process (or one millisecond) must not share a temp file.
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
