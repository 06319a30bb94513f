import { DEPLOY_KIND_WORDS } from "../analysis/deployMarker.js";
import { SEVERITIES, severityRank, type Severity } from "../entries/severity.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { duration, num, utc } from "../util/format.js";
import { countsHeader } from "./countsHeader.js";
import { codeBlock, codeSpan, plainText } from "./markdownSafe.js";
import { KIND_LABEL } from "../resources/gardenedUnit.js";
import type { WorklogCluster, WorklogIncident, WorklogJson } from "./worklog.js";
import { clusterLogsLine, incidentLinksLine, nextStepsSection } from "./markdownLinks.js";
import { verdictOf } from "./verdict.js";

/** Clusters shown in full detail; the rest are in the table (and all of them in the JSON). */
const DETAILED_CLUSTERS = 15;
/** Incidents shown in full (most urgent first); the rest get one line each. */
const DETAILED_INCIDENTS = 20;
/** Incidents in the executive summary: what a person reads first has to fit on a screen. */
const SUMMARY_INCIDENTS = 25;
/** Rows of the cluster table (most severe and frequent first); the rest are in the JSON worklog. */
const TABLE_CLUSTERS = 100;
/** Planned, deferred or skipped issue actions listed; actions done on GitHub are always listed. */
const LISTED_ACTIONS = 50;

