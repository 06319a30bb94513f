import { WILDCARD } from "./maskToken.js";
import { tokenize, type TokenizeCuts } from "./tokenize.js";

/** The one configuration of the miner, for every input (no per-dataset settings). */
export interface MinerSettings {
  /** Tokens considered per message; the rest becomes one `<*>` (counted `too_many_tokens`). */
  maxTokens: number;
  /** Characters considered per message; the rest is cut (counted `line_too_long`). */
  maxLineChars: number;
  /** Templates kept; past this the least recently used one is forgotten (counted `cluster_evicted`). */
  maxClusters: number;
  /** Exact masked sequences remembered for the fast path; past this they are simply not cached. */
  maxCachedKeys: number;
  /** Share of constant positions two sequences must agree on to be one template. */
  similarity: number;
  /** Messages of at most this many tokens are grouped exactly (no merging). */
  exactBelowTokens: number;
}

export const DEFAULT_MINER_SETTINGS: MinerSettings = {
  maxTokens: 256,
  maxLineChars: 16 * 1024,
  maxClusters: 50_000,
  maxCachedKeys: 200_000,
  similarity: 0.92,
  exactBelowTokens: 2,
};

export interface MinerDrops {
  clusterEvicted: number;
  lineTooLong: number;
  tooManyTokens: number;
}

/** Message-level clustering: one id per template. */
export interface TemplateMiner {
  /** Adds one message; returns its cluster id. */
  add(message: string): number;
  /** The cluster's template as it stands now (it may have generalised since a message was added). */
  template(id: number): string;
  /** Templates this cluster had before it generalised, oldest first (bounded). */
  history(id: number): readonly string[];
  /** The first distinct masked sequences that joined this cluster (bounded): order-independent keys. */
  memberKeys(id: number): readonly string[];
  /** What the last `add` had to cut. */
  lastCuts(): Readonly<TokenizeCuts>;
  size(): number;
  drops(): MinerDrops;
}

interface MinedCluster {
  id: number;
  tokens: string[];
  text: string;
  history: string[];
  members: string[];
  lastUsed: number;
  /** Index in its bucket, to find merge candidates. */
  bucket: string;
  alive: boolean;
}

const MAX_HISTORY = 16;

/**
 * A streaming miner of the Drain family: messages are tokenised and masked, a masked sequence seen
 * before goes straight to its template (one hash lookup), a new one joins the most similar template
 * of the same length and leading word, or starts its own.
 */
export function createTemplateMiner(settings: MinerSettings = DEFAULT_MINER_SETTINGS): TemplateMiner {
  const clusters: MinedCluster[] = [];
  const byKey = new Map<string, MinedCluster>();
  const buckets = new Map<string, MinedCluster[]>();
  const drops: MinerDrops = { clusterEvicted: 0, lineTooLong: 0, tooManyTokens: 0 };
  let alive = 0;
  let tick = 0;
  const cuts: TokenizeCuts = { lineTooLong: false, tooManyTokens: false };

  function bucketOf(tokens: string[]): string {
    const first = tokens[0] ?? "";
    return `${tokens.length}\u0000${first === WILDCARD ? "" : first}`;
  }

  function evictOne(): void {
    let lru: MinedCluster | undefined;
    for (const c of clusters) if (c.alive && (!lru || c.lastUsed < lru.lastUsed)) lru = c;
    if (!lru) return;
    lru.alive = false;
    alive--;
    drops.clusterEvicted++;
    const list = buckets.get(lru.bucket);
    if (list) buckets.set(lru.bucket, list.filter((c) => c !== lru));
    for (const [k, c] of byKey) if (c === lru) byKey.delete(k);
  }

  function best(tokens: string[], list: MinedCluster[]): MinedCluster | undefined {
    let winner: MinedCluster | undefined;
    let bestSim = -1;
    for (const c of list) {
      const s = similarity(c.tokens, tokens);
      if (s > bestSim) {
        bestSim = s;
        winner = c;
      }
    }
    return winner && bestSim >= settings.similarity ? winner : undefined;
  }

  return {
    add(message) {
      cuts.lineTooLong = false;
      cuts.tooManyTokens = false;
      const tokens = tokenize(message, settings.maxTokens, settings.maxLineChars, cuts);
      if (cuts.lineTooLong) drops.lineTooLong++;
      if (cuts.tooManyTokens) drops.tooManyTokens++;
      const key = tokens.join(" ");
      tick++;
      const hit = byKey.get(key);
      if (hit && hit.alive) {
        hit.lastUsed = tick;
        return hit.id;
      }
      const bucket = bucketOf(tokens);
      let list = buckets.get(bucket);
      let c = tokens.length > settings.exactBelowTokens && list ? best(tokens, list) : undefined;
      if (c) {
        const merged = generalise(c.tokens, tokens);
        if (merged) {
          if (c.history.length < MAX_HISTORY) c.history.push(c.text);
          c.tokens = merged;
          c.text = merged.join(" ");
        }
      } else {
        if (alive >= settings.maxClusters) {
          evictOne();
          list = buckets.get(bucket);
        }
        c = { id: clusters.length, tokens, text: key, history: [], members: [], lastUsed: tick, bucket, alive: true };
        clusters.push(c);
        alive++;
        if (list) list.push(c);
        else buckets.set(bucket, [c]);
      }
      c.lastUsed = tick;
      if (c.members.length < MAX_HISTORY) c.members.push(key);
      if (byKey.size < settings.maxCachedKeys) byKey.set(key, c);
      return c.id;
    },
    template: (id) => clusters[id]?.text ?? "",
    history: (id) => clusters[id]?.history ?? [],
    memberKeys: (id) => clusters[id]?.members ?? [],
    lastCuts: () => cuts,
    size: () => alive,
    drops: () => ({ ...drops }),
  };
}

/** Share of positions where both sides are constants and agree, among positions where either is constant. */
export function similarity(template: string[], tokens: string[]): number {
  let same = 0;
  let considered = 0;
  for (let i = 0; i < template.length; i++) {
    const a = template[i];
    const b = tokens[i];
    if (a === WILDCARD && b === WILDCARD) continue;
    considered++;
    if (a === b) same++;
  }
  return considered === 0 ? 1 : same / considered;
}

/** The template with every disagreeing position turned into `<*>`, or undefined when nothing changes. */
function generalise(template: string[], tokens: string[]): string[] | undefined {
  let changed = false;
  const out = template.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== WILDCARD && out[i] !== tokens[i]) {
      out[i] = WILDCARD;
      changed = true;
    }
  }
  return changed ? out : undefined;
}
