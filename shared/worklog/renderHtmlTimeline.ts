import { DEPLOY_KIND_WORDS } from "../analysis/deployMarker.js";
import { num } from "../util/format.js";
import { esc } from "./htmlSafe.js";
import type { TimelineJson } from "./minuteSeries.js";
import { stackedBars, type Marker } from "./svgCharts.js";
import type { WorklogJson } from "./worklog.js";

/** Bars drawn at most: a longer timeline is summed into wider bars so each stays visible. */
const MAX_BARS = 360;

function label(startMs: number, stepMinutes: number, i: number): string {
  const a = new Date(startMs + i * stepMinutes * 60_000).toISOString();
  const b = new Date(startMs + (i + 1) * stepMinutes * 60_000).toISOString();
  return stepMinutes === 1 ? `${a.slice(11, 16)} UTC` : `${a.slice(0, 16).replace("T", " ")} to ${b.slice(11, 16)} UTC`;
}

/** Sums adjacent buckets so that there are at most MAX_BARS. */
function coarsen(values: readonly number[], factor: number): number[] {
  if (factor === 1) return [...values];
  const out: number[] = [];
  for (let i = 0; i < values.length; i += factor) out.push(values.slice(i, i + factor).reduce((a, b) => a + b, 0));
  return out;
}

function peak(values: readonly number[], labels: readonly string[]): string {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return values[best] ? `peak ${num(values[best] ?? 0)} at ${labels[best]}` : "none";
}

/**
 * The window's timeline: entries by severity (with container exits as dots) and requests by status
 * class, one bar per minute, deploys as dashed vertical lines. A data table follows for screen readers
 * and for anyone who wants the numbers.
 */
export function timelineCharts(w: WorklogJson): string {
  const tl: TimelineJson | undefined = w.timeline;
  if (!tl || !tl.entries.error.length) return `<p>No timeline in this worklog (written by an older version).</p>`;
  const startMs = Date.parse(tl.start);
  const factor = Math.ceil(tl.entries.error.length / MAX_BARS);
  const step = tl.stepMinutes * factor;
  const c = (v: readonly number[]) => coarsen(v, factor);
  const error = c(tl.entries.error);
  const warning = c(tl.entries.warning);
  const other = c(tl.entries.other);
  const exits = c(tl.exits);
  const req = { "2xx": c(tl.requests["2xx"]), "3xx": c(tl.requests["3xx"]), "4xx": c(tl.requests["4xx"]), "5xx": c(tl.requests["5xx"]), "1xx": c(tl.requests["1xx"]) };
  const n = error.length;
  const labels = Array.from({ length: n }, (_, i) => label(startMs, step, i));
  const markers: Marker[] = (w.deploys ?? []).map((d) => ({
    at: (Date.parse(d.time) - startMs) / 60_000 / step,
    cls: "deploy",
    label: `${d.time.slice(11, 19)} UTC ${DEPLOY_KIND_WORDS[d.kind]}${d.revision ? `: ${d.revision}` : ""}`,
  }));
  const unit = step === 1 ? "minute" : `${step} minutes`;
  const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
  const events = stackedBars({
    id: "timeline-entries",
    title: `Entries per ${unit} by severity`,
    description: `${n} bars. Errors: ${num(sum(error))}, ${peak(error, labels)}. Warnings: ${num(sum(warning))}. Other: ${num(sum(other))}. Container exits: ${num(sum(exits))}${sum(exits) ? `, ${peak(exits, labels)}` : ""}. Deploys: ${markers.length ? markers.map((m) => m.label).join("; ") : "none"}.`,
    series: [
      { cls: "sev-error", name: "errors", values: error },
      { cls: "sev-warning", name: "warnings", values: warning },
      { cls: "sev-other", name: "other", values: other },
    ],
    labels,
    markers,
    dots: { cls: "exit", name: "container exits", values: exits },
  });
  const hasRequests = sum(req["2xx"]) + sum(req["3xx"]) + sum(req["4xx"]) + sum(req["5xx"]) + sum(req["1xx"]) > 0;
  const requests = hasRequests
    ? stackedBars({
        id: "timeline-requests",
        title: `Requests per ${unit} by status class`,
        description: `${n} bars. 5xx: ${num(sum(req["5xx"]))}, ${peak(req["5xx"], labels)}. 4xx: ${num(sum(req["4xx"]))}. 2xx: ${num(sum(req["2xx"]))}. 3xx: ${num(sum(req["3xx"]))}.`,
        series: [
          { cls: "req-5xx", name: "5xx", values: req["5xx"] },
          { cls: "req-4xx", name: "4xx", values: req["4xx"] },
          { cls: "req-3xx", name: "3xx", values: req["3xx"] },
          { cls: "req-2xx", name: "2xx", values: req["2xx"].map((v, i) => v + (req["1xx"][i] ?? 0)) },
        ],
        labels,
        markers,
      })
    : "";
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<span>${esc(new Date(startMs + f * n * step * 60_000).toISOString().slice(11, 16))}</span>`).join("");
  const out = [
    `<h3>Entries by severity</h3>`,
    events,
    `<div class="ticks" aria-hidden="true">${ticks}</div>`,
    `<ul class="legend"><li><span class="sw sev-error"></span>errors</li><li><span class="sw sev-warning"></span>warnings</li><li><span class="sw sev-other"></span>other</li><li><span class="sw exit"></span>container exits</li><li><span class="sw deploy"></span>deploys</li></ul>`,
  ];
  if (requests) {
    out.push(
      `<h3>Requests by status class</h3>`,
      requests,
      `<div class="ticks" aria-hidden="true">${ticks}</div>`,
      `<ul class="legend"><li><span class="sw req-5xx"></span>5xx</li><li><span class="sw req-4xx"></span>4xx</li><li><span class="sw req-3xx"></span>3xx</li><li><span class="sw req-2xx"></span>2xx</li><li><span class="sw deploy"></span>deploys</li></ul>`,
    );
  }
  if (markers.length) out.push(`<ul class="legend">${markers.map((m) => `<li><span class="sw deploy"></span>${esc(m.label)}</li>`).join("")}</ul>`);
  const rows = labels
    .map((l, i) => ({ l, i, any: (error[i] ?? 0) + (warning[i] ?? 0) + (exits[i] ?? 0) + (req["5xx"][i] ?? 0) }))
    .filter((r) => r.any)
    .map((r) => `<tr><td>${esc(r.l)}</td><td class="n">${esc(num(error[r.i] ?? 0))}</td><td class="n">${esc(num(warning[r.i] ?? 0))}</td><td class="n">${esc(num(other[r.i] ?? 0))}</td><td class="n">${esc(num(exits[r.i] ?? 0))}</td><td class="n">${esc(num(req["5xx"][r.i] ?? 0))}</td><td class="n">${esc(num(req["2xx"][r.i] ?? 0))}</td></tr>`);
  if (rows.length) {
    out.push(`<details><summary>The numbers behind the timeline (${esc(num(rows.length))} ${unit === "minute" ? "minutes" : "bars"} with errors, warnings, exits or 5xx)</summary><div class="table"><table><thead><tr><th>time</th><th class="n">errors</th><th class="n">warnings</th><th class="n">other</th><th class="n">exits</th><th class="n">5xx</th><th class="n">2xx</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></details>`);
  }
  return out.join("\n");
}
