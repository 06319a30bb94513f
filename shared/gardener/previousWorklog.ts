import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import type { WorklogStore } from "./ports.js";

/**
 * Worklogs walked back from the service's last one to find the one before a window (a re-run or a
 * back-fill). A day of hourly passes; past it the back-fill is reported as not compared.
 */
export const MAX_PREVIOUS_HOPS = 24;

/** The worklog a window's trends are computed against, where it is, or why there is none. */
export interface PreviousWorklog {
  previous?: WorklogJson;
  /** The worklog compared with (or, when none could be, the last one and the note saying why). */
  at?: { location: string; window: TimeWindow };
  note?: string;
}

/**
 * The worklog of the window immediately before `window`: the one that ends where this one starts, or
 * else the newest earlier one. Never this window itself (a re-run) nor a later one (a back-fill): the
 * last worklog is then walked back through each worklog's own `previous` link. A worklog that is gone or
 * unreadable does not stop the pass (it would stop every later pass too): the note says that trends
 * were left out and why.
 */
export async function findPreviousWorklog(
  worklogs: Pick<WorklogStore, "locate" | "getJson">,
  service: string,
  window: TimeWindow,
  last: { location: string; jsonLocation: string; window: TimeWindow } | undefined,
): Promise<PreviousWorklog> {
  const startMs = Date.parse(window.start);
  const read = async (jsonLocation: string): Promise<{ json?: WorklogJson; note?: string }> => {
    let json: WorklogJson | undefined;
    try {
      json = await worklogs.getJson(jsonLocation);
    } catch (err) {
      return { note: `the previous worklog ${jsonLocation} could not be read (${(err as Error).message})` };
    }
    if (!json) return { note: `the previous worklog ${jsonLocation} is no longer in the store` };
    if (json.schemaVersion !== 1 || json.service !== service || !Array.isArray(json.incidents) || !Array.isArray(json.clusters) || !json.window) {
      return { note: `the previous worklog ${jsonLocation} is not a schemaVersion 1 worklog of ${service}` };
    }
    return { json };
  };

  // The window that ends where this one starts (worklogs are named by their window's end).
  const adjacent = worklogs.locate(service, { start: window.start, end: window.start });
  if (last?.jsonLocation !== adjacent.jsonLocation) {
    const found = await read(adjacent.jsonLocation);
    if (found.json && Date.parse(found.json.window.end) === startMs) return { previous: found.json, at: { location: adjacent.location, window: found.json.window } };
  }
  if (!last) return {};

  let cursor: { location: string; jsonLocation: string; window: TimeWindow } | undefined = last;
  for (let hops = 0; cursor && hops <= MAX_PREVIOUS_HOPS; hops++) {
    if (Date.parse(cursor.window.end) <= startMs) {
      const found = await read(cursor.jsonLocation);
      return found.json ? { previous: found.json, at: { location: cursor.location, window: found.json.window } } : { at: { location: cursor.location, window: cursor.window }, note: found.note as string };
    }
    const found = await read(cursor.jsonLocation);
    const before: WorklogJson["previous"] = found.json?.previous;
    cursor = before ? { location: before.location, jsonLocation: worklogs.locate(service, before.window).jsonLocation, window: before.window } : undefined;
  }
  const same = last.window.start === window.start && last.window.end === window.end;
  return {
    at: { location: last.location, window: last.window },
    note: `${same ? "the last worklog is of this same window (a re-run)" : `the last worklog (${last.window.start} to ${last.window.end}) is of a later window (this is a back-fill)`}, and no earlier one was found to compare with`,
  };
}
