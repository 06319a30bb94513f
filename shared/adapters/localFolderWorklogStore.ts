import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { StoredWorklog, WorklogStore } from "../gardener/ports.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import { indexBaseName, latestBaseName, worklogBaseName } from "./worklogPaths.js";

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
      const at: StoredWorklog = locate(service, window);
      const json = `${JSON.stringify(files.json, null, 2)}\n`;
      const latest = join(base, latestBaseName(service));
      await writeAtomic(at.location, files.markdown);
      await writeAtomic(at.jsonLocation, json);
      if (files.html) {
        at.htmlLocation = `${join(base, worklogBaseName(service, window))}.html`;
        await writeAtomic(at.htmlLocation, files.html.dated);
      }
      if (options?.latest === false) return at;
      await writeAtomic(`${latest}.md`, files.markdown);
      await writeAtomic(`${latest}.json`, json);
      if (files.html) await writeAtomic(`${latest}.html`, files.html.latest);
      return at;
    },
    async getJson(jsonLocation) {
      const text = await readIfThere(jsonLocation);
      return text === undefined ? undefined : (JSON.parse(text) as WorklogJson);
    },
    async putHtml(service, window, html) {
      await writeAtomic(`${join(base, worklogBaseName(service, window))}.html`, html);
    },
    async getIndex(service) {
      return readIfThere(`${join(base, indexBaseName(service))}.json`);
    },
    async putIndex(service, files) {
      const name = join(base, indexBaseName(service));
      await writeAtomic(`${name}.json`, files.json);
      await writeAtomic(`${name}.html`, files.html);
      return `${name}.html`;
    },
  };
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per write: two passes in one process (or one millisecond) must not share a temp file.
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
