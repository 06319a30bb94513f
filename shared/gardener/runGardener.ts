import { randomUUID } from "node:crypto";
import { analyzeWindow } from "../analysis/analyze.js";
import { DEFAULT_CLUSTER_LIMITS, type ClusterLimits } from "../clustering/clusterLimits.js";
import type { DuplicateStats } from "../entries/duplicateFilter.js";
import type { SkipReason } from "../entries/entry.js";
import { normalizeEntry } from "../entries/normalizeEntry.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import type { ReadProgress } from "../util/readProgress.js";
import { UserError } from "../util/userError.js";
import { buildWorklog } from "../worklog/buildWorklog.js";
import { publishWorklog } from "../worklog/publishWorklog.js";
import type { TimeWindow, WorklogJson } from "../worklog/worklog.js";
import { releaseLease, takeLease } from "./issueLease.js";
import { findPreviousWorklog } from "./previousWorklog.js";
import { planWatermarkWindow, windowBeforeLastEntry, type WindowPlan } from "./planWindow.js";
import type { Clock, IssueTracker, LoadedState, LogSource, ReadOutcome, StateStore, WorklogStore } from "./ports.js";
import type { ServiceTally } from "./serviceTally.js";
import { createGroupTally } from "./groupTally.js";
import type { WindowCounter, WindowCountsOutcome } from "./windowCounts.js";
import { GARDENED_KINDS_TEXT, type GardenedUnit } from "../resources/gardenedUnit.js";
import { parseUnitSelector, type UnitSelector } from "../resources/unitSelector.js";

export interface GardenerDeps {
  source: LogSource;
  worklogs: WorklogStore;
  tracker: IssueTracker;
  state: StateStore;
  clock: Clock;
  /**
   * Whole-window counts (Cloud Monitoring) for sources that read a selection of the window: the
   * worklog's totals come from there and what was read is reported beside them. Absent for sources
   * that read everything (an export) or count for themselves (Log Analytics).
   */
  counter?: WindowCounter;
  /** Progress for people (the CLI sends it to stderr); never the results. */
  progress?: (message: string) => void;
  /**
   * How far a read has got, often (every READ_PROGRESS_EVERY items) for a progress bar; when given,
   * it replaces the plain "read N entries" lines during the read (the CLI gives it on a terminal).
   */
  readProgress?: (p: ReadProgress) => void;
}

export interface GardenerConfig {
  /**
   * Units to garden, as selectors (see resources/unitSelector.ts: a Cloud Run service or function name,
   * run-job/NAME, app-engine/NAME, gke/NAMESPACE/WORKLOAD); empty = every unit found in the input
   * (file sources only).
   */
  services: readonly string[];
  /**
   * A window with no entries of a unit is a quiet hour: its worklog says so and the pass goes on
   * (CLI with --start/--end or --window, and the function). Only an export read without a window has
   * no hour to record: nothing in it is said in one line instead.
   */
  window: WindowPlan;
  dryRun: boolean;
  clusterLimits?: ClusterLimits;
  version: string;
}

/** What happened for one unit in one pass; `service` is the unit's key (its worklog path and state derive from it). */
export type ServiceOutcome =
  | {
      kind: "written";
      service: string;
      unit: GardenedUnit;
      window: TimeWindow;
      worklog: string;
      worklogJson: string;
      entries: number;
      bySeverity: WorklogJson["totals"]["bySeverity"];
      clusters: number;
      incidents: Array<{ id: string; priority: string; title: string }>;
      issues: IssueOutcome[];
      complete: boolean;
    }
  | { kind: "nothing-to-do"; service: string; reason: string }
  | { kind: "conflict"; service: string; window: TimeWindow; detail: string };

export interface GardenerResult {
  services: ServiceOutcome[];
  skipped: Partial<Record<SkipReason, number>>;
  /** Entries of resources the gardener does not garden, by resource type. */
  otherResources: Record<string, number>;
  /** Every item the source handed over (entries and unreadable items alike), over all reads. */
  itemsRead: number;
}

