import { pageHref } from "../links/worklogHref.js";
import { num } from "../util/format.js";
import { esc, link } from "./htmlSafe.js";
import { page } from "./renderHtml.js";
import type { WorklogIndex } from "./worklogIndex.js";

/**
 * `<service>/index.html`: the passes of the last seven days, one row per pass (hourly: one per hour),
 * with its counts and worst priority, each linking to its worklog. Days are grouped under headings.
 */
export function renderIndexHtml(index: WorklogIndex, note?: string): string {
  const from = { kind: "index" } as const;
  const body: string[] = [];
  body.push(`<header><h1>${esc(index.service)} · worklogs of the last 7 days</h1>`);
  body.push(`<nav aria-label="Worklogs">${link(pageHref(index.service, from, { kind: "latest" }, "html"), "Latest worklog")}</nav></header>`);
  if (note) body.push(`<p class="notice">${esc(note)}</p>`);
  if (!index.rows.length) body.push(`<p>No passes yet.</p>`);
  let day = "";
  let open = false;
  for (const r of index.rows) {
    const d = r.window.end.slice(0, 10);
    if (d !== day) {
      if (open) body.push(`</tbody></table></div></section>`);
      day = d;
      open = true;
      body.push(`<section><h2>${esc(d)}</h2><div class="table"><table><thead><tr><th>window (UTC)</th><th>worst</th><th class="n">entries</th><th class="n">errors</th><th class="n">warnings</th><th>incidents</th><th class="hide-narrow">verdict</th></tr></thead><tbody>`);
    }
    const href = pageHref(index.service, from, { kind: "dated", window: r.window }, "html");
    const incidents = (["P0", "P1", "P2", "P3"] as const).filter((p) => r.incidents[p]).map((p) => `${r.incidents[p]} ${p}`).join(", ") || "none";
    body.push(
      `<tr class="pass"><td>${link(href, `${r.window.start.slice(11, 16)}–${r.window.end.slice(11, 16)}`)}${r.complete ? "" : " (incomplete read)"}</td>` +
        `<td>${r.worst ? `<span class="badge ${esc(r.worst)}">${esc(r.worst)}</span>` : "–"}</td><td class="n">${esc(num(r.entries))}</td><td class="n">${esc(num(r.errors))}</td><td class="n">${esc(num(r.warnings))}</td><td>${esc(incidents)}</td><td class="hide-narrow">${esc(r.verdict ?? "")}</td></tr>`,
    );
  }
  if (open) body.push(`</tbody></table></div></section>`);
  body.push(`<footer>Rewritten by every pass of log-gardener; index.json beside this page has the same rows.</footer>`);
  return page(`${index.service} worklogs`, body.join("\n"));
}
