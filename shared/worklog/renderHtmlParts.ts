import type { IssueOutcome } from "../issues/issueOutcome.js";
import {
  errorGroupOf,
  errorReportingUrl,
  githubIssueUrl,
  incidentLogsUrl,
  patternLogsUrl,
  revisionsPageUrl,
  traceUrl,
  type LogScope,
  type PatternScope,
} from "../links/evidenceLinks.js";
import { num, utc } from "../util/format.js";
import { esc, link } from "./htmlSafe.js";
import type { NextStep } from "./nextSteps.js";
import { sparkline } from "./svgCharts.js";
import type { WorklogCluster, WorklogIncident, WorklogJson } from "./worklog.js";

/** Points a sparkline is drawn with at most (a long window is summed into wider steps). */
const SPARK_POINTS = 120;
/** Symptoms listed on a card; the rest are in the clusters table. */
const CARD_SYMPTOMS = 12;

/** What the links module needs to know about a pattern. */
export function patternScope(c: WorklogCluster): PatternScope {
  return {
    kind: c.kind,
    template: c.template,
    ...(c.exceptionType ? { exceptionType: c.exceptionType } : {}),
    ...(c.samples[0] ? { sample: c.samples[0] } : {}),
    revisions: Object.keys(c.revisions),
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
  };
}

/** Events per minute of some patterns over the window, as a sparkline with its peak in words. */
export function patternSparkline(w: WorklogJson, clusters: readonly WorklogCluster[]): string {
  const startMs = Math.floor(Date.parse(w.window.start) / 60_000) * 60_000;
  const minutes = Math.max(1, Math.ceil((Date.parse(w.window.end) - startMs) / 60_000));
  const step = Math.ceil(minutes / SPARK_POINTS);
  const values = new Array<number>(Math.ceil(minutes / step)).fill(0);
  for (const c of clusters) {
    for (const [at, n] of c.timeline) {
      const i = Math.floor((Date.parse(at) - startMs) / 60_000 / step);
      if (i >= 0 && i < values.length) values[i] = (values[i] as number) + n;
    }
  }
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? 0)) best = i;
  });
  const peakAt = new Date(startMs + best * step * 60_000).toISOString().slice(11, 16);
  const unit = step === 1 ? "minute" : `${step} minutes`;
  const title = `Events per ${unit}: ${num(values.reduce((a, b) => a + b, 0))} in all, at most ${num(values[best] ?? 0)} (${peakAt} UTC)`;
  const failing = clusters.some((c) => Object.keys(c.bySeverity).some((s) => ["ERROR", "CRITICAL", "ALERT", "EMERGENCY", "WARNING"].includes(s)));
  return sparkline({ values, title, cls: failing ? "" : "quiet" });
}

/** Logs Explorer for the pattern; Error Reporting and Cloud Trace when the pattern carries their ids. */
export function clusterLinks(c: WorklogCluster, scope: LogScope): string {
  const out = [link(patternLogsUrl(scope, patternScope(c)), "Logs")];
  const group = errorGroupOf(c.aliases);
  if (group) out.push(link(errorReportingUrl(scope, group), "Error Reporting"));
  const trace = c.traces?.[0];
  const t = trace ? traceUrl(scope, trace) : undefined;
  if (t) out.push(link(t, "Trace"));
  return `<span class="links">${out.join("")}</span>`;
}

function issueOf(w: WorklogJson, fingerprint: string): IssueOutcome | undefined {
  return w.issues.find((i) => i.fingerprint === fingerprint);
}

function issueLink(a: IssueOutcome | undefined): string {
  if (!a || !("number" in a) || !a.number) return "";
  const url = "url" in a ? githubIssueUrl(a.url) : undefined;
  return link(url, `GitHub issue #${a.number}`);
}

