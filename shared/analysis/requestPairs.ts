import type { Cluster } from "../clustering/cluster.js";
import { routeOf } from "../clustering/routeOf.js";
import type { HttpRequestInfo } from "../entries/entry.js";
import { trafficOf } from "./trafficOf.js";
import { clustersEvicted } from "../clustering/createClusterer.js";

/**
 * How close to the end of a failed request an error must be logged on the same instance to be the
 * same failure when no trace ties them. Measured on the real exports: the traceback of a FastAPI
 * middleware came 1 ms before to 4 ms after the end of each 500 (realworld/donecast), a Flask
 * traceback 7 ms after (cloud-logging/08); 50 ms leaves room for a slow flush and stays far below the
 * time between two requests of one client.
 */
export const PAIR_GAP_MS = 50;

/** Bounds of what is held until the end of the read to pair requests with log events. */
export const PAIR_LIMITS = {
  /** Failed requests (4xx/5xx) and warning-or-worse log events kept per instance; past it, further ones are counted as dropped. */
  perInstance: 2000,
  /** Instances tracked; a crash loop of an hour at one restart every 10 s is 360. */
  maxInstances: 2000,
} as const;

interface RequestMark {
  cluster: Cluster;
  endMs: number;
  startMs: number;
  statusClass: "4xx" | "5xx";
}
interface EventMark {
  cluster: Cluster;
  timeMs: number;
}
interface Marks {
  requests: RequestMark[];
  events: EventMark[];
  /** Marks held when the next compaction runs (it doubles with what survives one). */
  compactAt: number;
  /**
   * `clustersEvicted()` when the marks were last filtered: while it has not moved, every mark held is
   * of a live cluster and filtering again would keep them all. An instance whose list is full met
   * the filter on every further mark (4,000 marks copied per failed request of a busy instance).
   */
  filteredAt: number;
}

/** Marks per instance before the first compaction. */
const FIRST_COMPACTION = 64;

/**
 * Forgets the marks of clusters the clusterer evicted (they never reach the result, and holding them
 * would keep every evicted cluster alive to the end of the read), whenever an instance's marks reach
 * `compactAt`: amortised constant work per mark. True when the list has room for one more mark,
 * after compacting if needed.
 */
function roomFor(s: Marks, list: "requests" | "events"): boolean {
  if (s.requests.length + s.events.length >= s.compactAt || s[list].length >= PAIR_LIMITS.perInstance) {
    const evicted = clustersEvicted();
    if (s.filteredAt !== evicted) {
      s.requests = s.requests.filter((m) => !m.cluster.evicted);
      s.events = s.events.filter((m) => !m.cluster.evicted);
      s.filteredAt = evicted;
    }
    s.compactAt = Math.max(FIRST_COMPACTION, 2 * (s.requests.length + s.events.length));
  }
  return s[list].length < PAIR_LIMITS.perInstance;
}

/** Failed requests and the log events that belong to them, counted per pair of patterns. */
export interface RequestPairs {
  /** request pattern -> log pattern -> requests of the first answered together with an event of the second. */
  pairs: Map<Cluster, Map<Cluster, number>>;
  /** Failed requests recorded per request pattern (the denominator of a pair's share). */
  requests: Map<Cluster, number>;
  /** Failed requests per request pattern that came from users, and from health checks or the gardener (every one counted, bounds or not). */
  fromUsers: Map<Cluster, number>;
  fromOthers: Map<Cluster, number>;
  /** Log events recorded per log pattern, and how many of them were paired with a 4xx answer. */
  events: Map<Cluster, number>;
  echoesOf4xx: Map<Cluster, number>;
  /** Marks not kept because a bound was reached (their requests stay unpaired). */
  dropped: number;
}

export interface PairRecorder {
  /** A request log (its httpRequest, started at `startMs`): only failed ones (4xx, 5xx) are kept, so only they are classified by traffic. */
  request(instance: string, cluster: Cluster, startMs: number, http: Readonly<HttpRequestInfo>): void;
  event(instance: string, cluster: Cluster, timeMs: number): void;
  result(): RequestPairs;
}

