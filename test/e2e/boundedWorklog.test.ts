import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import { MAX_CLUSTERS_IN_WORKLOG, MAX_INCIDENTS_IN_WORKLOG } from "../../shared/worklog/buildWorklog.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import type { WorklogIndex } from "../../shared/worklog/worklogIndex.js";
import { stressEntries } from "../../scripts/stressEntries.js";
import { cli } from "./cliIo.js";

/** A small version of the stress inputs of scripts/benchStress.ts, written as NDJSON. */
async function stressFile(kind: "unique" | "exceptions", entries: number, types: number): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "lg-stress-")), `${kind}.ndjson`);
  let text = "";
  for (const e of stressEntries({ kind, entries, types, startMs: Date.parse("2026-03-10T14:00:00Z") })) text += `${JSON.stringify(e)}\n`;
  await writeFile(path, text);
  return path;
}

async function run(path: string): Promise<{ json: WorklogJson; md: string; html: string; index: WorklogIndex }> {
  const out = await mkdtemp(join(tmpdir(), "lg-bounded-"));
  const r = await cli(["run", "--input", path, "--out", out]);
  expect(r.code).toBe(0);
  return {
    json: JSON.parse(await readFile(join(out, "stress-api", "latest.json"), "utf8")) as WorklogJson,
    md: await readFile(join(out, "stress-api", "latest.md"), "utf8"),
    html: await readFile(join(out, "stress-api", "latest.html"), "utf8"),
    index: JSON.parse(await readFile(join(out, "stress-api", "index.json"), "utf8")) as WorklogIndex,
  };
}

it("lists at most the capped incidents and clusters and counts the rest, in JSON, Markdown and HTML", async () => {
  // 1,500 exception types: 1,500 exception clusters and as many incidents.
  const { json, md, html, index } = await run(await stressFile("exceptions", 3000, 1500));
  expect(json.totals.entries).toBe(3000);
  expect(json.incidents).toHaveLength(MAX_INCIDENTS_IN_WORKLOG);
  expect(json.clusters.length).toBeLessThanOrEqual(MAX_CLUSTERS_IN_WORKLOG + 2 * MAX_INCIDENTS_IN_WORKLOG);
  const shown = new Set(json.clusters.map((c) => c.id));
  // every cluster a listed incident names is listed
  for (const inc of json.incidents) for (const id of [inc.rootCause, ...inc.clusters]) expect(shown.has(id)).toBe(true);
  // nothing is lost: what is listed plus what is counted is everything
  const notShown = json.notShown;
  expect(notShown).toBeDefined();
  expect(json.clusters.reduce((n, c) => n + c.count, 0) + (notShown?.clusters.events ?? 0)).toBe(json.totals.events);
  expect(json.clusters.length + (notShown?.clusters.count ?? 0)).toBe(1500);
  expect(json.incidents.length + (notShown?.incidents.count ?? 0)).toBe(1500);
  expect(Object.values(notShown?.incidents.byPriority ?? {}).reduce((a, b) => a + (b ?? 0), 0)).toBe(notShown?.incidents.count);
  // the Markdown stays readable: a bounded summary and table, and says what it left out
  const summary = md.slice(md.indexOf("## Executive summary"), md.indexOf("## Incidents"));
  expect(summary.split("\n").filter((l) => l.startsWith("- **P")).length).toBeLessThanOrEqual(25);
  expect(summary).toContain(`and ${(1500 - 25).toLocaleString("en-US")} more incidents`);
  const table = md.slice(md.indexOf("## Log clusters"), md.indexOf("## Technical details"));
  expect(table.split("\n").filter((l) => /^\| C\d+ /.test(l)).length).toBe(100);
  expect(md).toContain(`${(notShown?.incidents.count ?? 0).toLocaleString("en-US")} more incidents`);
  expect(md).toContain(`${(notShown?.clusters.count ?? 0).toLocaleString("en-US")} more clusters`);
  expect(md.length).toBeLessThan(300_000);
  // the HTML page is bounded the same way and says what the JSON left out
  expect(html.match(/<tr id="C\d+">/g)?.length ?? 0).toBeLessThanOrEqual(300);
  expect(html).toContain(`${(notShown?.incidents.count ?? 0).toLocaleString("en-US")} more incidents`);
  expect(html).toContain(`${(notShown?.clusters.count ?? 0).toLocaleString("en-US")} more clusters`);
  expect(html.length).toBeLessThan(1_000_000);
  // the service's index counts every incident of the hour, listed or not
  const row = index.rows.find((r) => r.window.end === json.window.end);
  expect(Object.values(row?.incidents ?? {}).reduce((a, b) => a + (b ?? 0), 0)).toBe(1500);
});

it("writes a worklog of an ordinary hour with nothing left out and no notShown field", async () => {
  const { json } = await run(await stressFile("exceptions", 200, 20));
  expect(json.incidents.length).toBeLessThanOrEqual(20);
  expect(json.notShown).toBeUndefined();
});
