import { esc } from "./htmlSafe.js";

/**
 * The worklog's pictures, drawn as inline SVG by a few lines of the project's own: stacked bars over
 * time, sparklines and latency bars. Colours come from CSS classes (light and dark schemes); every
 * chart is `role="img"` with a title and a description, and every bar carries its numbers in a
 * `<title>` (a tooltip without script).
 */

export interface Series {
  /** CSS class of the series' bars (its colour). */
  cls: string;
  /** Name in tooltips and descriptions. */
  name: string;
  values: readonly number[];
}

export interface Marker {
  /** Position in buckets (fractional: a deploy at 14:11:40 in minute buckets is 11.67). */
  at: number;
  cls: string;
  label: string;
}

/** The bar chart's drawing box: the page stretches it to its width (preserveAspectRatio="none"). */
const BAR_W = 10;
const BAR_GAP = 2;
const CHART_H = 100;

/**
 * Stacked bars, one `<g class="bucket">` per bucket (empty buckets too, so the count is the window's),
 * with markers as vertical lines. Scaled to the tallest stack.
 */
export function stackedBars(input: {
  id: string;
  title: string;
  description: string;
  series: readonly Series[];
  labels: readonly string[];
  markers?: readonly Marker[];
  /** Per-bucket counts drawn as dots above the bars (container exits). */
  dots?: { cls: string; name: string; values: readonly number[] };
}): string {
  const n = input.labels.length;
  const totals = input.labels.map((_, i) => input.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const top = input.dots ? 12 : 0;
  const h = CHART_H - top;
  const width = n * BAR_W;
  const bars: string[] = [];
  for (let i = 0; i < n; i++) {
    let y = CHART_H;
    const rects: string[] = [];
    const parts: string[] = [];
    for (const s of input.series) {
      const v = s.values[i] ?? 0;
      if (v > 0) parts.push(`${v.toLocaleString("en-US")} ${s.name}`);
      if (!v) continue;
      const bh = Math.max(0.5, (v / max) * h);
      y -= bh;
      rects.push(`<rect class="${esc(s.cls)}" x="${i * BAR_W + BAR_GAP / 2}" y="${round(y)}" width="${BAR_W - BAR_GAP}" height="${round(bh)}"/>`);
    }
    const dot = input.dots?.values[i] ?? 0;
    if (dot) {
      parts.push(`${dot.toLocaleString("en-US")} ${input.dots?.name ?? ""}`);
      // A rect, not a circle: the chart is stretched to the page's width and a circle would not stay round.
      rects.push(`<rect class="${esc(input.dots?.cls ?? "")}" x="${i * BAR_W + BAR_GAP}" y="2" width="${BAR_W - 2 * BAR_GAP}" height="${top - 4}"/>`);
    }
    const tip = `${input.labels[i]}: ${parts.length ? parts.join(", ") : "none"}`;
    // A transparent full-height rect makes the whole column hoverable for its tooltip.
    bars.push(`<g class="bucket"><title>${esc(tip)}</title><rect class="hit" x="${i * BAR_W}" y="0" width="${BAR_W}" height="${CHART_H}"/>${rects.join("")}</g>`);
  }
  const markers = (input.markers ?? [])
    .filter((m) => m.at >= 0 && m.at <= n)
    .map((m) => `<g class="marker"><title>${esc(m.label)}</title><line class="${esc(m.cls)}" x1="${round(m.at * BAR_W)}" x2="${round(m.at * BAR_W)}" y1="0" y2="${CHART_H}" vector-effect="non-scaling-stroke"/></g>`);
  return (
    `<svg id="${esc(input.id)}" class="chart" role="img" aria-labelledby="${esc(input.id)}-t ${esc(input.id)}-d" viewBox="0 0 ${width} ${CHART_H}" preserveAspectRatio="none">` +
    `<title id="${esc(input.id)}-t">${esc(input.title)}</title><desc id="${esc(input.id)}-d">${esc(input.description)}</desc>` +
    `<line class="axis" x1="0" x2="${width}" y1="${CHART_H}" y2="${CHART_H}" vector-effect="non-scaling-stroke"/>` +
    bars.join("") +
    markers.join("") +
    `</svg>`
  );
}

/** A sparkline of counts per bucket: a filled area, with its peak stated in its title. */
export function sparkline(input: { values: readonly number[]; title: string; cls?: string }): string {
  const w = 120;
  const h = 24;
  const n = input.values.length;
  if (!n) return "";
  const max = Math.max(1, ...input.values);
  const step = n > 1 ? w / (n - 1) : w;
  const pts = input.values.map((v, i) => `${round(i * step)},${round(h - 1 - (v / max) * (h - 2))}`);
  const area = `0,${h} ${pts.join(" ")} ${round((n - 1) * step)},${h}`;
  return (
    `<svg class="spark ${esc(input.cls ?? "")}" role="img" aria-label="${esc(input.title)}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">` +
    `<title>${esc(input.title)}</title><polygon points="${area}"/><polyline points="${pts.join(" ")}" vector-effect="non-scaling-stroke"/></svg>`
  );
}

/** Two bars, p50 and p95, on a scale shared by every route of the table (`maxMs`). */
export function latencyBars(input: { p50?: number; p95?: number; maxMs: number; title: string }): string {
  const w = 160;
  const scale = (ms: number | undefined) => (ms === undefined || input.maxMs <= 0 ? 0 : Math.max(1, (ms / input.maxMs) * w));
  return (
    `<svg class="latency" role="img" aria-label="${esc(input.title)}" viewBox="0 0 ${w} 14" preserveAspectRatio="none">` +
    `<title>${esc(input.title)}</title>` +
    `<rect class="p95" x="0" y="1" width="${round(scale(input.p95))}" height="12"/>` +
    `<rect class="p50" x="0" y="4" width="${round(scale(input.p50))}" height="6"/></svg>`
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
