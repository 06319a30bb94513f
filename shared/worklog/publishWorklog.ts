import type { StoredWorklog, WorklogStore } from "../gardener/ports.js";
import { nextSteps } from "./nextSteps.js";
import { renderHtml } from "./renderHtml.js";
import { renderIndexHtml } from "./renderIndexHtml.js";
import { renderMarkdown } from "./renderMarkdown.js";
import { verdictOf } from "./verdict.js";
import { indexRowOf, parseIndex, updateIndex } from "./worklogIndex.js";
import type { WorklogJson } from "./worklog.js";

/**
 * Writes one window's worklog in every form: JSON, Markdown and HTML (dated, and latest when it is the
 * newest), then, when it is the newest, the previous window's page again with its link to this one,
 * and the service's index. Next steps are decided here, with the previous worklog at hand, so all forms carry the same.
 *
 * The index is read, updated and written without a precondition: only the pass that won the state
 * race gets here (runGardener checks first), and a lost update would be repaired by the next pass's row.
 */
export async function publishWorklog(
  store: WorklogStore,
  worklog: WorklogJson,
  options: { latest: boolean; previous?: WorklogJson; progress?: (m: string) => void },
): Promise<{ stored: StoredWorklog; json: WorklogJson }> {
  const steps = nextSteps(worklog, options.previous);
  const json: WorklogJson = steps.length ? { ...worklog, nextSteps: steps } : worklog;
  const html = { dated: renderHtml(json, { page: { kind: "dated" } }), latest: renderHtml(json, { page: { kind: "latest" } }) };
  const stored = await store.put(json.service, json.window, { markdown: renderMarkdown(json), json, html }, { latest: options.latest });
  // A backfill (not the newest) gets its index row but leaves the previous page's "next" link alone.
  const prev = options.previous;
  if (options.latest && prev && prev.service === json.service && Date.parse(prev.window.end) <= Date.parse(json.window.start)) {
    await store.putHtml(prev.service, prev.window, renderHtml(prev, { page: { kind: "dated" }, next: json.window }));
  }
  const text = await store.getIndex(json.service);
  const parsed = text === undefined ? {} : parseIndex(text, json.service);
  if (parsed.problem) options.progress?.(`${json.service}: ${parsed.problem}; the index starts again from this pass`);
  const index = updateIndex(parsed.index, json.service, indexRowOf(json, verdictOf(json).text));
  const note = parsed.problem ? `The index was started again at this pass: ${parsed.problem}. Older worklogs are still in the bucket under their dates.` : undefined;
  await store.putIndex(json.service, { json: `${JSON.stringify(index, null, 2)}\n`, html: renderIndexHtml(index, note) });
  return { stored, json };
}
