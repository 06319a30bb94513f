import { SEVERITIES, severityRank, type Severity } from "../entries/severity.js";
import { num, utc } from "../util/format.js";
import type { WorklogJson } from "./worklog.js";

/**
 * The header's counting sentences, in plain words (no markup: each renderer makes them inert its own
 * way). `entries` says how many entries the window holds and who counted them, or that only the
 * entries read are counted and why; `read` says what the pass read of them and by which filter;
 * `volume` the busiest minute of the whole-window count.
 */
export interface CountsHeader {
  /** "1,000" */
  entries: string;
  /** "86 ERROR, 39 WARNING, …" (empty when there are none) */
  severities: string;
  /** Who counted: "the whole window, counted by …", or that only what was read is counted and why. */
  scope?: string;
  read?: string;
  volume?: string;
}

const BY: Record<string, string> = {
  "cloud-monitoring": "the whole window, counted by Cloud Monitoring (log_entry_count)",
  "log-analytics": "the whole window, counted in Log Analytics",
};

export function countsHeader(w: WorklogJson): CountsHeader {
  const t = w.totals;
  const out: CountsHeader = { entries: num(t.entries), severities: severityText(t.bySeverity) };
  if (t.countedBy && BY[t.countedBy]) out.scope = BY[t.countedBy];
  else if (t.countsUnavailable) out.scope = `only the entries read are counted, not the whole window (whole-window counts unavailable: ${t.countsUnavailable})`;
  const r = w.read;
  if (r) {
    const whole = !!(t.countedBy && BY[t.countedBy]);
    const parts: string[] = [];
    for (const s of [...SEVERITIES].sort((a, b) => severityRank(b) - severityRank(a))) {
      const got = r.bySeverity[s] ?? 0;
      const all = whole ? (t.bySeverity[s] ?? 0) : got;
      if (!all && !got) continue;
      parts.push(got === all ? `all ${num(all)} ${s}` : got ? `${num(got)} of ${num(all)} ${s}` : `no ${s} of ${num(all)}`);
    }
    const requestsAll = whole && t.requests ? t.requests.total : r.requests + (r.notRead?.requests ?? 0);
    if (requestsAll || r.requests) parts.push(r.requests >= requestsAll ? `all ${num(requestsAll)} requests` : `${num(r.requests)} of ${num(requestsAll)} requests`);
    let text = `${num(r.entries)}${whole ? ` of ${num(t.entries)}` : ""} one by one${parts.length ? `: ${parts.join(", ")}` : ""}`;
    if (r.shapes) text += `; ${num(r.shapes.entries)} more counted through ${num(r.shapes.groups)} message shapes and request groups`;
    if (r.notRead?.entries) {
      const missed = Object.entries(r.notRead.bySeverity)
        .sort((a, b) => severityRank(b[0] as Severity) - severityRank(a[0] as Severity))
        .map(([s, n]) => `${num(n as number)} ${s}`);
      text += `; ${missed.join(" and ")} ${r.notRead.entries === 1 ? "entry" : "entries"} counted, not read`;
    }
    out.read = `${text} (by ${r.filter})`;
  }
  if (t.perMinute?.length) {
    const [peakAt, peak] = t.perMinute.reduce((a, b) => (b[1] > a[1] ? b : a));
    out.volume = `${num(t.perMinute.length)} minutes with entries; at most ${num(peak)} in the minute from ${utc(peakAt)}`;
  }
  return out;
}

function severityText(counts: Partial<Record<Severity, number>>): string {
  return [...SEVERITIES]
    .sort((a, b) => severityRank(b) - severityRank(a))
    .filter((s) => counts[s])
    .map((s) => `${num(counts[s] ?? 0)} ${s}`)
    .join(", ");
}