/**
 * Pairs each warning-or-worse log event with the failed request (4xx or 5xx) of the same instance whose
 * answer ended closest to it, within PAIR_GAP_MS; each request and each event in one pair at most.
 * Request logs are timestamped at the request's start and carry its latency, so the end is start + latency.
 */
export function createPairRecorder(): PairRecorder {
  const byInstance = new Map<string, Marks>();
  const fromUsers = new Map<Cluster, number>();
  const fromOthers = new Map<Cluster, number>();
  let dropped = 0;
  const slot = (instance: string) => {
    let s = byInstance.get(instance);
    if (!s) {
      if (byInstance.size >= PAIR_LIMITS.maxInstances) return undefined;
      s = { requests: [], events: [], compactAt: FIRST_COMPACTION, filteredAt: -1 };
      byInstance.set(instance, s);
    }
    return s;
  };
  return {
    request(instance, cluster, startMs, http) {
      const status = http.status;
      if (status === undefined || status < 400) return;
      const fromUser = trafficOf(routeOf(http.url ?? ""), http.userAgent) === "user";
      const tally = fromUser ? fromUsers : fromOthers;
      tally.set(cluster, (tally.get(cluster) ?? 0) + 1);
      const s = slot(instance);
      if (!s || !roomFor(s, "requests")) {
        dropped++;
        return;
      }
      if (cluster.evicted) s.filteredAt = -1;
      s.requests.push({ cluster, startMs, endMs: startMs + Math.max(0, http.latencyMs ?? 0), statusClass: status >= 500 ? "5xx" : "4xx" });
    },
    event(instance, cluster, timeMs) {
      const s = slot(instance);
      if (!s || !roomFor(s, "events")) {
        dropped++;
        return;
      }
      if (cluster.evicted) s.filteredAt = -1;
      s.events.push({ cluster, timeMs });
    },
    result() {
      const out: RequestPairs = { pairs: new Map(), requests: new Map(), fromUsers, fromOthers, events: new Map(), echoesOf4xx: new Map(), dropped };
      for (const { requests, events } of byInstance.values()) {
        for (const r of requests) out.requests.set(r.cluster, (out.requests.get(r.cluster) ?? 0) + 1);
        for (const e of events) out.events.set(e.cluster, (out.events.get(e.cluster) ?? 0) + 1);
        // Closest pairs first, so that each request and each event is used once.
        const candidates: Array<{ r: RequestMark; e: EventMark; gap: number }> = [];
        const sorted = [...requests].sort((a, b) => a.endMs - b.endMs);
        for (const e of events) {
          let lo = 0;
          let hi = sorted.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if ((sorted[mid] as RequestMark).endMs < e.timeMs - PAIR_GAP_MS) lo = mid + 1;
            else hi = mid;
          }
          for (let i = lo; i < sorted.length && (sorted[i] as RequestMark).endMs <= e.timeMs + PAIR_GAP_MS; i++) {
            const r = sorted[i] as RequestMark;
            if (r.cluster !== e.cluster) candidates.push({ r, e, gap: Math.abs(r.endMs - e.timeMs) });
          }
        }
        candidates.sort((a, b) => a.gap - b.gap);
        const usedR = new Set<RequestMark>();
        const usedE = new Set<EventMark>();
        for (const { r, e } of candidates) {
          if (usedR.has(r) || usedE.has(e)) continue;
          usedR.add(r);
          usedE.add(e);
          const m = out.pairs.get(r.cluster) ?? new Map<Cluster, number>();
          m.set(e.cluster, (m.get(e.cluster) ?? 0) + 1);
          out.pairs.set(r.cluster, m);
          if (r.statusClass === "4xx") out.echoesOf4xx.set(e.cluster, (out.echoesOf4xx.get(e.cluster) ?? 0) + 1);
        }
      }
      return out;
    },
  };
}

export function emptyPairs(): RequestPairs {
  return { pairs: new Map(), requests: new Map(), fromUsers: new Map(), fromOthers: new Map(), events: new Map(), echoesOf4xx: new Map(), dropped: 0 };
}