/** Entries read between two progress messages. */
const PROGRESS_EVERY = 100_000;
/** Entries read between two progress-bar updates: often enough to move smoothly, rarely enough to cost nothing. */
const READ_PROGRESS_EVERY = 4096;

/** Units that share one window: they are read together (one pass over the source). */
interface WindowGroup {
  /** Absent = the whole input (an export read without a window). */
  window?: TimeWindow;
  /** The units asked for; empty = every unit found. */
  services: UnitSelector[];
}

/** What one read of a window group produced: a tally per unit key, the skips it met, how it ended. */
interface GroupRead {
  tallies: Map<string, ServiceTally>;
  skipped: Partial<Record<SkipReason, number>>;
  /** Entries of resources that are not gardened, by resource type ("" = none given). */
  otherResources: Record<string, number>;
  /** Items the source handed over. */
  items: number;
  duplicates: DuplicateStats;
  outcome: ReadOutcome;
  /** Whole-window counts, from the source itself or the counter; absent when neither counts. */
  counts?: WindowCountsOutcome;
}

/** Per-pass memory: each service's state is loaded once, and the generation read then is what the commit checks. */
type StateCache = (service: string) => Promise<LoadedState>;

/**
 * One gardening pass: plan the windows, then for each window group read → normalise → events →
 * clusters, and garden each service found (analyse, sync issues, write the worklog, commit the state).
 * Every input entry is either counted in a service's totals or counted as skipped by reason.
 */
export async function runGardener(deps: GardenerDeps, config: GardenerConfig): Promise<GardenerResult> {
  const progress = deps.progress ?? (() => {});
  const states = new Map<string, LoadedState>();
  const loadState: StateCache = async (key) => {
    let s = states.get(key);
    if (!s) {
      s = await deps.state.load(key);
      states.set(key, s);
    }
    return s;
  };

  const outcomes: ServiceOutcome[] = [];
  /** Names this pass's leases: a lease it already holds never blocks it. */
  const passId = randomUUID();
  const plan = await planGroups(config, deps, loadState, progress);
  outcomes.push(...plan.nothingToDo);
  const allSkipped: Partial<Record<SkipReason, number>> = {};
  const allOther: Record<string, number> = {};
  let itemsRead = 0;
  for (const group of plan.groups) {
    const read = await readGroup(deps, group, config.clusterLimits ?? DEFAULT_CLUSTER_LIMITS, progress);
    for (const [reason, n] of Object.entries(read.skipped) as Array<[SkipReason, number]>) allSkipped[reason] = (allSkipped[reason] ?? 0) + n;
    for (const [type, n] of Object.entries(read.otherResources)) allOther[type] = (allOther[type] ?? 0) + n;
    itemsRead += read.items;

    const tallies = [...read.tallies.values()].sort((a, b) => a.key.localeCompare(b.key));
    if (!group.window) {
      // An export read whole has no hour to record: units without entries in it are said to have none.
      if (!tallies.some((t) => t.entries > 0)) {
        if (read.items === 0) continue;
        throw noEntries(group, read);
      }
      for (const t of tallies.filter((t) => !t.entries)) outcomes.push({ kind: "nothing-to-do", service: t.key, reason: "the input holds no entries of it" });
    }
    for (const t of tallies) {
      if (!group.window && !t.entries) continue;
      outcomes.push(await gardenService(deps, config, { tally: t, group, read, notRead: plan.notRead.get(t.key), loadState, progress, passId }));
    }
  }
  return { services: outcomes, skipped: allSkipped, otherResources: allOther, itemsRead };
}

/** Selectors checked once more here: the pass may be called with names no config loader has seen. */
function selectorsOf(texts: readonly string[]): UnitSelector[] {
  const problems: string[] = [];
  const out: UnitSelector[] = [];
  for (const text of texts) {
    const p = parseUnitSelector(text);
    if (p.ok) out.push(p.selector);
    else problems.push(p.problem);
  }
  if (problems.length) throw new UserError(problems.join("; "));
  return out;
}

