import { DEPLOY_KIND_WORDS } from "../analysis/deployMarker.js";
import { SEVERITIES, severityRank, type Severity } from "../entries/severity.js";
import { countsHeader } from "./countsHeader.js";
import { serviceLogsUrl, revisionsPageUrl, type LogScope } from "../links/evidenceLinks.js";
import { pageHref, type Page } from "../links/worklogHref.js";
import { duration, num, utc } from "../util/format.js";
import { contentSecurityPolicy, esc, link } from "./htmlSafe.js";
import { WORKLOG_CSS } from "./htmlStyle.js";
import { actionItem, clusterLinks, incidentCard, nextStepsList, patternSparkline } from "./renderHtmlParts.js";
import { timelineCharts } from "./renderHtmlTimeline.js";
import { latencyBars } from "./svgCharts.js";
import { scopeOf } from "./markdownLinks.js";
import { verdictOf } from "./verdict.js";
import type { TimeWindow, WorklogJson } from "./worklog.js";

/** Clusters drawn with a sparkline and their links in the table; the rest are listed (all are in the JSON). */
const MAIN_CLUSTERS = 15;
/** Clusters listed in the table at all: the page stays readable; the JSON has every one. */
const CLUSTERS_LISTED = 300;
/** Incident cards shown in full; the next ones get one line each, and the JSON has all of them. */
const INCIDENT_CARDS = 20;
const INCIDENT_LINES = 200;
/** Issue actions listed; the rest (every one in the JSON) are counted by kind. */
const ACTIONS_SHOWN = 200;
/** Routes in the requests table. */
const ROUTES_SHOWN = 30;

export interface HtmlOptions {
  /** Where this page lives: links to other pages are relative to it. */
  page: { kind: "dated" } | { kind: "latest" };
  /** The next worklog of the service, when there is one (a page rewritten by the following pass). */
  next?: TimeWindow;
}

/**
 * The worklog for people, as one self-contained HTML page: the same facts as the Markdown, with a
 * verdict at the top, next steps, a per-minute timeline, incidents as cards and every number linked
 * to the logs behind it. Inline CSS and SVG; no script, no external fetch; a strict CSP.
 */
