import type { ClusterLimits } from "../clustering/clusterLimits.js";
import { createDuplicateFilter, type DuplicateStats } from "../entries/duplicateFilter.js";
import type { Entry, SkipReason } from "../entries/entry.js";
import { normalizeEntry } from "../entries/normalizeEntry.js";
import { mergeUnit, unitKey, type GardenedUnit } from "../resources/gardenedUnit.js";
import type { UnitSelector } from "../resources/unitSelector.js";
import { unitOf } from "../resources/unitOf.js";
import type { TimeWindow } from "../worklog/worklog.js";
import type { SourceItem } from "./ports.js";
import { flushEvents, newTally, tallyEntryAndEvents, tallyWeighted, type ServiceTally } from "./serviceTally.js";

/** What a read of one window kept, once every item was taken. */
export interface GroupTallies {
  tallies: Map<string, ServiceTally>;
  skipped: Partial<Record<SkipReason, number>>;
  /** Entries of resources that are not gardened, by resource type ("" = none given). */
  otherResources: Record<string, number>;
  duplicates: DuplicateStats;
}

export interface GroupTally {
  /** Takes one item a source handed over: tallied under its unit, or counted as skipped or as another resource. */
  take(item: SourceItem): void;
  /** Clusters the events still being assembled and hands over the tallies; call once, after the last item. */
  finish(): GroupTallies;
}

/**
 * The synchronous core of reading one window group (the pass's read loop only feeds it): every entry
 * is normalised and either tallied under its unit, counted as an entry of another resource (by type),
 * or counted as skipped by reason. With a window and no units named, a unit seen only outside the
 * window still gets a tally: its hour was quiet, and its worklog says so. `nowMs` is the pass's clock:
 * entries dated more than a day after it are skipped, so they can never stretch a window.
 */
export function createGroupTally(services: readonly UnitSelector[], window: TimeWindow | undefined, limits: ClusterLimits, nowMs: number): GroupTally {
  const skipped: Partial<Record<SkipReason, number>> = {};
  const otherResources: Record<string, number> = {};
  const skip = (reason: SkipReason, n = 1) => void (skipped[reason] = (skipped[reason] ?? 0) + n);
  const tallies = new Map<string, ServiceTally>();
  const named = services.length > 0;
  const startMs = window ? Date.parse(window.start) : -Infinity;
  const endMs = window ? Date.parse(window.end) : Infinity;
  for (const s of services) {
    if (!tallies.has(s.key)) tallies.set(s.key, newTally(s.key, { kind: s.kinds[0] as GardenedUnit["kind"], name: s.name }, limits));
  }
  const duplicates = createDuplicateFilter();
  const normalizeOptions = { nowMs };

  return {
    take(item) {
      if (item.kind === "skip") {
        skip(item.reason);
        return;
      }
      // A weighted item stands for `count` entries: what happens to it happens to all of them.
      const count = item.kind === "weighted" ? item.weight.count : 1;
      let e: Entry;
      if (item.kind === "entry") e = item.entry;
      else {
        const n = normalizeEntry(item.value, normalizeOptions);
        if (!n.ok) {
          skip(n.reason, count);
          return;
        }
        e = n.entry;
      }
      const found = unitOf(e);
      const key = found.kind === "unit" ? unitKey(found.unit) : undefined;
      let t = key === undefined ? undefined : tallies.get(key);
      if (found.kind === "unit" && !t && !named) {
        t = newTally(key as string, found.unit, limits);
        tallies.set(key as string, t);
      }
      if (e.timeMs < startMs || e.timeMs >= endMs) {
        skip("outside_window", count);
        return;
      }
      if (duplicates.isDuplicate(e)) {
        skip("duplicate");
        return;
      }
      if (found.kind === "other") {
        otherResources[found.resourceType] = (otherResources[found.resourceType] ?? 0) + count;
        return;
      }
      if (found.kind === "unnamed") {
        skip("no_service", count);
        return;
      }
      if (!t) {
        skip("other_service", count);
        return;
      }
      mergeUnit(t.unit, found.unit);
      if (item.kind === "weighted") tallyWeighted(t, e, item.weight);
      else tallyEntryAndEvents(t, e);
    },
    finish() {
      for (const t of tallies.values()) flushEvents(t);
      return { tallies, skipped, otherResources, duplicates: duplicates.stats() };
    },
  };
}