/**
 * The windows to read: with a watermark plan, each unit's next window from its state (units that
 * share a window share a read); otherwise one group with the fixed window or the whole input.
 */
async function planGroups(
  config: GardenerConfig,
  deps: GardenerDeps,
  loadState: StateCache,
  progress: (m: string) => void,
): Promise<{ groups: WindowGroup[]; nothingToDo: ServiceOutcome[]; notRead: Map<string, NonNullable<WorklogJson["notRead"]>> }> {
  const nothingToDo: ServiceOutcome[] = [];
  /** Time after a unit's watermark that the catch-up bound left unread; each worklog says so. */
  const notRead = new Map<string, NonNullable<WorklogJson["notRead"]>>();
  const selectors = selectorsOf(config.services);
  if (config.window.kind === "before-last-entry") {
    const last = await lastEntryMs(deps.source, deps.clock.now().getTime());
    if (last === undefined) return { groups: [{ services: selectors }], nothingToDo, notRead };
    const window = windowBeforeLastEntry(last, config.window.lengthMs);
    progress(`the window ends at the input's last entry (${new Date(last).toISOString()}), rounded up to the minute: ${window.start} to ${window.end}`);
    return { groups: [{ window, services: selectors }], nothingToDo, notRead };
  }
  if (config.window.kind !== "watermark") {
    const group: WindowGroup = { ...(config.window.kind === "fixed" ? { window: config.window.window } : {}), services: selectors };
    return { groups: [group], nothingToDo, notRead };
  }
  if (!selectors.length) throw new UserError("no services configured: name at least one Cloud Run service, function, job, App Engine service or GKE workload");
  const groups = new Map<string, WindowGroup>();
  for (const selector of selectors) {
    const { state } = await loadState(selector.key);
    const planned = planWatermarkWindow(state.watermark, deps.clock.now(), config.window);
    if (planned.kind === "nothing-to-do") {
      nothingToDo.push({ kind: "nothing-to-do", service: selector.key, reason: planned.reason });
      continue;
    }
    if (planned.skippedBeforeMs && state.watermark) {
      const gap = { start: state.watermark, end: planned.window.start };
      const minutes = config.window.maxCatchUpMs / 60_000;
      notRead.set(selector.key, {
        ...gap,
        reason: `more than the catch-up bound (GARDENER_MAX_CATCH_UP, ${minutes} min) behind: read the gap with log-gardener run --service ${selector.text} --start ${gap.start} --end ${gap.end}`,
      });
      progress(`${selector.text}: catching up at most ${minutes} minutes; the ${Math.round(planned.skippedBeforeMs / 60_000)} minutes after the watermark ${state.watermark} are not read`);
    }
    const key = `${planned.window.start}/${planned.window.end}`;
    const g = groups.get(key) ?? { window: planned.window, services: [] };
    g.services.push(selector);
    groups.set(key, g);
  }
  return { groups: [...groups.values()], nothingToDo, notRead };
}

/**
 * The time of the input's last entry (any unit, any resource), by reading the source once; undefined
 * when it holds none. Entries the normaliser refuses (dated far in the future, among others) do not count.
 */
async function lastEntryMs(source: LogSource, nowMs: number): Promise<number | undefined> {
  let last: number | undefined;
  const read = source.read({ services: [], nowMs });
  for await (const batch of read.batches) {
    for (const item of batch) {
      let ms: number;
      if (item.kind === "entry") ms = item.entry.timeMs;
      else if (item.kind === "value") {
        const n = normalizeEntry(item.value, { nowMs });
        if (!n.ok) continue;
        ms = n.entry.timeMs;
      } else continue;
      if (last === undefined || ms > last) last = ms;
    }
  }
  return last;
}