export function renderHtml(w: WorklogJson, options: HtmlOptions): string {
  const here: Page = options.page.kind === "dated" ? { kind: "dated", window: w.window } : { kind: "latest" };
  const scope = scopeOf(w);
  const verdict = verdictOf(w);
  const byId = new Map(w.clusters.map((c) => [c.id, c]));
  const t = w.totals;
  const windowMs = Date.parse(w.window.end) - Date.parse(w.window.start);
  const href = (to: Page, ext: "html" | "md" | "json") => pageHref(w.service, here, to, ext);
  const self: Page = { kind: "dated", window: w.window };

  const nav = [
    link(href({ kind: "index" }, "html"), "All passes"),
    // A window gardened again (a retry, a re-run of the demo) has itself as its previous worklog: no link to itself.
    w.previous && w.previous.window.end !== w.window.end ? link(href({ kind: "dated", window: w.previous.window }, "html"), `← Previous (${hhmm(w.previous.window.end)})`) : "",
    options.next ? link(href({ kind: "dated", window: options.next }, "html"), `Next (${hhmm(options.next.end)}) →`) : here.kind === "latest" ? "" : link(href({ kind: "latest" }, "html"), "Latest"),
    link(href(self, "md"), "Markdown"),
    link(href(self, "json"), "JSON"),
    link(serviceLogsUrl({ ...scope, window: w.window }), "Errors in Logs Explorer"),
    revisionsPageUrl(scope) ? link(revisionsPageUrl(scope), "Cloud Run revisions") : "",
  ].filter(Boolean);

  const body: string[] = [];
  body.push(`<header><h1>${esc(w.service)} · ${esc(utc(w.window.start))} to ${esc(hhmm(w.window.end))} <span class="meta">(${esc(duration(windowMs))})</span></h1>`);
  body.push(`<nav aria-label="Worklogs">${nav.join("")}</nav>`);
  body.push(`<p class="verdict ${verdict.level}" id="verdict">${esc(verdict.text)}</p>`);
  const counted = countsHeader(w);
  body.push(`<p class="meta" id="entries">${esc(`${counted.entries} entries${counted.severities ? ` (${counted.severities})` : ""}${counted.scope ? `, ${counted.scope}` : ""}`)}${severityLine(t.inferredBySeverity) ? `; without a severity but stating one in their text: ${esc(severityLine(t.inferredBySeverity))}` : ""}. ${requestLine(w)}</p>`);
  if (counted.read) body.push(`<p class="meta" id="read"><strong>Read:</strong> ${esc(counted.read)}</p>`);
  if (counted.volume) body.push(`<p class="meta" id="volume"><strong>Volume:</strong> ${esc(counted.volume)}</p>`);
  body.push("</header>");
  if (w.notRead) body.push(`<p class="notice"><strong>Not read:</strong> ${esc(utc(w.notRead.start))} to ${esc(utc(w.notRead.end))} after the last pass, ${esc(w.notRead.reason)}.</p>`);
  if (!w.source.complete) body.push(`<p class="notice"><strong>Incomplete read.</strong> ${esc(w.source.note ?? "The source stopped before the end of the window.")} ${esc(t.countedBy === "cloud-monitoring" || t.countedBy === "log-analytics" ? "The entry counts above are the whole window's; clusters and incidents cover only what was read." : "Counts cover only what was read.")}</p>`);

  if (w.nextSteps?.length) {
    body.push(`<section id="next-steps"><h2>Next steps</h2>${nextStepsList(w.nextSteps)}</section>`);
  }

  body.push(`<section id="timeline"><h2>Timeline</h2>${timelineCharts(w)}</section>`);

  body.push(`<section id="incidents"><h2>Incidents</h2>`);
  if (!w.incidents.length) body.push(`<p>No incidents: ${esc(num(t.entries))} entries in ${esc(num(w.clusters.length))} clusters, no failures and no warnings.</p>`);
  body.push(`<div class="cards">`);
  for (const inc of w.incidents.slice(0, INCIDENT_CARDS)) body.push(incidentCard(w, inc, byId, scope));
  body.push(`</div>`);
  const rest = w.incidents.slice(INCIDENT_CARDS);
  if (rest.length) {
    const more = rest.length > INCIDENT_LINES ? `; the ${num(INCIDENT_LINES)} most urgent are listed here` : "";
    body.push(`<p>${esc(num(rest.length))} more incidents (all of them in the JSON worklog${esc(more)}):</p><ul>`);
    for (const inc of rest.slice(0, INCIDENT_LINES)) body.push(`<li><span class="badge ${esc(inc.priority)}">${esc(inc.priority)}</span> ${esc(inc.id)} ${esc(inc.title)}: ${esc(num(inc.count))} events</li>`);
    body.push(`</ul>`);
  }
  const unlisted = w.notShown?.incidents;
  if (unlisted?.count) {
    const parts = Object.entries(unlisted.byPriority).sort((a, b) => a[0].localeCompare(b[0])).map(([p, n]) => `${p} ${num(n ?? 0)}`).join(", ");
    body.push(`<p class="notice">${esc(`${num(unlisted.count)} more incidents (${parts}; ${num(unlisted.events)} events) are not listed, here or in the JSON worklog: the worklog lists the most urgent ${num(w.incidents.length)}.`)}</p>`);
  }
  body.push(`</section>`);

  if (w.resolved?.length) {
    body.push(`<section id="resolved"><h2>Resolved since the previous worklog</h2><ul>`);
    for (const r of w.resolved) body.push(`<li><span class="badge ${esc(r.priority)}">${esc(r.priority)}</span> ${esc(r.title)}: ${esc(num(r.count))} events in the previous worklog, last seen ${esc(utc(r.lastSeen))}; none in this window</li>`);
    body.push(`</ul></section>`);
  }

  if (w.requests?.total) body.push(requestsSection(w));
  body.push(deploysSection(w, scope));
  body.push(clustersSection(w, scope));
  body.push(technicalSection(w));

  body.push(`<section id="actions"><h2>Actions</h2><ul>`);
  if (!w.issues.length) body.push(`<li>No incident met the threshold for an issue.</li>`);
  for (const a of w.issues.slice(0, ACTIONS_SHOWN)) body.push(`<li>${actionItem(a)}</li>`);
  body.push(`</ul>`);
  if (w.issues.length > ACTIONS_SHOWN) {
    const byKind = new Map<string, number>();
    for (const a of w.issues.slice(ACTIONS_SHOWN)) byKind.set(a.action, (byKind.get(a.action) ?? 0) + 1);
    body.push(`<p>${esc(num(w.issues.length - ACTIONS_SHOWN))} more actions are in the JSON worklog: ${esc([...byKind].map(([k, n]) => `${num(n)} ${k}`).join(", "))}.</p>`);
  }
  body.push(`</section>`);
  body.push(`<footer>Generated ${esc(utc(w.generatedAt))} by log-gardener ${esc(w.generator.version)}. Log text is shown as text: secrets and personal data were redacted before it was written; invisible and direction-changing characters are shown as escapes such as \\u{202E}.</footer>`);

  return page(`${w.service} worklog ${utc(w.window.end)}`, body.join("\n"));
}

