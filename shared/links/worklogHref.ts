import { posix } from "node:path";
import { indexBaseName, latestBaseName, worklogBaseName } from "../adapters/worklogPaths.js";
import type { TimeWindow } from "../worklog/worklog.js";

/**
 * Links between a service's worklog pages. They are relative (`../../../latest.html`), so they work
 * from an authenticated bucket URL, a local folder and offline alike, and never name the bucket.
 */
export type Page = { kind: "dated"; window: TimeWindow } | { kind: "latest" } | { kind: "index" };

/** The page's object name under the prefix, without extension. */
export function pageBase(service: string, page: Page): string {
  switch (page.kind) {
    case "dated":
      return worklogBaseName(service, page.window);
    case "latest":
      return latestBaseName(service);
    case "index":
      return indexBaseName(service);
  }
}

/** The relative link from one page to another page's file with this extension. */
export function pageHref(service: string, from: Page, to: Page, ext: "html" | "md" | "json"): string {
  const a = pageBase(service, from);
  const b = pageBase(service, to);
  return `${posix.relative(posix.dirname(a), b)}.${ext}`;
}