/** Reads one window group once, through createGroupTally; skips and other resources belong to the read that met them (each group counts its own). */
async function readGroup(deps: GardenerDeps, group: WindowGroup, limits: ClusterLimits, progress: (m: string) => void): Promise<GroupRead> {
  progress(`reading ${deps.source.describe()}${group.window ? ` for ${group.window.start} to ${group.window.end}` : ""}`);
  const nowMs = deps.clock.now().getTime();
  const read = deps.source.read({ services: group.services.map((s) => s.text), ...(group.window ? { window: group.window } : {}), nowMs });
  const tally = createGroupTally(group.services, group.window, limits, nowMs);
  let seen = 0;
  const bar = deps.readProgress;
  const began = performance.now();
  const position = () => ({ entries: seen, ...read.position?.(), elapsedMs: performance.now() - began });
  for await (const batch of read.batches) {
    for (const item of batch) {
      ++seen;
      if (bar) {
        if (seen % READ_PROGRESS_EVERY === 0) bar(position());
      } else if (seen % PROGRESS_EVERY === 0) progress(`read ${seen.toLocaleString("en-US")} entries`);
      tally.take(item);
    }
  }
  const kept = tally.finish();
  bar?.(position());
  const outcome = read.outcome();
  progress(`read ${seen.toLocaleString("en-US")} entries${outcome.complete ? "" : ` (incomplete: ${outcome.note})`}`);
  const counts = read.windowCounts?.() ?? (deps.counter && group.window ? await countWindow(deps.counter, group.window, [...kept.tallies.keys()], progress) : undefined);
  return { ...kept, items: seen, outcome, ...(counts ? { counts } : {}) };
}

/** Whole-window counts of the units read; a counter that fails is reported, never fatal to the pass. */
async function countWindow(counter: WindowCounter, window: TimeWindow, services: string[], progress: (m: string) => void): Promise<WindowCountsOutcome> {
  progress(`counting the whole window with ${counter.describe()}`);
  const counts = await counter.count({ services, window });
  if (counts.kind === "unavailable") progress(`whole-window counts unavailable (${counts.reason}): ${counts.detail}`);
  return counts;
}

function noEntries(group: WindowGroup, read: GroupRead): UserError {
  const what = group.window ? `between ${group.window.start} and ${group.window.end}` : "in the input";
  const counts = (c: Record<string, number | undefined>) => Object.entries(c).map(([r, n]) => `${r || "(no resource type)"} ${n}`).join(", ");
  const skippedText = counts(read.skipped);
  const otherText = counts(read.otherResources);
  const why = [skippedText ? `skipped: ${skippedText}` : "", otherText ? `other resources, not gardened: ${otherText}` : ""].filter(Boolean).join("; ");
  // The advice follows what happened to the entries, so it never points at a flag that played no part.
  const sk = read.skipped;
  const advice = [
    sk.outside_window ? "check the window" : "",
    sk.other_service ? "check --service" : "",
    sk.no_service ? "entries of a gardened resource type that name no unit were skipped" : "",
    otherText ? `the gardener gardens ${GARDENED_KINDS_TEXT}` : "",
    READ_SKIPS.some((r) => sk[r]) ? "check the export" : "",
  ].filter(Boolean);
  const notUnits = !!(otherText || sk.other_service || sk.no_service);
  return new UserError(
    `no log entries${notUnits ? " of a gardened unit" : ""} ${what}${group.services.length ? ` for ${group.services.map((s) => s.text).join(", ")}` : ""}${why ? ` (${why})` : ""}: ${advice.length ? advice.join("; ") : "check the window and --service, or the export"}`,
  );
}

/** Skip reasons that say the export itself could not be read as log entries. */
const READ_SKIPS: readonly SkipReason[] = ["invalid_json", "invalid_yaml", "too_large", "not_an_object", "missing_timestamp", "invalid_timestamp", "timestamp_out_of_range", "invalid_severity"];

