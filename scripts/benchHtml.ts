/**
 * Size and render time of the HTML worklog, for the sample hour and for a pass that hits the cluster
 * bound (DEFAULT_CLUSTER_LIMITS.maxClusters distinct error patterns):
 *   npm run build && node dist/scripts/benchHtml.js
 * Prints, per case: clusters and incidents, HTML bytes, renderHtml time in Node (median of 7), and
 * Chromium's time to load and lay out the page from disk (median of 5 loads: navigation start to the
 * load event, then a forced layout). Needs Debian's chromium (/usr/bin/chromium). Noisy on a shared
 * machine: compare runs made back to back.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";
import { fileSource } from "../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import { DEFAULT_CLUSTER_LIMITS } from "../shared/clustering/clusterLimits.js";
import { runGardener, type ServiceOutcome } from "../shared/gardener/runGardener.js";
import { renderHtml } from "../shared/worklog/renderHtml.js";
import type { WorklogJson } from "../shared/worklog/worklog.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A word with no digit (so the miner keeps it) that differs for every i. */
function word(i: number): string {
  let s = "";
  let n = i + 26 * 26;
  while (n > 0) {
    s += LETTERS[n % 26];
    n = Math.floor(n / 26);
  }
  return s;
}

/** An hour in which `patterns` distinct error messages occur twice each, amid requests. */
function manyPatterns(patterns: number): unknown[] {
  const t0 = Date.parse("2026-03-10T14:00:00Z");
  const resource = { type: "cloud_run_revision", labels: { project_id: "bench", service_name: "many", revision_name: "many-00001-abc", configuration_name: "many", location: "europe-west1" } };
  const out: unknown[] = [];
  for (let i = 0; i < patterns * 2; i++) {
    const p = i % patterns;
    out.push({
      insertId: `e${i}`,
      timestamp: new Date(t0 + Math.floor((i / (patterns * 2)) * 3_600_000)).toISOString(),
      severity: "ERROR",
      logName: "projects/bench/logs/run.googleapis.com%2Fstderr",
      resource,
      labels: { instanceId: `i${i % 7}` },
      textPayload: `${word(p)} handler failed while ${word(p * 7 + 3)} was ${word(p * 13 + 5)}`,
    });
  }
  return out;
}

async function pass(input: string, out: string): Promise<{ json: WorklogJson; html: string }> {
  const r = await runGardener(
    {
      source: fileSource(input),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: { now: () => new Date("2026-03-10T16:00:00Z") },
    },
    { services: [], window: { kind: "all-input" }, dryRun: false, version: "bench" },
  );
  const w = r.services.find((s): s is Extract<ServiceOutcome, { kind: "written" }> => s.kind === "written");
  if (!w) throw new Error("no worklog written");
  const json = JSON.parse(await readFile(w.worklogJson, "utf8")) as WorklogJson;
  return { json, html: w.worklogJson.replace(/\.json$/, ".html") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "lg-bench-html-"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const many = join(dir, "many.json");
    await writeFile(many, JSON.stringify(manyPatterns(DEFAULT_CLUSTER_LIMITS.maxClusters)));
    for (const [label, input] of [["sample hour", "sample/sample-hour.json"], [`${DEFAULT_CLUSTER_LIMITS.maxClusters} patterns`, many]] as const) {
      const { json, html } = await pass(input, join(dir, label.replace(/\W+/g, "-")));
      const bytes = (await readFile(html)).length;
      const node: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        renderHtml(json, { page: { kind: "dated" } });
        node.push(performance.now() - t);
      }
      const loads: number[] = [];
      for (let i = 0; i < 5; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`file://${html}`, { waitUntil: "load" });
        loads.push(await page.evaluate(() => {
          const nav = window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          void document.body.getBoundingClientRect();
          return nav.loadEventEnd > 0 ? nav.loadEventEnd : window.performance.now();
        }));
        await page.close();
      }
      process.stdout.write(
        `${label.padEnd(16)} clusters ${String(json.clusters.length).padStart(5)}  incidents ${String(json.incidents.length).padStart(5)}  ` +
          `HTML ${(bytes / 1024).toFixed(0).padStart(5)} KiB  renderHtml ${median(node).toFixed(1).padStart(6)} ms  Chromium load ${median(loads).toFixed(0).padStart(5)} ms\n`,
      );
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
