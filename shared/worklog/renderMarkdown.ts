import { SEVERITIES, severityRank, type Severity } from "../entries/severity.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { duration, num, utc } from "../util/format.js";
import { codeBlock, codeSpan, plainText } from "./markdownSafe.js";
import type { WorklogCluster, WorklogJson } from "./worklog.js";

/** Clusters shown in full detail; the rest are in the table (and all of them in the JSON). */
const DETAILED_CLUSTERS = 15;

/** The worklog for people, in the shape engineers write by hand, every number measured. */
export function renderMarkdown(w: WorklogJson): string {
  const out: string[] = [];
  const t = w.totals;
  const windowMs = Date.parse(w.window.end) - Date.parse(w.window.start);
  out.push(`# Log Gardener Worklog: ${plainText(w.service)}`, "");
  out.push(`**Service:** ${plainText(w.service)}  `);
  out.push(`**Window:** ${utc(w.window.start)} to ${utc(w.window.end)} (${duration(windowMs)})  `);
  out.push(`**Entries:** ${num(t.entries)} (${severityLine(t.bySeverity)})  `);
  const inferred = severityLine(t.inferredBySeverity);
  if (inferred) out.push(`**Severity stated in the text of entries without one:** ${inferred}  `);
  out.push(`**Generated:** ${utc(w.generatedAt)} by log-gardener ${w.generator.version}`, "");
  if (!w.source.complete) {
    out.push(`> **Incomplete read.** ${plainText(w.source.note ?? "The source stopped before the end of the window.")} Counts below cover only what was read.`, "");
  }

  out.push("## Executive summary", "");
  out.push(...summary(w), "");

  if (w.incidents.length) {
    out.push("## Incidents", "");
    const byId = new Map(w.clusters.map((c) => [c.id, c]));
    for (const inc of w.incidents) {
      const root = byId.get(inc.rootCause);
      out.push(`### ${inc.id} [${inc.priority}] ${plainText(inc.title)}`, "");
      out.push(`**Priority:** ${inc.priorityReasons.map(plainText).join("; ")}  `);
      out.push(`**Frequency:** ${num(inc.count)} events, first ${utc(inc.firstSeen)}, last ${utc(inc.lastSeen)}  `);
      if (root) out.push(`**Root cause:** ${root.id} ${codeSpan(root.template)}  `);
      const symptoms = inc.clusters.filter((id) => id !== inc.rootCause);
      if (symptoms.length) {
        out.push(`**Symptoms:** ${symptoms.map((id) => `${id} ${codeSpan(byId.get(id)?.template ?? "", 80)}`).join(", ")}  `);
      }
      out.push(`**Fingerprint:** \`${inc.fingerprint}\``, "");
      for (const e of inc.evidence) out.push(`- ${plainText(e)}`);
      if (inc.evidence.length) out.push("");
      if (root?.samples[0]) out.push("**Sample (redacted):**", "", codeBlock(root.samples[0]), "");
    }
  }

  out.push("## Log clusters", "");
  if (!w.clusters.length) out.push("No entries in this window.", "");
  else {
    out.push("| id | severity | count | first seen | last seen | kind | pattern |", "|---|---|---:|---|---|---|---|");
    for (const c of w.clusters) {
      out.push(`| ${c.id} | ${severityLine(c.bySeverity, true)} | ${num(c.count)} | ${hhmmss(c.firstSeen)} | ${hhmmss(c.lastSeen)} | ${c.kind} | ${codeSpan(c.template, 120)} |`);
    }
    out.push("");
    for (const c of w.clusters.slice(0, DETAILED_CLUSTERS)) out.push(...clusterDetail(c));
    if (w.clusters.length > DETAILED_CLUSTERS) {
      out.push(`${w.clusters.length - DETAILED_CLUSTERS} more clusters are in the table above and in full in the JSON worklog.`, "");
    }
  }

  out.push("## Technical details", "");
  if (w.project) out.push(`- **Project:** ${plainText(w.project)}`);
  out.push(`- **Service:** ${plainText(w.service)}`);
  if (w.location) out.push(`- **Location:** ${plainText(w.location)}`);
  out.push(`- **Revisions:** ${w.revisions.length ? "" : "none seen"}`);
  for (const r of w.revisions) out.push(`  - ${plainText(r.name)}: ${num(r.entries)} entries, ${utc(r.firstSeen)} to ${utc(r.lastSeen)}`);
  out.push(`- **Source:** ${plainText(w.source.description)} (${w.source.complete ? "read completely" : "read incompletely"})`);
  out.push(`- **Events:** ${num(t.events)} (entries after stitching)`);
  const skipped = Object.entries(t.skipped).filter(([, n]) => n);
  out.push(`- **Skipped input entries:** ${skipped.length ? skipped.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none"}`);
  const drops = Object.entries(t.clusteringDrops).filter(([, n]) => n);
  out.push(`- **Clustering limits hit:** ${drops.length ? drops.map(([r, n]) => `${r} ${num(n ?? 0)}`).join(", ") : "none"}`);
  if (w.previous) out.push(`- **Previous worklog:** ${plainText(w.previous.location)}`);
  out.push("");

  out.push("## Actions", "");
  if (!w.issues.length) out.push("No incident met the threshold for an issue.");
  for (const a of w.issues) out.push(`- ${actionLine(a)}`);
  out.push("");
  return out.join("\n");
}

function summary(w: WorklogJson): string[] {
  const lines: string[] = [];
  if (!w.totals.entries) return ["No log entries for this service in the window."];
  if (!w.incidents.length) {
    lines.push(`No incidents: ${num(w.totals.entries)} entries in ${plural(w.clusters.length, "cluster")}, none at ERROR or above.`);
    return lines;
  }
  for (const inc of w.incidents) {
    lines.push(`- **${inc.priority}** ${plainText(inc.title)}: ${num(inc.count)} events from ${utc(inc.firstSeen)} to ${utc(inc.lastSeen)}. ${plainText(inc.priorityReasons[0] ?? "")}`);
  }
  return lines;
}

function clusterDetail(c: WorklogCluster): string[] {
  const lines = [`### ${c.id}: ${c.kind}${c.exceptionType ? ` ${plainText(c.exceptionType)}` : ""}`, ""];
  lines.push(`**Pattern:** ${codeSpan(c.template, 300)}  `);
  if (c.meaning) lines.push(`**Meaning:** ${plainText(c.meaning)}  `);
  lines.push(`**Count:** ${num(c.count)} (${severityLine(c.bySeverity)}${c.inferredSeverity ? `; ${num(c.inferredSeverity)} inferred from text` : ""})  `);
  lines.push(`**First / last seen:** ${utc(c.firstSeen)} / ${utc(c.lastSeen)}  `);
  lines.push(`**Instances:** ${num(c.instances)} · **Revisions:** ${Object.keys(c.revisions).map(plainText).join(", ") || "none"}  `);
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
      return `Updated the status comment on issue #${a.number} (fingerprint \`${a.fingerprint}\`)`;
    case "reopened":
      return `Reopened issue #${a.number} as regressed (fingerprint \`${a.fingerprint}\`)`;
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