/**
 * Gardens one service of a read group. The order of the steps is the guarantee:
 * 0. a pass that writes to GitHub first takes the service's lease in the state (one state write, no
 *    GitHub write): a second pass over the service stops here, before touching GitHub;
 * 1. analyse, then sync issues: the worklog lists the issue outcomes and the state records the issue
 *    numbers, so both are built after it. Sync comes before the race check below; a pass that then
 *    loses has touched GitHub, which is safe because issues are found again by their hidden marker;
 * 2. re-load the state: a pass that already lost the race writes no worklog (the winner's stays);
 * 3. write the worklog (latest.* only when this window is the newest), then
 * 4. commit the state with the generation read at the start: of two concurrent passes one loses here.
 */
async function gardenService(
  deps: GardenerDeps,
  config: GardenerConfig,
  at: { tally: ServiceTally; group: WindowGroup; read: GroupRead; notRead: WorklogJson["notRead"] | undefined; loadState: StateCache; progress: (m: string) => void; passId: string },
): Promise<ServiceOutcome> {
  const { tally: t, read, progress } = at;
  const window = at.group.window ?? inputWindow(t);
  let loaded = await at.loadState(t.key);
  // A pass that writes to GitHub holds the unit's lease from here to its commit.
  const writesGithub = deps.tracker.kind === "github" && !config.dryRun;
  if (writesGithub) {
    const lease = await takeLease(deps.state, t.key, loaded, at.passId, deps.clock.now());
    if (lease.kind === "busy") {
      progress(`${t.unit.name}: ${lease.detail}; this pass stops here for the service`);
      return { kind: "conflict", service: t.key, window, detail: lease.detail };
    }
    loaded = lease.loaded;
  }
  try {
    return await gardenLeased(deps, config, at, window, loaded);
  } catch (err) {
    if (writesGithub) {
      await releaseLease(deps.state, t.key, loaded).catch((e: unknown) => progress(`${t.unit.name}: could not release the lease (${(e as Error).message}); it expires by itself`));
    }
    throw err;
  }
}