/** The HTML document around a body: charset, CSP, colour schemes, the stylesheet. */
export function page(title: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(WORKLOG_CSS))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>${WORKLOG_CSS}</style>`,
    "</head>",
    `<body><main>${body}</main></body>`,
    "</html>",
    "",
  ].join("\n");
}

function hhmm(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

function severityLine(counts: Partial<Record<Severity, number>>): string {
  return [...SEVERITIES]
    .sort((a, b) => severityRank(b) - severityRank(a))
    .filter((s) => counts[s])
    .map((s) => `${num(counts[s] ?? 0)} ${s}`)
    .join(", ");
}

function requestLine(w: WorklogJson): string {
  const r = w.requests;
  if (!r?.total) return "No request logs.";
  const other = r.total - r.user.total;
  const failed = r.user.byClass["5xx"];
  return esc(
    `${num(r.total)} requests${other ? ` (${num(r.user.total)} from users, ${num(other)} health checks or the gardener's own)` : ""}; ` +
      (r.user.total ? `${Math.round((failed / r.user.total) * 100)}% of user requests (${num(failed)}) failed with 5xx.` : "no user requests."),
  );
}

function ms(x: number | undefined): string {
  return x === undefined ? "–" : `${num(Math.round(x))} ms`;
}

function requestsSection(w: WorklogJson): string {
  const r = w.requests as NonNullable<WorklogJson["requests"]>;
  const routes = r.routes.slice(0, ROUTES_SHOWN);
  const maxMs = Math.max(0, ...routes.map((x) => x.latencyMs?.p95 ?? 0));
  const out = [`<section id="requests"><h2>Requests</h2><div class="table"><table><thead><tr><th>route</th><th class="hide-narrow">traffic</th><th class="n sorted">5xx share</th><th class="n">requests</th><th class="n">2xx</th><th class="n">4xx</th><th class="n">5xx</th><th>latency p50 / p95</th><th class="n">p50</th><th class="n">p95</th><th class="n hide-narrow">p99</th></tr></thead><tbody>`];
  for (const x of routes) {
    const l = x.latencyMs;
    const bars = l ? latencyBars({ p50: l.p50, p95: l.p95, maxMs, title: `${x.method} ${x.route}: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}` }) : "";
    out.push(
      `<tr><td><code>${esc(`${x.method} ${x.route}`)}</code></td><td class="hide-narrow">${esc(x.traffic)}</td><td class="n">${esc(`${Math.round(x.errorRatio5xx * 100)}%`)}</td><td class="n">${esc(num(x.count))}</td><td class="n">${esc(num(x.byClass["2xx"]?.count ?? 0))}</td><td class="n">${esc(num(x.byClass["4xx"]?.count ?? 0))}</td><td class="n">${esc(num(x.byClass["5xx"]?.count ?? 0))}</td><td>${bars}</td><td class="n">${esc(ms(l?.p50))}</td><td class="n">${esc(ms(l?.p95))}</td><td class="n hide-narrow">${esc(ms(l?.p99))}</td></tr>`,
    );
  }
  out.push(`</tbody></table></div>`);
  if (r.routes.length > ROUTES_SHOWN) out.push(`<p>${esc(num(r.routes.length - ROUTES_SHOWN))} more routes are in the JSON worklog.</p>`);
  if (r.otherRoutes) out.push(`<p>${esc(num(r.otherRoutes))} requests went to routes past the tracking bound and are counted as "(other routes)".</p>`);
  out.push(`<p class="meta">Bars: p50 (inner) and p95 (outer) on one scale up to ${esc(ms(maxMs))}. Latency percentiles are within 2% of the exact value; counts are exact.</p>`);
  const linked = r.routes.filter((x) => x.linkedClusters.length);
  if (linked.length) {
    out.push(`<p>Failed requests linked to container logs by trace:</p><ul>`);
    for (const x of linked) out.push(`<li><code>${esc(`${x.method} ${x.route}`)}</code>: ${x.linkedClusters.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(", ")}</li>`);
    out.push(`</ul>`);
  }
  out.push(`</section>`);
  return out.join("\n");
}

function deploysSection(w: WorklogJson, scope: LogScope & { location?: string }): string {
  const out = [`<section id="deploys"><h2>Deploys and revisions</h2><ul>`];
  for (const r of w.revisions) {
    const req = r.requests ? `; ${num(r.requests.total)} requests, ${num(r.requests.failed5xx)} failed with 5xx` : "";
    out.push(`<li>Revision <code>${esc(r.name)}</code>: ${esc(num(r.entries))} entries, ${esc(utc(r.firstSeen))} to ${esc(utc(r.lastSeen))}${esc(req)}</li>`);
  }
  if (!w.revisions.length) out.push(`<li>No revision seen.</li>`);
  if (w.deploys?.length) {
    for (const d of w.deploys) out.push(`<li>${esc(utc(d.time))} ${DEPLOY_KIND_WORDS[d.kind]}${d.revision ? ` (<code>${esc(d.revision)}</code>)` : ""}: ${esc(d.text)}</li>`);
  } else out.push(`<li>No deploy marker (audit activity or system_event) in the window.</li>`);
  for (const i of w.incidents.filter((x) => x.revision?.startedWith)) out.push(`<li><a href="#${esc(i.id)}">${esc(i.id)}</a> ${esc(i.revision?.reason ?? "")}</li>`);
  out.push(`</ul>`);
  const page = revisionsPageUrl(scope);
  if (page) out.push(`<p class="links">${link(page, "Revisions and traffic in the Cloud Run console")}</p>`);
  out.push(`</section>`);
  return out.join("\n");
}

function clustersSection(w: WorklogJson, scope: LogScope): string {
  const out = [`<section id="clusters"><h2>Log clusters</h2>`];
  if (!w.clusters.length) {
    out.push(`<p>No entries in this window.</p></section>`);
    return out.join("\n");
  }
  out.push(`<div class="table"><table><thead><tr><th>id</th><th class="sorted">severity</th><th class="n">count</th><th class="hide-narrow">first</th><th class="hide-narrow">last</th><th class="hide-narrow">kind</th><th>per minute</th><th>pattern</th><th>logs</th></tr></thead><tbody>`);
  w.clusters.slice(0, CLUSTERS_LISTED).forEach((c, i) => {
    const main = i < MAIN_CLUSTERS;
    out.push(
      `<tr id="${esc(c.id)}"><td>${esc(c.id)}</td><td>${esc(severityLine(c.bySeverity))}</td><td class="n">${esc(num(c.count))}</td><td class="hide-narrow">${esc(c.firstSeen.slice(11, 19))}</td><td class="hide-narrow">${esc(c.lastSeen.slice(11, 19))}</td><td class="hide-narrow">${esc(c.kind)}${c.exceptionType ? ` <code>${esc(c.exceptionType)}</code>` : ""}</td>` +
        `<td>${main ? patternSparkline(w, [c]) : ""}</td><td><code>${esc(c.template)}</code>${c.meaning ? `<br><span class="meta">${esc(c.meaning)}</span>` : ""}</td><td>${clusterLinks(c, scope)}</td></tr>`,
    );
  });
  out.push(`</tbody></table></div>`);
  if (w.clusters.length > CLUSTERS_LISTED) out.push(`<p>${esc(num(w.clusters.length - CLUSTERS_LISTED))} more clusters are in the JSON worklog.</p>`);
  const gone = w.notShown?.clusters;
  if (gone?.count) {
    out.push(`<p class="notice">${esc(`${num(gone.count)} more clusters (${num(gone.events)} events: ${severityLine(gone.bySeverity)}) are in neither: the worklog lists the ${num(w.clusters.length)} most severe and frequent.`)}</p>`);
  }
  const sampled = w.clusters.slice(0, MAIN_CLUSTERS).filter((c) => c.samples[0]);
  if (sampled.length) {
    out.push(`<details><summary>Samples of the main clusters (redacted)</summary>`);
    for (const c of sampled) out.push(`<h3>${esc(c.id)} · fingerprint <code>${esc(c.fingerprint)}</code></h3><pre><code>${esc(c.samples[0])}</code></pre>`);
    out.push(`</details>`);
  }
  out.push(`</section>`);
  return out.join("\n");
}

function technicalSection(w: WorklogJson): string {
  const t = w.totals;
  const items: string[] = [];
  if (w.project) items.push(`<li><strong>Project:</strong> ${esc(w.project)}</li>`);
  items.push(`<li><strong>Service:</strong> ${esc(w.service)}</li>`);
  if (w.location) items.push(`<li><strong>Location:</strong> ${esc(w.location)}</li>`);
  items.push(`<li><strong>Source:</strong> ${esc(w.source.description)} (${w.source.complete ? "read completely" : "read incompletely"})</li>`);
  items.push(`<li><strong>Events:</strong> ${esc(num(t.events))} (entries after stitching)</li>`);
  if (t.stitching?.stitchedEvents) {
    const kinds = Object.entries(t.stitching.byKind).map(([k, n]) => `${k} ${num(n)}`).join(", ");
    items.push(`<li><strong>Stitched:</strong> ${esc(`${num(t.stitching.stitchedEntries)} entries into ${num(t.stitching.stitchedEvents)} events (${kinds})`)}</li>`);
  }
  const skipped = Object.entries(t.skipped).filter(([, n]) => n);
  items.push(`<li><strong>Skipped input entries:</strong> ${esc(skipped.length ? skipped.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none")}</li>`);
  const drops = Object.entries(t.clusteringDrops).filter(([, n]) => n);
  items.push(`<li><strong>Clustering limits hit:</strong> ${esc(drops.length ? drops.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none")}</li>`);
  if (w.timeline?.droppedEntries) items.push(`<li><strong>Timeline:</strong> ${esc(num(w.timeline.droppedEntries))} entries past the timeline's bound are not drawn (counted above)</li>`);
  if (w.previous) items.push(`<li><strong>Previous worklog:</strong> ${esc(w.previous.location)}${w.previous.note ? `; not compared: ${esc(w.previous.note)}` : ""}</li>`);
  return `<section id="technical"><h2>Technical details</h2><ul>${items.join("")}</ul></section>`;
}