export function incidentCard(w: WorklogJson, inc: WorklogIncident, byId: Map<string, WorklogCluster>, scope: LogScope & { location?: string }): string {
  const root = byId.get(inc.rootCause);
  const clusters = inc.clusters.map((id) => byId.get(id)).filter((c): c is WorklogCluster => !!c);
  const links = [link(incidentLogsUrl(scope, clusters.map(patternScope), inc), "Logs for this incident")];
  if (root) {
    const group = errorGroupOf(root.aliases);
    if (group) links.push(link(errorReportingUrl(scope, group), "Error Reporting"));
  }
  const trace = clusters.flatMap((c) => c.traces ?? [])[0];
  const t = trace ? traceUrl(scope, trace) : undefined;
  if (t) links.push(link(t, "A trace"));
  if (inc.revision) links.push(link(revisionsPageUrl(scope), `Revision ${inc.revision.name}`));
  const issue = issueLink(issueOf(w, inc.fingerprint));
  if (issue) links.push(issue);

  const rows: string[] = [];
  const dd = (k: string, v: string) => v && rows.push(`<dt>${esc(k)}</dt><dd>${v}</dd>`);
  dd("When", esc(`${num(inc.count)} events in ${inc.clusters.length} pattern${inc.clusters.length === 1 ? "" : "s"}, ${utc(inc.firstSeen)} to ${utc(inc.lastSeen)}`) + ` ${patternSparkline(w, clusters)}`);
  dd("Impact", esc(impactLine(inc)));
  if (root) {
    const exc = inc.rootCauseException ? `<br>original exception: <code>${esc(`${inc.rootCauseException.type}: ${inc.rootCauseException.message}`)}</code>` : "";
    dd("Root cause", `<a href="#${esc(root.id)}">${esc(root.id)}</a> <code>${esc(root.template)}</code>${exc}`);
  }
  if (inc.revision) dd("Revision", esc(inc.revision.reason));
  if (inc.trend) dd("Trend", esc(inc.trend.reason));
  dd("Priority", `<ul>${inc.priorityReasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>`);
  const rootWhy = inc.evidence.filter((e) => e.startsWith(`${inc.rootCause} is the root cause`));
  if (rootWhy.length) dd("Evidence", `<ul>${rootWhy.map((e) => `<li>${esc(e)}</li>`).join("")}</ul>`);
  dd("Fingerprint", `<code>${esc(inc.fingerprint)}</code>`);

  const symptoms = inc.symptoms ?? inc.clusters.filter((id) => id !== inc.rootCause).map((id) => ({ cluster: id, why: [] as string[] }));
  const symptomRows = symptoms.slice(0, CARD_SYMPTOMS).map((s) => {
    const c = byId.get(s.cluster);
    return `<tr><td><a href="#${esc(s.cluster)}">${esc(s.cluster)}</a></td><td class="n">${esc(num(c?.count ?? 0))}</td><td><code>${esc(c?.meaning ?? c?.template ?? "")}</code></td><td>${esc(s.why.join("; "))}</td></tr>`;
  });
  const more = symptoms.length > CARD_SYMPTOMS ? `<p>${esc(num(symptoms.length - CARD_SYMPTOMS))} more symptoms in the clusters table.</p>` : "";
  const sample = root?.samples[0] ? `<details><summary>Sample (redacted)</summary><pre><code>${esc(root.samples[0])}</code></pre></details>` : "";
  return [
    `<article class="card ${esc(inc.priority)}" id="${esc(inc.id)}">`,
    `<header><span class="badge ${esc(inc.priority)}">${esc(inc.priority)}</span><h3>${esc(inc.id)} ${esc(inc.title)}</h3></header>`,
    `<p class="links">${links.join("")}</p>`,
    `<dl>${rows.join("")}</dl>`,
    symptomRows.length ? `<details open><summary>Symptoms (${esc(num(symptoms.length))})</summary><div class="table"><table class="stack"><thead><tr><th>id</th><th class="n">count</th><th>pattern</th><th>why it belongs here</th></tr></thead><tbody>${symptomRows.join("")}</tbody></table></div>${more}</details>` : "",
    sample,
    `</article>`,
  ].join("\n");
}

function impactLine(inc: WorklogIncident): string {
  const f = inc.facts;
  if (!f) return "";
  const parts: string[] = [];
  if (f.userRequestsInSpan && (f.failedRequests || f.failedHealthChecks)) parts.push(`${num(Math.min(f.failedRequests, f.failedUserRequestsInSpan))} of ${num(f.userRequestsInSpan)} user requests failed with 5xx in its patterns while it lasted`);
  if (f.failedHealthChecks) parts.push(`${num(f.failedHealthChecks)} failed health checks`);
  if (f.containerExits) parts.push(`${num(f.containerExits)} container exits`);
  if (f.failedStarts) parts.push(`${num(f.failedStarts)} instances not started`);
  if (f.workerDeaths) parts.push(`${num(f.workerDeaths)} worker deaths`);
  if (f.errors) parts.push(`${num(f.errors)} error events`);
  if (inc.slowRoute) parts.push(`${inc.slowRoute.route} p95 ${num(Math.round(inc.slowRoute.p95Ms))} ms over ${num(inc.slowRoute.requests)} requests`);
  if (f.instances) parts.push(`on ${num(f.instances)} instance${f.instances === 1 ? "" : "s"}`);
  return parts.join("; ");
}

export function nextStepsList(steps: readonly NextStep[]): string {
  const items = steps.map(
    (s) => `<li class="step ${esc(s.kind)}"><p><a href="#${esc(s.incident)}">${esc(s.incident)}</a>: ${esc(s.fact)}</p><pre><code>${esc(s.commands.join("\n"))}</code></pre></li>`,
  );
  return `<ol class="steps">${items.join("")}</ol>`;
}

export function actionItem(a: IssueOutcome): string {
  const fp = ` (fingerprint <code>${esc(a.fingerprint)}</code>)`;
  const num_ = (n: number | undefined, url?: string) => (n ? link(githubIssueUrl(url), `#${n}`) : "");
  switch (a.action) {
    case "created":
      return `Created issue ${num_(a.number, a.url)}: ${esc(a.title)}${fp}`;
    case "commented":
      return `${a.comment === "new" ? "Posted a new status comment on" : "Updated the status comment on"} issue ${num_(a.number, a.url)}${a.reason ? ` (${esc(a.reason)})` : ""}${fp}`;
    case "reopened":
      return `Reopened issue ${num_(a.number, a.url)} as regressed${a.reason ? ` (${esc(a.reason)})` : ""}${fp}`;
    case "planned":
      return `Planned, not done: ${esc(a.plan)}${a.number ? ` #${a.number}` : ""} “${esc(a.title)}” (${esc(a.reason)})${fp}`;
    case "skipped":
      return `Skipped${a.number ? ` #${a.number}` : ""}: ${esc(a.reason)}${fp}`;
    case "deferred":
      return `Deferred to the next pass: ${esc(a.reason)}${fp}`;
    case "failed":
      return `Failed${a.number ? ` on #${a.number}` : ""}, will retry next pass: ${esc(a.reason)}${fp}`;
  }
}