async function gardenLeased(
  deps: GardenerDeps,
  config: GardenerConfig,
  at: { tally: ServiceTally; group: WindowGroup; read: GroupRead; notRead: WorklogJson["notRead"] | undefined; loadState: StateCache; progress: (m: string) => void },
  window: TimeWindow,
  loaded: LoadedState,
): Promise<ServiceOutcome> {
  const { tally: t, read, progress } = at;
  const state = structuredClone(loaded.state);
  delete state.lease; // the commit at the end releases it
  const { clusters, drops } = t.clusterer.result();
  // Trends compare with the window immediately before this one: never this window (a re-run), never a later one (a back-fill).
  const { previous, at: previousAt, note: previousNote } = await findPreviousWorklog(deps.worklogs, t.key, window, loaded.state.lastWorklog);
  if (previousNote) progress(`${t.unit.name}: ${previousNote}; trends are left out`);
  const analysis = analyzeWindow({
    clusters,
    requests: t.requests,
    windowMs: Date.parse(window.end) - Date.parse(window.start),
    windowStartMs: Date.parse(window.start),
    timeline: t.timeline,
    revisions: t.revisions,
    deploys: t.deploys,
    pairs: t.pairs.result(),
    bySeverity: t.bySeverity,
    ...(previous ? { previous } : {}),
  });
  const incidents = analysis.incidents;
  const located = deps.worklogs.locate(t.key, window);
  const issues = await deps.tracker.sync({
    service: t.key,
    unit: t.unit,
    ...(t.unit.project ? { project: t.unit.project } : {}),
    window,
    incidents,
    state,
    worklogLocation: located.location,
    dryRun: config.dryRun,
  });
  const json = buildWorklog({
    tally: t,
    clusters,
    incidents,
    resolved: analysis.resolved,
    clientErrorEchoes: analysis.clientErrorEchoes,
    codeWarnings: analysis.codeWarnings,
    ...(analysis.unmeasurable ? { unmeasurable: analysis.unmeasurable } : {}),
    issues,
    window,
    source: {
      kind: deps.source.kind,
      description: deps.source.describe(),
      ...(deps.source.selection ? { selection: deps.source.selection() } : {}),
      outcome: read.outcome,
    },
    skipped: { ...read.skipped },
    otherResources: { ...read.otherResources },
    duplicates: read.duplicates,
    drops,
    ...(read.counts ? { counts: read.counts } : {}),
    ...(at.notRead ? { notRead: at.notRead } : {}),
    generatedAt: deps.clock.now().toISOString(),
    version: config.version,
    ...(previousAt ? { previous: { location: previousAt.location, window: previousAt.window, ...(previousNote ? { note: previousNote } : {}) } } : {}),
  });
  const current = await deps.state.load(t.key);
  if (current.generation !== loaded.generation) {
    const detail = `state generation is ${current.generation}, this pass read ${loaded.generation}`;
    progress(`${t.unit.name}: another pass committed first (${detail}); this pass stops here for the service`);
    return { kind: "conflict", service: t.key, window, detail };
  }
  // A backfill of an older window is stored under its own name but does not replace latest.* nor
  // the baseline the next hour's trends are computed against.
  const newest = !loaded.state.lastWorklog || Date.parse(window.end) >= Date.parse(loaded.state.lastWorklog.window.end);
  const { stored } = await publishWorklog(deps.worklogs, json, { latest: newest, ...(previous ? { previous } : {}), progress });
  progress(`${t.unit.name}: wrote ${stored.location}`);
  if (advancesWatermark(state.watermark, window, read.outcome, config.window.kind, deps.clock.now())) state.watermark = window.end;
  if (newest) state.lastWorklog = { location: stored.location, jsonLocation: stored.jsonLocation, window };
  const committed = await deps.state.commit(t.key, state, loaded.generation);
  if (committed.kind === "conflict") {
    progress(`${t.unit.name}: another pass committed first (${committed.detail}); this pass stops here for the service`);
    return { kind: "conflict", service: t.key, window, detail: committed.detail };
  }
  return {
    kind: "written",
    service: t.key,
    unit: { ...t.unit },
    window,
    worklog: stored.location,
    worklogJson: stored.jsonLocation,
    entries: t.entries,
    bySeverity: json.totals.bySeverity,
    clusters: json.clusters.length,
    incidents: json.incidents.map((i) => ({ id: i.id, priority: i.priority, title: i.title })),
    issues,
    complete: read.outcome.complete,
  };
}

/**
 * Whether this window moves the watermark to its end. A failed read does not (the next pass reads the
 * window again); a read cut short by the page budget does (it read errors first and says so; a reread
 * would be cut the same way). A fixed window (CLI --start/--end, a request body) moves it only when it
 * joins on to it and has ended: a manual window later than the watermark must not make the hours in
 * between look done, nor one reaching into the future silence the hourly passes.
 */
export function advancesWatermark(
  watermark: string | undefined,
  window: TimeWindow,
  outcome: ReadOutcome,
  plan: WindowPlan["kind"],
  now: Date,
): boolean {
  if (!(outcome.complete ? true : outcome.reason === "budget")) return false;
  const end = Date.parse(window.end);
  if (watermark && Date.parse(watermark) >= end) return false;
  if (plan === "watermark") return true;
  return end <= now.getTime() && (!watermark || Date.parse(window.start) <= Date.parse(watermark));
}

/** The window an export covers when none was given: first entry to just after the last. */
function inputWindow(t: ServiceTally): TimeWindow {
  if (!Number.isFinite(t.firstMs)) {
    const now = new Date(0).toISOString();
    return { start: now, end: now };
  }
  return { start: new Date(t.firstMs).toISOString(), end: new Date(t.lastMs + 1).toISOString() };
}
