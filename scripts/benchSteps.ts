/**
 * What each per-entry step of a pass costs, in µs per entry, over the first entries of an export held
 * in memory (no reading, so each step is timed alone; a step's figure includes the steps it calls):
 *
 *   npm run build
 *   node dist/scripts/benchSteps.js /tmp/hour.json [ENTRIES] [ROUNDS]     # default 200,000 entries, 5 rounds
 *
 * benchPass.ts gives the whole pass against its parse floor; this says where the time over the floor
 * goes. Each row is the fastest of ROUNDS (this machine's neighbours slow rounds, never speed them).
 */
import { openExport, readExport } from "../shared/entries/readExport.js";
import type { Entry } from "../shared/entries/entry.js";
import { normalizeEntry } from "../shared/entries/normalizeEntry.js";
import { createDuplicateFilter } from "../shared/entries/duplicateFilter.js";
import { unitOf } from "../shared/resources/unitOf.js";
import { unitKey } from "../shared/resources/gardenedUnit.js";
import { newTally, tallyEntry, tallyEvent } from "../shared/gardener/serviceTally.js";
import { createGroupTally } from "../shared/gardener/groupTally.js";
import { DEFAULT_CLUSTER_LIMITS } from "../shared/clustering/clusterLimits.js";
import { addRequest, emptyRequestStats } from "../shared/analysis/requestStats.js";
import { routeOf } from "../shared/clustering/routeOf.js";
import { recordMinute, emptySeries } from "../shared/worklog/minuteSeries.js";
import { toEvent } from "../shared/events/toEvent.js";
import { createEventAssembler } from "../shared/events/createEventAssembler.js";
import { createClusterer } from "../shared/clustering/createClusterer.js";
import type { LogEvent } from "../shared/events/logEvent.js";
import { UserError } from "../shared/util/userError.js";

async function main(path: string, limit: number, rounds: number): Promise<void> {
  // The first `limit` entries, streamed (a stress export need not fit); their JSON texts kept for the parse row.
  const texts: string[] = [];
  const raws: unknown[] = [];
  const read = readExport(await openExport(path));
  reading: for await (const batch of read.batches) for (const item of batch) {
    if (item.kind !== "value") continue;
    raws.push(item.value);
    texts.push(JSON.stringify(item.value));
    if (raws.length >= limit) break reading;
  }
  const entries: Entry[] = [];
  for (const raw of raws) {
    const n = normalizeEntry(raw);
    if (n.ok) entries.push(n.entry);
  }
  if (!entries.length) throw new UserError(`${path} holds no entries to measure`);
  const events: LogEvent[] = entries.map((e) => toEvent(e));
  const unit = { kind: "cloud-run-service", name: "bench" } as const;
  const steps: Array<[string, () => void]> = [
    ["JSON.parse (the floor's own work)", () => texts.forEach((t) => JSON.parse(t))],
    ["normalizeEntry", () => raws.forEach((r) => normalizeEntry(r, { nowMs: Date.now() }))],
    ["unitOf + unitKey", () => entries.forEach((e) => { const u = unitOf(e); if (u.kind === "unit") unitKey(u.unit); })],
    ["duplicate filter", () => { const d = createDuplicateFilter(); entries.forEach((e) => d.isDuplicate(e)); }],
    ["tallyEntry (counts, requests, minutes)", () => { const t = newTally("bench", unit, DEFAULT_CLUSTER_LIMITS); entries.forEach((e) => tallyEntry(t, e)); }],
    ["  addRequest", () => { const s = emptyRequestStats(); entries.forEach((e) => addRequest(s, e)); }],
    ["    routeOf", () => entries.forEach((e) => e.httpRequest?.url && routeOf(e.httpRequest.url))],
    ["  recordMinute", () => { const s = emptySeries(); entries.forEach((e) => recordMinute(s, e)); }],
    ["event assembly (toEvent included)", () => { const a = createEventAssembler(); entries.forEach((e) => a.add(e)); a.flush(); }],
    ["  toEvent", () => entries.forEach((e) => toEvent(e))],
    ["tallyEvent (clusters, timeline, pairs)", () => { const t = newTally("bench", unit, DEFAULT_CLUSTER_LIMITS); events.forEach((ev) => tallyEvent(t, ev)); }],
    ["  clusterer.add", () => { const c = createClusterer(DEFAULT_CLUSTER_LIMITS); events.forEach((ev) => c.add(ev)); }],
    ["the pass's core per entry (all above)", () => {
      // What the pass does with each item it reads (createGroupTally), normalizeEntry included.
      const g = createGroupTally([], undefined, DEFAULT_CLUSTER_LIMITS, Date.now());
      for (const value of raws) g.take({ kind: "value", value });
      g.finish();
    }],
  ];
  process.stdout.write(`${entries.length.toLocaleString("en-US")} entries of ${path}, fastest of ${rounds} rounds\n`);
  for (const [name, run] of steps) {
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      run();
      best = Math.min(best, performance.now() - t0);
    }
    process.stdout.write(`${name.padEnd(42)} ${((best * 1000) / entries.length).toFixed(2).padStart(6)} µs/entry\n`);
  }
}

const [path, entries, rounds] = process.argv.slice(2);
if (!path) {
  process.stderr.write("usage: node dist/scripts/benchSteps.js EXPORT [ENTRIES] [ROUNDS]\n");
  process.exit(2);
}
main(path, Number(entries ?? 200_000), Number(rounds ?? 5)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof UserError ? err.message : (err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
