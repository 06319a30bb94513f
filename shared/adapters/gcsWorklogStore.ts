import type { Storage } from "@google-cloud/storage";
import type { StoredWorklog, WorklogStore } from "../gardener/ports.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import { parseGsUrl, statusOf } from "./gcsClient.js";
import { latestBaseName, worklogBaseName } from "./worklogPaths.js";

export const MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";
export const JSON_CONTENT_TYPE = "application/json";

/**
 * Worklogs as objects `<prefix>/<service>/<YYYY>/<MM>/<DD>/<HHMM>Z.{md,json}` (named by the window
 * end, so a retried window overwrites the same objects) plus `<prefix>/<service>/latest.{md,json}`.
 * The dated objects are written before `latest`, so `latest` never points ahead of what exists.
 */
export function gcsWorklogStore(options: { storage: Storage; bucket: string; prefix: string }): WorklogStore {
  const bucket = options.storage.bucket(options.bucket);
  const prefix = options.prefix.replace(/^\/+|\/+$/g, "");
  const objectName = (base: string) => (prefix ? `${prefix}/${base}` : base);
  const gs = (name: string) => `gs://${options.bucket}/${name}`;
  const locate = (service: string, window: TimeWindow): StoredWorklog => {
    const name = objectName(worklogBaseName(service, window));
    return { location: gs(`${name}.md`), jsonLocation: gs(`${name}.json`) };
  };
  const save = (name: string, content: string, contentType: string) =>
    bucket.file(name).save(content, { resumable: false, contentType, metadata: { contentType } });

  return {
    locate,
    async put(service, window, files, putOptions) {
      const dated = objectName(worklogBaseName(service, window));
      const latest = objectName(latestBaseName(service));
      const json = `${JSON.stringify(files.json, null, 2)}\n`;
      await save(`${dated}.json`, json, JSON_CONTENT_TYPE);
      await save(`${dated}.md`, files.markdown, MARKDOWN_CONTENT_TYPE);
      if (putOptions?.latest === false) return locate(service, window);
      await save(`${latest}.json`, json, JSON_CONTENT_TYPE);
      await save(`${latest}.md`, files.markdown, MARKDOWN_CONTENT_TYPE);
      return locate(service, window);
    },
    async getJson(jsonLocation) {
      const at = parseGsUrl(jsonLocation);
      if (!at) return undefined;
      try {
        const [data] = await options.storage.bucket(at.bucket).file(at.name).download();
        return JSON.parse(data.toString("utf8")) as WorklogJson;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
  };
}
