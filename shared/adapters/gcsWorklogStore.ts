import type { Storage } from "@google-cloud/storage";
import type { StoredWorklog, WorklogStore } from "../gardener/ports.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import { parseGsUrl, statusOf } from "./gcsClient.js";
import { indexBaseName, latestBaseName, worklogBaseName } from "./worklogPaths.js";

export const MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";
export const JSON_CONTENT_TYPE = "application/json";
/** The console and authenticated URLs render an object as a page only with this type. */
export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/**
 * Worklogs as objects `<prefix>/<service>/<YYYY>/<MM>/<DD>/<HHMM>Z.{md,json,html}` (named by the window
 * end, so a retried window overwrites the same objects) plus `<prefix>/<service>/latest.{md,json,html}`
 * and `<prefix>/<service>/index.{json,html}`. The dated objects are written before `latest`, so
 * `latest` never points ahead of what exists.
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
      if (files.html) await save(`${dated}.html`, files.html.dated, HTML_CONTENT_TYPE);
      const at = { ...locate(service, window), ...(files.html ? { htmlLocation: gs(`${dated}.html`) } : {}) };
      if (putOptions?.latest === false) return at;
      await save(`${latest}.json`, json, JSON_CONTENT_TYPE);
      await save(`${latest}.md`, files.markdown, MARKDOWN_CONTENT_TYPE);
      if (files.html) await save(`${latest}.html`, files.html.latest, HTML_CONTENT_TYPE);
      return at;
    },
    async getJson(jsonLocation) {
      const at = parseGsUrl(jsonLocation);
      if (!at) return undefined;
      const text = await download(options.storage, at.bucket, at.name);
      return text === undefined ? undefined : (JSON.parse(text) as WorklogJson);
    },
    async putHtml(service, window, html) {
      await save(`${objectName(worklogBaseName(service, window))}.html`, html, HTML_CONTENT_TYPE);
    },
    async getIndex(service) {
      return download(options.storage, options.bucket, `${objectName(indexBaseName(service))}.json`);
    },
    async putIndex(service, files) {
      const base = objectName(indexBaseName(service));
      await save(`${base}.json`, files.json, JSON_CONTENT_TYPE);
      await save(`${base}.html`, files.html, HTML_CONTENT_TYPE);
      return gs(`${base}.html`);
    },
  };
}

/** An object's text; undefined when it does not exist. Other failures are thrown. */
async function download(storage: Storage, bucket: string, name: string): Promise<string | undefined> {
  try {
    const [data] = await storage.bucket(bucket).file(name).download();
    return data.toString("utf8");
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}
