import type { Entry } from "../entries/entry.js";
import type { LogEvent, StitchKind } from "./logEvent.js";
import { continues, extend, openEvent, type OpenEvent } from "./stitchRule.js";
import { DEFAULT_STITCH_LIMITS, type StitchLimits } from "./stitchLimits.js";
import { toEvent, toStitchedEvent } from "./toEvent.js";

/** Counts of what assembly did, for the worklog. */
export interface AssemblyStats {
  events: number;
  /** Events made of more than one entry, and the entries they hold. */
  stitchedEvents: number;
  stitchedEntries: number;
  byKind: Partial<Record<StitchKind, number>>;
  /** Buffers assembled early because a bound was hit; an event may have been split there. */
  forcedFlushes: number;
}

export interface EventAssembler {
  /** Takes one entry; returns the events that are complete now (possibly none, possibly several). */
  add(entry: Entry): LogEvent[];
  /** Assembles everything still buffered (end of input). */
  flush(): LogEvent[];
  stats(): AssemblyStats;
}

interface StreamBuffer {
  entries: Entry[];
  lo: number;
  hi: number;
}

/**
 * Turns a stream of entries into a stream of events. Lines that the platform splits (chained Python
 * tracebacks, gunicorn boot and exit lines, unmerged Node stacks, pretty-printed JSON) are buffered per
 * instance and output stream, and assembled once the stream of that instance moves on by more than
 * `gapMs` in either direction, so exports sorted newest first work as well as oldest first.
 * Request logs, platform messages, audit logs and structured entries pass straight through.
 */
export function createEventAssembler(limits: StitchLimits = DEFAULT_STITCH_LIMITS): EventAssembler {
  // Insertion order = least recently touched first (re-inserted on every touch).
  const buffers = new Map<string, StreamBuffer>();
  let buffered = 0;
  const stats: AssemblyStats = { events: 0, stitchedEvents: 0, stitchedEntries: 0, byKind: {}, forcedFlushes: 0 };

  const emit = (out: LogEvent[], ev: LogEvent) => {
    stats.events++;
    if (ev.parts > 1 && ev.stitch) {
      stats.stitchedEvents++;
      stats.stitchedEntries += ev.parts;
      stats.byKind[ev.stitch] = (stats.byKind[ev.stitch] ?? 0) + 1;
    }
    out.push(ev);
  };
  const drain = (key: string, out: LogEvent[]) => {
    const b = buffers.get(key);
    if (!b) return;
    buffers.delete(key);
    buffered -= b.entries.length;
    for (const g of groupEntries(b.entries, limits)) emit(out, toStitchedEvent(g.parts, g.kind));
  };
  /**
   * A buffer at its size bound is assembled except for the group at the edge the input is moving
   * towards (the newest end when the input is oldest first, the oldest end when newest first): that
   * group may still be growing, so it stays buffered.
   */
  const drainAllButEdge = (key: string, edge: "lo" | "hi", out: LogEvent[]) => {
    const b = buffers.get(key);
    if (!b) return;
    const groups = groupEntries(b.entries, limits);
    const kept = groups.length > 1 ? (edge === "hi" ? groups.pop() : groups.shift()) : undefined;
    if (!kept) {
      drain(key, out);
      return;
    }
    for (const g of groups) emit(out, toStitchedEvent(g.parts, g.kind));
    buffered -= b.entries.length - kept.parts.length;
    b.entries = [...kept.parts];
    b.lo = (kept.parts[0] as Entry).timeMs;
    b.hi = (kept.parts[kept.parts.length - 1] as Entry).timeMs;
  };

  return {
    add(entry) {
      const out: LogEvent[] = [];
      const key = streamKey(entry);
      if (key === undefined) {
        emit(out, toEvent(entry));
        return out;
      }
      let b = buffers.get(key);
      if (b && (entry.timeMs < b.lo - limits.gapMs || entry.timeMs > b.hi + limits.gapMs)) {
        drain(key, out);
        b = undefined;
      }
      if (b) buffers.delete(key);
      else b = { entries: [], lo: entry.timeMs, hi: entry.timeMs };
      buffers.set(key, b);
      b.entries.push(entry);
      buffered++;
      if (entry.timeMs < b.lo) b.lo = entry.timeMs;
      if (entry.timeMs > b.hi) b.hi = entry.timeMs;
      if (b.entries.length >= limits.maxBufferedPerStream) {
        stats.forcedFlushes++;
        drainAllButEdge(key, entry.timeMs >= b.hi ? "hi" : "lo", out);
      }
      while (buffered > limits.maxBufferedTotal || buffers.size > limits.maxStreams) {
        const lru = buffers.keys().next().value as string;
        stats.forcedFlushes++;
        drain(lru, out);
      }
      return out;
    },
    flush() {
      const out: LogEvent[] = [];
      for (const key of [...buffers.keys()]) drain(key, out);
      return out;
    },
    stats: () => ({ ...stats, byKind: { ...stats.byKind } }),
  };
}

/** Entries that may be one line of a longer event: unstructured container output. */
function streamKey(e: Entry): string | undefined {
  if (e.httpRequest || e.payloadKind !== "text") return undefined;
  if (!/(?:^|\/)(?:stdout|stderr)$/.test(e.logId) && e.logId.startsWith("run.googleapis.com/")) return undefined;
  if (e.logId.startsWith("cloudaudit.googleapis.com/")) return undefined;
  return `${e.labels.instanceId ?? ""}\u0000${e.resourceLabels.revision_name ?? ""}\u0000${e.logId}`;
}

/** Time order; the same millisecond is ordered by insert id, which the logging agent assigns in sequence. */
function byTime(a: Entry, b: Entry): number {
  return a.timeMs - b.timeMs || (a.insertId ?? "").localeCompare(b.insertId ?? "");
}

/** Splits one instance stream's lines (any order) into events, in time order. */
export function assemble(entries: Entry[], limits: StitchLimits = DEFAULT_STITCH_LIMITS): LogEvent[] {
  return groupEntries(entries, limits).map((g) => toStitchedEvent(g.parts, g.kind));
}

interface Group {
  parts: Entry[];
  kind: StitchKind;
}

/** The lines of one instance stream (any order) grouped into events, in time order. */
function groupEntries(entries: Entry[], limits: StitchLimits): Group[] {
  const sorted = [...entries].sort(byTime);
  const events: Group[] = [];
  let open: OpenEvent | undefined;
  const close = () => {
    if (open) events.push({ parts: open.parts, kind: open.kind ?? "python-traceback" });
    open = undefined;
  };
  for (const e of sorted) {
    if (open) {
      const last = open.parts[open.parts.length - 1] as Entry;
      const kind = e.timeMs - last.timeMs <= limits.gapMs && open.parts.length < limits.maxParts ? continues(open, e, limits.printBurstMs) : undefined;
      if (kind) {
        extend(open, e, kind);
        continue;
      }
      close();
    }
    open = openEvent(e);
  }
  close();
  return events;
}
