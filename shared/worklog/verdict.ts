import type { Priority } from "../analysis/priority.js";
import { num } from "../util/format.js";
import type { WorklogIncident, WorklogJson } from "./worklog.js";

/** How the service did over the window, worst incident first. */
export type VerdictLevel = "degraded" | "errors" | "warnings" | "healthy" | "quiet";

export interface Verdict {
  level: VerdictLevel;
  /** One line: "checkout-api degraded since 14:12 UTC: 23% of user requests failed, crash loop after deploy of revision r-00042". */
  text: string;
  worst?: Priority;
}

const RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
/** Exits or failed starts from which an incident is called a crash loop (the P0 crash-loop rule's bound). */
const CRASH_LOOP_EXITS = 5;

function hhmm(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

function share(failed: number, total: number): string {
  const p = (failed / total) * 100;
  return `${p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)}%`;
}

/** What the worst incident is, in a few words: a crash loop (and the deploy it followed), or its title. */
function what(inc: WorklogIncident): string {
  const f = inc.facts;
  const deaths = (f?.containerExits ?? 0) + (f?.failedStarts ?? 0);
  const after = inc.revision?.startedWith ? ` after deploy of revision ${inc.revision.name}` : "";
  if (deaths >= CRASH_LOOP_EXITS) return `crash loop${after}`;
  return `${inc.title}${after}`;
}

/** The verdict line at the top of the page: measured facts only. */
export function verdictOf(w: WorklogJson): Verdict {
  if (!w.totals.entries) return { level: "quiet", text: `${w.service}: no log entries in this window` };
  // Of equally urgent incidents, the one whose patterns hold failed requests is what the line's failure share is about.
  const incidents = [...w.incidents].sort(
    (a, b) => RANK[a.priority] - RANK[b.priority] || (b.facts?.failedRequests ?? 0) - (a.facts?.failedRequests ?? 0) || Date.parse(a.firstSeen) - Date.parse(b.firstSeen),
  );
  const worst = incidents[0];
  const user = w.requests?.user;
  const failed = user?.byClass["5xx"] ?? 0;
  // An input holding only WARNING and above has no successful request to compare with: a share would be invented.
  const measurable = !w.totals.unmeasurable;
  const requests = user?.total ? (measurable ? `${share(failed, user.total)} of user requests failed` : `${num(failed)} user requests failed (no failure rate: the input was filtered)`) : undefined;
  if (!worst) {
    const parts = [user?.total ? (measurable ? `${num(user.total)} user requests, ${share(failed, user.total)} failed` : `${num(failed)} user requests failed`) : undefined, `${num(w.totals.entries)} entries`, "no incidents"].filter(Boolean);
    return { level: "healthy", text: `${w.service} healthy: ${parts.join(", ")}` };
  }
  const level: VerdictLevel = worst.priority === "P0" || worst.priority === "P1" ? "degraded" : worst.priority === "P2" ? "errors" : "warnings";
  const lead = level === "degraded" ? "degraded" : level === "errors" ? "has errors" : "has warnings";
  const facts = [requests && failed ? requests : undefined, what(worst)].filter(Boolean).join(", ");
  return { level, worst: worst.priority, text: `${w.service} ${lead} since ${hhmm(worst.firstSeen)}: ${facts}` };
}
