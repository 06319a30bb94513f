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
  /**
   * Line shapes remembered (a line with every digit read as 0): a line whose shape was seen skips
   * tokenising, since masking never depends on the value of a digit. Not added to once full.
   */
  maxCachedLines: number;
  /** Lines longer than this are never cached by shape (bounds that cache's memory). */
  maxCachedLineChars: number;
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
  maxCachedLines: 32_768,
  maxCachedLineChars: 512,
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
  /** Used since the eviction hand last passed (second-chance approximation of least-recently-used). */
  referenced: boolean;
  bucket: string;
  alive: boolean;
}

const MAX_HISTORY = 16;
const DIGITS = /[0-9]/g;
/** Templates of one bucket compared with a new sequence, newest first: bounds the cost of a miss. */
const MAX_CANDIDATES = 200;

/**
 * A streaming miner of the Drain family: messages are tokenised and masked, a masked sequence seen
 * before goes straight to its template (one hash lookup), a new one joins the most similar template
 * of the same length and leading word, or starts its own.
 *
 * Memory is bounded: at most `maxClusters` live templates (the least recently used is evicted, with a
 * second-chance clock so that a hit costs no reordering), `maxCachedKeys` masked sequences and
 * `maxCachedLines` verbatim lines. With `keepEvictedTemplates` (the `cluster` command, which prints a
 * template for every line at the end) an evicted template's text is kept; the pass does not keep it.
 */
export function createTemplateMiner(settings: MinerSettings = DEFAULT_MINER_SETTINGS, keepEvictedTemplates = false): TemplateMiner {
  const live = new Map<number, MinedCluster>();
  const evictedText = new Map<number, string>();
  const byKey = new Map<string, MinedCluster>();
  const byLine = new Map<string, MinedCluster>();
  const buckets = new Map<string, MinedCluster[]>();
  const drops: MinerDrops = { clusterEvicted: 0, lineTooLong: 0, tooManyTokens: 0 };
  let nextId = 0;
  const cuts: TokenizeCuts = { lineTooLong: false, tooManyTokens: false };

  function bucketOf(tokens: string[]): string {
    const first = tokens[0] ?? "";
    return `${tokens.length}\u0000${first === WILDCARD ? "" : first}`;
  }

  function evictOne(): void {
    // Clock: the oldest entry goes unless it was used since; a used one gets a second chance at the end.
    for (;;) {
      const first = live.values().next();
      if (first.done) return;
      const c = first.value;
      live.delete(c.id);
      if (c.referenced) {
        c.referenced = false;
        live.set(c.id, c);
        continue;
      }
      c.alive = false;
      drops.clusterEvicted++;
      if (keepEvictedTemplates) evictedText.set(c.id, c.text);
      const list = buckets.get(c.bucket);
      if (list) {
        const rest = list.filter((x) => x !== c);
        if (rest.length) buckets.set(c.bucket, rest);
        else buckets.delete(c.bucket);
      }
      return; // stale byKey / byLine entries are skipped by their `alive` check
    }
  }

  function best(tokens: string[], list: MinedCluster[]): MinedCluster | undefined {
    let winner: MinedCluster | undefined;
    let bestSim = -1;
    const stop = Math.max(0, list.length - MAX_CANDIDATES);
    for (let i = list.length - 1; i >= stop; i--) {
      const c = list[i] as MinedCluster;
      const s = similarity(c.tokens, tokens);
      if (s > bestSim) {
        bestSim = s;
        winner = c;
      }
    }
    return winner && bestSim >= settings.similarity ? winner : undefined;
  }

  function remember(shape: string, c: MinedCluster): void {
    if (cuts.lineTooLong || cuts.tooManyTokens) return; // cut lines are counted each time: never cached
    // When full, simply stop adding: clearing it would turn its strings into old-generation garbage
    // over and over on inputs with few repeats, and the shapes seen first are usually the hot ones.
    if (byLine.size < settings.maxCachedLines) byLine.set(detach(shape), c);
  }

  return {
    add(message) {
      cuts.lineTooLong = false;
      cuts.tooManyTokens = false;
      // JSON keys are kept verbatim, digits included: JSON lines (and lines starting with a blank,
      // which might be JSON) are never cached by shape.
      const c0 = message.charCodeAt(0);
      const shape = message.length <= settings.maxCachedLineChars && c0 !== 123 && c0 > 32 ? message.replace(DIGITS, "0") : undefined;
      const seen = shape !== undefined ? byLine.get(shape) : undefined;
      if (seen !== undefined && seen.alive) {
        seen.referenced = true;
        return seen.id;
      }
      const tokens = tokenize(message, settings.maxTokens, settings.maxLineChars, cuts);
      if (cuts.lineTooLong) drops.lineTooLong++;
      if (cuts.tooManyTokens) drops.tooManyTokens++;
      const key = joinTokens(tokens);
      const hit = byKey.get(key);
      if (hit !== undefined && hit.alive) {
        hit.referenced = true;
        if (shape !== undefined) remember(shape, hit);
        return hit.id;
      }
      const bucket = bucketOf(tokens);
      let c = tokens.length > settings.exactBelowTokens ? best(tokens, buckets.get(bucket) ?? []) : undefined;
      if (c) {
        const merged = generalise(c.tokens, tokens);
        if (merged) {
          if (c.history.length < MAX_HISTORY) c.history.push(c.text);
          c.tokens = merged;
          c.text = merged.join(" ");
        }
      } else {
        if (live.size >= settings.maxClusters) evictOne();
        c = { id: nextId++, tokens: tokens.map(detach), text: detach(key), history: [], members: [], referenced: false, bucket, alive: true };
        live.set(c.id, c);
        const list = buckets.get(bucket);
        if (list) list.push(c);
        else buckets.set(bucket, [c]);
      }
      c.referenced = true;
      const kept = detach(key);
      if (c.members.length < MAX_HISTORY) c.members.push(kept);
      if (byKey.size < settings.maxCachedKeys || byKey.has(key)) byKey.set(kept, c);
      if (shape !== undefined) remember(shape, c);
      return c.id;
    },
    template: (id) => live.get(id)?.text ?? evictedText.get(id) ?? "",
    history: (id) => live.get(id)?.history ?? [],
    memberKeys: (id) => live.get(id)?.members ?? [],
    lastCuts: () => cuts,
    size: () => live.size,
    drops: () => ({ ...drops }),
  };
}

/**
 * A copy of a string that holds nothing else alive. A substring can point into the string it was cut
 * from (a 64 KB chunk of input, for a line of it): a cache of substrings would keep every chunk.
 */
function detach(s: string): string {
  return (` ${s}`).slice(1);
}

/** `tokens.join(" ")`, about twice as fast for the dozen short strings of a log line. */
function joinTokens(tokens: string[]): string {
  let s = tokens[0] ?? "";
  for (let i = 1; i < tokens.length; i++) s += ` ${tokens[i] as string}`;
  return s;
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