/** The worklog for people, in the shape engineers write by hand, every number measured. */
export function renderMarkdown(w: WorklogJson): string {
  const out: string[] = [];
  const t = w.totals;
  const windowMs = Date.parse(w.window.end) - Date.parse(w.window.start);
  const name = w.unit?.name ?? w.service;
  out.push(`# Log Gardener Worklog: ${plainText(name)}`, "");
  out.push(`**${plainText(verdictOf(w).text)}**`, "");
  out.push(`**Service:** ${plainText(name)}${unitNote(w)}  `);
  out.push(`**Window:** ${utc(w.window.start)} to ${utc(w.window.end)} (${duration(windowMs)})  `);
  const counted = countsHeader(w);
  out.push(`**Entries:** ${plainText(`${counted.entries}${counted.severities ? ` (${counted.severities})` : ""}${counted.scope ? `, ${counted.scope}` : ""}`)}  `);
  if (counted.read) out.push(`**Read:** ${plainText(counted.read)}  `);
  if (counted.volume) out.push(`**Volume:** ${plainText(counted.volume)}  `);
  const other = Object.entries(t.otherResources ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (other.length) {
    const n = other.reduce((sum, [, c]) => sum + c, 0);
    out.push(`**Not gardened:** ${num(n)} ${n === 1 ? "entry" : "entries"} of other resources: ${other.map(([type, c]) => `${plainText(type)} ${num(c)}`).join(", ")}  `);
  }
  const inferred = severityLine(t.inferredBySeverity);
  if (inferred) out.push(`**Severity stated in the text of entries without one:** ${inferred}  `);
  out.push(`**Generated:** ${utc(w.generatedAt)} by log-gardener ${w.generator.version}  `);
  if (w.previous) {
    const note = w.previous.note ? `; not compared: ${plainText(w.previous.note)}` : "";
    out.push(`**Previous worklog:** ${plainText(w.previous.location)} (${utc(w.previous.window.start)} to ${utc(w.previous.window.end)})${note}  `);
  }
  out.push("");
  if (w.notRead) {
    out.push(`> **Not read:** ${utc(w.notRead.start)} to ${utc(w.notRead.end)} (${duration(Date.parse(w.notRead.end) - Date.parse(w.notRead.start))}) after the last pass, ${plainText(w.notRead.reason)}.`, "");
  }
  if (!w.source.complete) {
    const scope = t.countedBy === "cloud-monitoring" || t.countedBy === "log-analytics" ? "The entry counts above are the whole window's; clusters and incidents below" : "Counts below";
    out.push(`> **Incomplete read.** ${plainText(w.source.note ?? "The source stopped before the end of the window.")} ${scope} cover only what was read.`, "");
  }

  out.push("## Executive summary", "");
  out.push(...summary(w), "");
  out.push(...nextStepsSection(w.nextSteps));

  if (w.incidents.length) {
    out.push("## Incidents", "");
    const byId = new Map(w.clusters.map((c) => [c.id, c]));
    for (const inc of w.incidents.slice(0, DETAILED_INCIDENTS)) out.push(...incidentSection(inc, byId, incidentLinksLine(w, inc, byId)));
    const rest = w.incidents.slice(DETAILED_INCIDENTS);
    if (rest.length) {
      out.push(`${num(rest.length)} more incidents (all of them in the JSON worklog):`, "");
      for (const inc of rest) out.push(`- ${inc.id} **${inc.priority}** ${plainText(inc.title)}: ${num(inc.count)} events; ${plainText(inc.priorityReasons[0] ?? "")}`);
      out.push("");
    }
    if (w.notShown?.incidents.count) out.push(notShownIncidents(w.notShown.incidents, w.incidents.length), "");
  }

  if (w.resolved?.length) {
    out.push("## Resolved since the previous worklog", "");
    for (const r of w.resolved) out.push(`- **${r.priority}** ${plainText(r.title)}: ${num(r.count)} events in the previous worklog, last seen ${utc(r.lastSeen)}; none in this window (fingerprint \`${r.fingerprint}\`)`);
    out.push("");
  }

  if (w.requests?.total) out.push(...requestsSection(w.requests));
  out.push(...deploysSection(w));

  out.push("## Log clusters", "");
  if (!w.clusters.length) out.push("No entries in this window.", "");
  else {
    out.push("| id | severity | count | first seen | last seen | kind | pattern |", "|---|---|---:|---|---|---|---|");
    for (const c of w.clusters.slice(0, TABLE_CLUSTERS)) {
      out.push(`| ${c.id} | ${severityLine(c.bySeverity, true)} | ${num(c.count)} | ${hhmmss(c.firstSeen)} | ${hhmmss(c.lastSeen)} | ${c.kind} | ${codeSpan(c.template, 120)} |`);
    }
    out.push("");
    const unlisted = w.clusters.slice(TABLE_CLUSTERS);
    if (unlisted.length) {
      const events = unlisted.reduce((n, c) => n + c.count, 0);
      out.push(`${num(unlisted.length)} less frequent clusters (${num(events)} events) are not in the table: they are in the JSON worklog.`, "");
    }
    const gone = w.notShown?.clusters;
    if (gone?.count) {
      out.push(
        `${num(gone.count)} more clusters (${num(gone.events)} events: ${severityLine(gone.bySeverity)}) are in neither: the worklog lists the ${num(w.clusters.length)} most severe and frequent.`,
        "",
      );
    }
    for (const c of w.clusters.slice(0, DETAILED_CLUSTERS)) out.push(...clusterDetail(c, clusterLogsLine(w, c)));
    if (w.clusters.length > DETAILED_CLUSTERS) {
      const inTable = Math.min(w.clusters.length, TABLE_CLUSTERS) - DETAILED_CLUSTERS;
      out.push(`${num(w.clusters.length - DETAILED_CLUSTERS)} more clusters are in full in the JSON worklog${inTable > 0 ? ` (${num(inTable)} of them in the table above)` : ""}.`, "");
    }
  }

  out.push("## Technical details", "");
  if (w.project) out.push(`- **Project:** ${plainText(w.project)}`);
  out.push(`- **Service:** ${plainText(w.unit?.name ?? w.service)}`);
  if (w.location) out.push(`- **Location:** ${plainText(w.location)}`);
  out.push(`- **Revisions:** ${w.revisions.length ? "" : "none seen"}`);
  for (const r of w.revisions) out.push(`  - ${plainText(r.name)}: ${num(r.entries)} entries, ${utc(r.firstSeen)} to ${utc(r.lastSeen)}`);
  out.push(`- **Source:** ${plainText(w.source.description)} (${w.source.complete ? "read completely" : "read incompletely"})`);
  out.push(`- **Events:** ${num(t.events)} (entries after stitching)`);
  if (t.stitching?.stitchedEvents) {
    const kinds = Object.entries(t.stitching.byKind).map(([k, n]) => `${k} ${num(n)}`).join(", ");
    out.push(`- **Stitched:** ${num(t.stitching.stitchedEntries)} entries into ${num(t.stitching.stitchedEvents)} events (${kinds})${t.stitching.forcedFlushes ? `; ${num(t.stitching.forcedFlushes)} buffers assembled early at a memory bound` : ""}`);
  }
  if (t.duplicates) {
    const d = t.duplicates;
    const past = d.forgotten ? `; the check remembers the last ${num(d.bound / 2)} to ${num(d.bound)} ids, and ${num(d.forgotten)} were forgotten, so a copy that far apart would be counted twice` : "";
    out.push(`- **Duplicates:** ${num(d.dropped)} entries dropped (same insertId, timestamp and log name as an earlier one)${past}`);
  }
  const skipped = Object.entries(t.skipped).filter(([, n]) => n);
  out.push(`- **Skipped input entries:** ${skipped.length ? skipped.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none"}`);
  const drops = Object.entries(t.clusteringDrops).filter(([, n]) => n);
  out.push(`- **Clustering limits hit:** ${drops.length ? drops.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none"}`);
  out.push("");

  out.push("## Actions", "");
  if (!w.issues.length) out.push("No incident met the threshold for an issue.");
  // What was done on GitHub is always listed; what was only planned, deferred or skipped is listed up
  // to a bound and counted past it (thousands of incidents give thousands of such lines).
  const done = new Set(["created", "commented", "reopened", "failed"]);
  let listedOther = 0;
  const hidden = new Map<string, number>();
  for (const a of w.issues) {
    if (done.has(a.action) || listedOther++ < LISTED_ACTIONS) out.push(`- ${actionLine(a)}`);
    else hidden.set(a.action, (hidden.get(a.action) ?? 0) + 1);
  }
  if (hidden.size) out.push(`- and ${[...hidden].map(([k, n]) => `${num(n)} more ${k}`).join(", ")} (every one in the JSON worklog)`);
  out.push("");
  return out.join("\n");
}

/** What kind of unit this is, when it is not a Cloud Run service (the default a reader assumes). */
function unitNote(w: WorklogJson): string {
  const u = w.unit;
  if (!u || u.kind === "cloud-run-service") return "";
  const extra = u.kind === "cloud-function" && u.generation ? `, gen${u.generation}` : u.kind === "gke-workload" && u.cluster ? `, cluster ${plainText(u.cluster)}` : "";
  return ` (${KIND_LABEL[u.kind]}${extra}; ${codeSpan(`--service ${u.key}`, 300)})`;
}

function summary(w: WorklogJson): string[] {
  const lines: string[] = [];
  if (!w.totals.entries) return ["No log entries for this service in the window."];
  const r = w.requests;
  if (r?.total) {
    const user = r.user.total;
    const failed = r.user.byClass["5xx"];
    const other = r.total - user;
    const classes = (["2xx", "3xx", "4xx", "5xx"] as const).map((c) => `${num(r.byClass[c])} ${c}`).join(", ");
    const rate = w.totals.unmeasurable
      ? `${num(failed)} user requests failed with 5xx; no failure rate: ${plainText(w.totals.unmeasurable)}`
      : user
        ? `${pct(failed / user)} of user requests (${num(failed)}) failed with 5xx`
        : "no user requests";
    lines.push(`${plural(r.total, "request")}${other ? ` (${num(user)} from users, ${num(other)} health checks or the gardener's own)` : ""}; ${rate}. Answers: ${classes}.`, "");
    const probes = probeLine(r);
    if (probes) lines.push(probes, "");
  }
  if (!w.incidents.length) {
    const warnings = Object.entries(w.totals.bySeverity).filter(([s, n]) => n && severityRank(s as Severity) >= severityRank("WARNING")).reduce((n, [, c]) => n + c, 0);
    const echoed = r?.clientErrorEchoes?.length ? `; the warnings are the application's own lines for the 4xx it answered (${r.clientErrorEchoes.map((e) => e.cluster).join(", ")})` : "";
    lines.push(
      warnings
        ? `No incidents: ${num(w.totals.entries)} entries in ${plural(w.clusters.length, "cluster")}; nothing failed, and the ${num(warnings)} entries at WARNING or above are client errors (4xx) in the request logs${echoed}.`
        : `No incidents: ${num(w.totals.entries)} entries in ${plural(w.clusters.length, "cluster")}, no failures and no warnings.`,
    );
  }
  for (const inc of w.incidents.slice(0, SUMMARY_INCIDENTS)) {
    const trend = inc.trend ? ` ${trendWord(inc.trend.status)}.` : "";
    lines.push(`- **${inc.priority}** ${plainText(inc.title)}: ${countsOf(inc)} from ${utc(inc.firstSeen)} to ${utc(inc.lastSeen)}.${trend} ${plainText(inc.priorityReasons[0] ?? "")}`);
  }
  const more = w.incidents.slice(SUMMARY_INCIDENTS);
  if (more.length || w.notShown?.incidents.count) {
    const count = more.length + (w.notShown?.incidents.count ?? 0);
    const events = more.reduce((n, inc) => n + inc.count, 0) + (w.notShown?.incidents.events ?? 0);
    const byPriority = new Map<string, number>();
    for (const inc of more) byPriority.set(inc.priority, (byPriority.get(inc.priority) ?? 0) + 1);
    for (const [p, n] of Object.entries(w.notShown?.incidents.byPriority ?? {})) byPriority.set(p, (byPriority.get(p) ?? 0) + n);
    const parts = [...byPriority].sort((a, b) => a[0].localeCompare(b[0])).map(([p, n]) => `${p} ${num(n)}`).join(", ");
    lines.push(`- and ${num(count)} more incidents (${parts}; ${num(events)} events), less urgent: see below.`);
  }
  if (w.codeWarnings?.length) {
    const byId = new Map(w.clusters.map((c) => [c.id, c]));
    const list = w.codeWarnings.map((x) => `${x.cluster} ${codeSpan(firstLineOf(byId.get(x.cluster)?.samples[0] ?? byId.get(x.cluster)?.template ?? ""), 100)} ${num(x.count)}×`).join("; ");
    lines.push("", `Code warnings (not incidents: deprecations and library warnings about the code, not the service): ${list}.`);
  }
  if (w.previous && !w.previous.note) {
    const counts = { new: 0, recurring: 0, spiking: 0 };
    for (const inc of w.incidents) if (inc.trend) counts[inc.trend.status]++;
    lines.push("", `Against the previous worklog: ${num(counts.new)} new, ${num(counts.recurring)} recurring, ${num(counts.spiking)} spiking, ${num(w.resolved?.length ?? 0)} resolved.`);
  }
  return lines;
}

/** The line for incidents the worklog does not list at all. */
function notShownIncidents(n: NonNullable<WorklogJson["notShown"]>["incidents"], listed: number): string {
  const parts = Object.entries(n.byPriority).sort((a, b) => a[0].localeCompare(b[0])).map(([p, k]) => `${p} ${num(k ?? 0)}`).join(", ");
  return `${num(n.count)} more incidents (${parts}; ${num(n.events)} events) are not listed, here or in the JSON worklog: the worklog lists the most urgent ${num(listed)}.`;
}

/**
 * What an incident counts, each thing named: error events, failed requests, exits, starts that failed,
 * dead workers, failed deploys, warnings. Never one sum of log lines and request logs.
 */
function countsOf(inc: WorklogIncident): string {
  const f = inc.facts;
  if (!f) return `${num(inc.count)} events`;
  const parts = [
    f.errors ? plural(f.errors, "error event") : "",
    f.failedRequests ? `${plural(f.failedRequests, "failed user request")} (5xx)` : "",
    f.failedHealthChecks ? plural(f.failedHealthChecks, "failed health check") : "",
    f.containerExits ? plural(f.containerExits, "container exit") : "",
    f.failedStarts ? `${num(f.failedStarts)} instance${f.failedStarts === 1 ? "" : "s"} not started` : "",
    f.workerDeaths ? plural(f.workerDeaths, "worker death") : "",
    f.deployFailures ? plural(f.deployFailures, "failed-deploy report") : "",
    !f.errors && f.warnings ? plural(f.warnings, "warning event") : "",
  ].filter(Boolean);
  if (inc.slowRoute) parts.push(`${num(inc.slowRoute.requests)} slow requests`);
  return parts.length ? parts.join(", ") : `${num(inc.count)} events`;
}

/** Requests to paths browsers, crawlers and scanners ask every site for: one fact, never an incident. */
function probeLine(r: NonNullable<WorklogJson["requests"]>): string | undefined {
  const probes = r.routes.filter((x) => x.probe);
  if (!probes.length) return undefined;
  const of = (kind: "browser" | "scanner") => probes.filter((x) => x.probe === kind);
  const list = (xs: typeof probes) => xs.map((x) => `${codeSpan(x.route, 60)} ${num(x.count)}`).join(", ");
  const parts = [
    of("browser").length ? `browsers and crawlers asked for ${list(of("browser"))}` : "",
    of("scanner").length ? `scanners tried ${list(of("scanner"))}` : "",
  ].filter(Boolean);
  const failed = probes.reduce((n, x) => n + (x.byClass["5xx"]?.count ?? 0), 0);
  return `Probes (not incidents): ${parts.join("; ")}${failed ? `; ${num(failed)} of them failed with 5xx` : ""}.`;
}

function firstLineOf(text: string): string {
  return (text.split("\n")[0] ?? text).trim();
}

function trendWord(s: "new" | "recurring" | "spiking"): string {
  return s === "new" ? "New" : s === "recurring" ? "Recurring" : "Spiking";
}

function incidentSection(inc: WorklogIncident, byId: Map<string, WorklogCluster>, links: string): string[] {
  const out: string[] = [];
  const root = byId.get(inc.rootCause);
  out.push(`### ${inc.id} [${inc.priority}] ${plainText(inc.title)}`, "");
  if (root) out.push(`**Pattern:** ${codeSpan(root.template, 300, { table: false })}  `);
  const peak = root ? Math.max(0, ...root.timeline.map(([, n]) => n)) : 0;
  out.push(`**Frequency:** ${countsOf(inc)} in ${plural(inc.clusters.length, "pattern")}, first ${utc(inc.firstSeen)}, last ${utc(inc.lastSeen)}${root ? `; root pattern ${num(root.count)} events, at most ${num(peak)} in one minute` : ""}  `);
  const impact = impactLine(inc);
  if (impact) out.push(`**Impact:** ${impact}  `);
  if (root) {
    const exc = inc.rootCauseException ? ` (original exception: ${codeSpan(`${inc.rootCauseException.type}: ${inc.rootCauseException.message}`, 200, { table: false })})` : "";
    out.push(`**Root cause:** ${root.id} ${codeSpan(root.template, 160, { table: false })}${exc}  `);
  }
  if (inc.trend) out.push(`**Trend:** ${plainText(inc.trend.reason)}  `);
  if (inc.revision) out.push(`**Revision:** ${plainText(inc.revision.reason)}  `);
  out.push(links);
  out.push(`**Fingerprint:** \`${inc.fingerprint}\``, "");
  out.push("**Priority, by rule:**", "");
  for (const r of inc.priorityReasons) out.push(`- ${plainText(r)}`);
  out.push("");
  const symptoms = inc.symptoms ?? inc.clusters.filter((id) => id !== inc.rootCause).map((id) => ({ cluster: id, why: [] as string[] }));
  if (symptoms.length) {
    out.push("**Symptoms:**", "", "| id | count | pattern | why it belongs here |", "|---|---:|---|---|");
    for (const s of symptoms) {
      const c = byId.get(s.cluster);
      out.push(`| ${s.cluster} | ${num(c?.count ?? 0)} | ${codeSpan(c?.meaning ?? c?.template ?? "", 90)} | ${plainText(s.why.join("; ")).replace(/\|/g, "\\|")} |`);
    }
    out.push("");
  }
  const rootWhy = inc.rootEvidence ?? [];
  if (rootWhy.length) {
    out.push("**Evidence:**", "");
    for (const e of rootWhy) out.push(`- ${plainText(e)}`);
    out.push("");
  }
  if (root?.samples[0]) out.push("**Sample (redacted):**", "", codeBlock(root.samples[0]), "");
  return out;
}

function impactLine(inc: WorklogIncident): string {
  const f = inc.facts;
  if (!f) return "";
  const parts: string[] = [];
  if (f.failedRequests && (!f.userRequestsInSpan || inc.priorityReasons.some((r) => r.includes("no failure rate")))) parts.push(`${num(f.failedRequests)} user requests failed with 5xx`);
  else if (f.userRequestsInSpan && (f.failedRequests || f.failedHealthChecks)) parts.push(`${num(Math.min(f.failedRequests, f.failedUserRequestsInSpan))} of ${num(f.userRequestsInSpan)} user requests failed with 5xx in its patterns while it lasted`);
  if (f.failedHealthChecks) parts.push(`${num(f.failedHealthChecks)} failed health checks`);
  if (f.containerExits) parts.push(`${num(f.containerExits)} container exits`);
  if (f.failedStarts) parts.push(`${num(f.failedStarts)} instances not started`);
  if (f.workerDeaths) parts.push(`${num(f.workerDeaths)} worker deaths`);
  if (f.deployFailures) parts.push(`${num(f.deployFailures)} reports that a revision or service did not become Ready`);
  if (f.errors) parts.push(`${num(f.errors)} error events`);
  else if (f.warnings) parts.push(`${num(f.warnings)} warning events`);
  if (inc.slowRoute) parts.push(`${plainText(inc.slowRoute.route)} p95 ${num(Math.round(inc.slowRoute.p95Ms))} ms over ${num(inc.slowRoute.requests)} requests`);
  if (f.instances) parts.push(`on ${plural(f.instances, "instance")}`);
  return parts.join("; ");
}

/** Routes shown in the Markdown; all of them (up to the JSON bound) are in the JSON. */
const ROUTES_SHOWN = 20;

function requestsSection(r: NonNullable<WorklogJson["requests"]>): string[] {
  const out = ["## Requests", ""];
  // Latency is shown for answered requests (what the slow-route rule reads) and for 5xx apart: a failed
  // request's latency (a timeout, a crash) says nothing about how fast the route is.
  out.push(
    "| route | traffic | requests | 2xx | 3xx | 4xx | 5xx | 5xx share | p50 | p95 | p99 | p95 of 5xx |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const x of r.routes.slice(0, ROUTES_SHOWN)) {
    const l = x.okLatencyMs ?? (x.failedLatencyMs ? undefined : x.latencyMs);
    out.push(
      `| ${codeSpan(`${x.method} ${x.route}`, 80)} | ${x.traffic} | ${num(x.count)} | ${num(x.byClass["2xx"]?.count ?? 0)} | ${num(x.byClass["3xx"]?.count ?? 0)} | ${num(x.byClass["4xx"]?.count ?? 0)} | ${num(x.byClass["5xx"]?.count ?? 0)} | ${pct(x.errorRatio5xx)} | ${ms(l?.p50)} | ${ms(l?.p95)} | ${ms(l?.p99)} | ${ms(x.failedLatencyMs?.p95)} |`,
    );
  }
  out.push("");
  const more = r.routes.length - ROUTES_SHOWN;
  if (more > 0) out.push(`${num(more)} more routes are in the JSON worklog.`, "");
  if (r.otherRoutes) out.push(`${num(r.otherRoutes)} requests went to routes past the tracking bound and are counted as "(other routes)".`, "");
  out.push("p50, p95 and p99 are over the requests not answered with 5xx; 5xx latencies are apart. Latency percentiles are within 2% of the exact value; counts are exact. Failed requests linked to container logs by trace:", "");
  const linked = r.routes.filter((x) => x.linkedClusters.length);
  if (!linked.length) out.push("- none of the failed requests shares a trace with a container log", "");
  else {
    for (const x of linked) out.push(`- ${codeSpan(`${x.method} ${x.route}`, 80, { table: false })}: ${x.linkedClusters.join(", ")}`);
    out.push("");
  }
  return out;
}

function deploysSection(w: WorklogJson): string[] {
  const out = ["## Deploys and revisions", ""];
  for (const r of w.revisions) out.push(`- Revision ${plainText(r.name)}: ${num(r.entries)} entries, ${utc(r.firstSeen)} to ${utc(r.lastSeen)}`);
  if (!w.revisions.length) out.push("- No revision seen.");
  if (w.deploys?.length) for (const d of w.deploys) out.push(`- ${utc(d.time)} ${DEPLOY_KIND_WORDS[d.kind]}${d.revision ? ` (${plainText(d.revision)})` : ""}: ${plainText(d.text)}`);
  else out.push("- No deploy marker (audit activity or system_event) in the window.");
  const began = w.incidents.filter((i) => i.revision?.startedWith);
  for (const i of began) out.push(`- ${i.id} ${plainText(i.revision?.reason ?? "")}`);
  out.push("");
  return out;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function ms(x: number | undefined): string {
  return x === undefined ? "–" : `${num(Math.round(x))} ms`;
}

function clusterDetail(c: WorklogCluster, logs: string): string[] {
  const lines = [`### ${c.id}: ${c.kind}${c.exceptionType ? ` ${plainText(c.exceptionType)}` : ""}`, ""];
  lines.push(`**Pattern:** ${codeSpan(c.template, 300, { table: false })}  `);
  if (c.meaning) lines.push(`**Meaning:** ${plainText(c.meaning)}  `);
  lines.push(`**Count:** ${num(c.count)} (${severityLine(c.bySeverity)}${c.inferredSeverity ? `; ${num(c.inferredSeverity)} inferred from text` : ""})  `);
  lines.push(`**First / last seen:** ${utc(c.firstSeen)} / ${utc(c.lastSeen)}  `);
  lines.push(`**Instances:** ${num(c.instances)} · **Revisions:** ${Object.keys(c.revisions).map((r) => plainText(r)).join(", ") || "none"}  `);
  lines.push(logs);
  lines.push(`**Fingerprint:** \`${c.fingerprint}\``, "");
  if (c.samples[0]) lines.push(codeBlock(c.samples[0]), "");
  return lines;
}

function severityLine(counts: Partial<Record<Severity, number>>, short = false): string {
  return [...SEVERITIES]
    .sort((a, b) => severityRank(b) - severityRank(a))
    .filter((s) => counts[s])
    .map((s) => (short ? `${s} ${num(counts[s] ?? 0)}` : `${num(counts[s] ?? 0)} ${s}`))
    .join(", ");
}

function hhmmss(iso: string): string {
  return iso.slice(11, 19);
}

function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
}

function actionLine(a: IssueOutcome): string {
  switch (a.action) {
    case "created":
      return `Created issue #${a.number}: ${plainText(a.title)} (fingerprint \`${a.fingerprint}\`)`;
    case "commented":
      return `${a.comment === "new" ? "Posted a new status comment on" : "Updated the status comment on"} issue #${a.number}${a.reason ? ` (${plainText(a.reason)})` : ""} (fingerprint \`${a.fingerprint}\`)`;
    case "reopened":
      return `Reopened issue #${a.number} as regressed${a.reason ? ` (${plainText(a.reason)})` : ""} (fingerprint \`${a.fingerprint}\`)`;
    case "planned":
      return `Planned, not done: ${a.plan}${a.number ? ` #${a.number}` : ""} "${plainText(a.title)}" (${plainText(a.reason)}; fingerprint \`${a.fingerprint}\`)`;
    case "skipped":
      return `Skipped${a.number ? ` #${a.number}` : ""}: ${plainText(a.reason)} (fingerprint \`${a.fingerprint}\`)`;
    case "deferred":
      return `Deferred to the next pass: ${plainText(a.reason)} (fingerprint \`${a.fingerprint}\`)`;
    case "failed":
      return `Failed${a.number ? ` on #${a.number}` : ""}, will retry next pass: ${plainText(a.reason)} (fingerprint \`${a.fingerprint}\`)`;
  }
}
