import { WILDCARD } from "./maskToken.js";
import { generaliseToken, tokenMatches } from "./tokenPattern.js";
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
  /**
   * Share of constant positions a long message must share with a template to join it with the
   * differing words turned into `<*>` (Drain's similarity), whatever the words. Set high: it only
   * merges long messages that differ in a word or two; shorter ones are decided by `variableAfter`.
   */
  similarity: number;
  /** Messages of at most this many tokens are grouped exactly: one word is never a variable of itself. */
  exactBelowTokens: number;
  /**
   * Distinct words seen at one position of messages that are otherwise the same (same length, every
   * other word equal or covered by a variable) that make the position a variable. Three: a name in a
   * variable position shows up with a few values even when one dominates (`for user cyrus` 43 times,
   * `news` 43, `test` 36, `root` once), and Drain merges such values by similarity alone. Constants
   * that come in a few values (`VM Started|Stopped|Paused|Resumed`) are merged too: that is the price
   * of generalising (five would keep them and split the names; leave-one-system-out shows both, see
   * scripts/clusterLoso.ts).
   */
  variableAfter: number;
  /**
   * Distinct words that make a variable of a position whose words are plainly values: right after a
   * bare variable that nothing closed, the unit or the rest of that value (`<*> B,` and `<*> KB,`;
   * `(<*> KB)` and `(<*> MB)`), or after one and the same key (`user=root` and `user=guest`).
   */
  valueAfter: number;
  /**
   * Share of a template's words that must stay constant when a position becomes a variable: below
   * it, the template would no longer say what the message is (`<*> <*> interrupt`). One variable
   * beside constants is always allowed (`stopping <*>`).
   */
  minConstantShare: number;
  /**
   * Share of each template's constant words that two templates of different lengths must have in
   * common, in order, to be one template whose variable spans a varying number of words
   * (`<*> bytes sent` and `<*> bytes (<*> KB) sent`; `lifetime <*>` and `lifetime <*> sec`); where
   * they differ must read as part of a value (see `spanTemplate`). Above 1: never.
   */
  spanShare: number;
  /** Words a variable may span beyond the other template's, on either side of one stretch. */
  maxSpanWords: number;
}

export const DEFAULT_MINER_SETTINGS: MinerSettings = {
  maxTokens: 256,
  maxLineChars: 16 * 1024,
  maxClusters: 50_000,
  maxCachedKeys: 50_000,
  maxCachedLines: 32_768,
  maxCachedLineChars: 512,
  similarity: 0.92,
  exactBelowTokens: 1,
  variableAfter: 3,
  valueAfter: 2,
  minConstantShare: 0.6,
  spanShare: 0.8,
  maxSpanWords: 4,
};

export interface MinerDrops {
  clusterEvicted: number;
  lineTooLong: number;
  tooManyTokens: number;
  /** Pairs of templates of different lengths never compared because `finalise` ran out of its budget. */
  spanPairsSkipped: number;
}

/** Options of one miner that are about its caller, not about clustering. */
export interface MinerOptions {
  /**
   * Keep the template of every cluster ever handed out (evicted or merged into another), for a caller
   * that resolves ids at the end: the `cluster` command prints a template for every line. The pass
   * does not keep them (it follows merges as they happen through `onMerge`).
   */
  keepRetired?: boolean;
  /** Called when cluster `from` joins cluster `into` (its messages are `into`'s from now on). */
  onMerge?: (from: number, into: number) => void;
}

/** Message-level clustering: one id per template. */
export interface TemplateMiner {
  /** Adds one message; returns its cluster id (the cluster may later join another: see `rootOf`). */
  add(message: string): number;
  /**
   * The cluster that an id's messages belong to now (itself unless it was merged into another).
   * Ids that left the miner are resolved only with `keepRetired`; otherwise the id itself comes back.
   */
  rootOf(id: number): number;
  /** The template of the cluster an id belongs to now. */
  template(id: number): string;
  /** Templates this cluster had before it generalised or absorbed others, oldest first (bounded). */
  history(id: number): readonly string[];
  /** The first distinct masked sequences that joined this cluster (bounded): order-independent keys. */
  memberKeys(id: number): readonly string[];
  /**
   * Merges, after the fact, clusters that the whole input shows to be one (rare variants whose
   * siblings arrived after them, generalisations that now cover other clusters). Call at the end;
   * adding more messages afterwards is allowed.
   */
  finalise(): void;
  /** What the last `add` had to cut. */
  lastCuts(): Readonly<TokenizeCuts>;
  size(): number;
  drops(): MinerDrops;
}

interface MinedCluster {
  id: number;
  tokens: string[];
  text: string;
  /** Messages in this cluster (including those of clusters merged into it). */
  count: number;
  history: string[];
  members: string[];
  /** Used since the eviction hand last passed (second-chance approximation of least-recently-used). */
  referenced: boolean;
  alive: boolean;
  /** Set once merged: the cluster that holds this one's messages now. */
  into: MinedCluster | undefined;
  /** Bits of its constant words by position (see signatureOf): rejects most candidates in one step. */
  sig: number;
}

const NO_STRINGS: string[] = [];

interface Survey {
  cover: MinedCluster | undefined;
  siblings: Map<number, MinedCluster[]> | undefined;
  similar: MinedCluster | undefined;
}

const MAX_HISTORY = 16;
/** Templates of one length compared with a new sequence, newest first: bounds the cost of a miss. */
const MAX_CANDIDATES = 200;
/** Rounds of after-the-fact merging: each can expose new siblings; real inputs settle in two or three. */
const MAX_FINALISE_ROUNDS = 8;
/** Templates longer than this are never aligned across lengths (the alignment costs n x m). */
const MAX_SPAN_TOKENS = 64;
/**
 * Alignments one `finalise` may run (each at most 64 x 64 word comparisons, up to ~70 us): bounds its
 * cost on inputs of many templates that start alike (50,000 live templates with one first word would
 * otherwise mean 10 million; about 0.7 s at most). The pairs left are counted (`spanPairsSkipped`);
 * the largest clusters are compared first.
 */
const MAX_SPAN_ALIGNMENTS = 10_000;

/**
 * A streaming miner of the Drain family. Messages are tokenised and masked (numbers, ids, hosts,
 * paths, ... become `<*>`); a masked sequence seen before goes straight to its cluster (one hash
 * lookup, or none when the line's shape was seen). A new sequence joins the first template of its
 * length that covers it (every constant word equal). Otherwise, when it differs from templates of
 * its length in exactly one position and, with them, `variableAfter` distinct words have been seen
 * there (`valueAfter` where the words are plainly values), that position becomes a variable and they
 * all merge. Long messages that share nearly all their words with a template join it anyway
 * (`similarity`). The rest start their own cluster. `finalise` repeats the position rule over every
 * cluster once the input is complete, then joins templates of different lengths whose difference is
 * a variable spanning more words in one than in the other (`spanShare`).
 *
 * Memory is bounded: at most `maxClusters` live templates (the least recently used is evicted, with a
 * second-chance clock so that a hit costs no reordering), `maxCachedKeys` masked sequences and
 * `maxCachedLines` line shapes.
 */
export function createTemplateMiner(settings: MinerSettings = DEFAULT_MINER_SETTINGS, options: MinerOptions = {}): TemplateMiner {
  const live = new Map<number, MinedCluster>();
  /** Clusters that left `live` (merged or evicted), kept only with `keepRetired`. */
  const retired = new Map<number, MinedCluster>();
  const byKey = new Map<string, MinedCluster>();
  const byShape = new Map<number, MinedCluster>();
  /** Live clusters by token count, oldest first. */
  const buckets = new Map<number, MinedCluster[]>();
  const drops: MinerDrops = { clusterEvicted: 0, lineTooLong: 0, tooManyTokens: 0, spanPairsSkipped: 0 };
  const keepRetired = options.keepRetired ?? false;
  const onMerge = options.onMerge;
  let nextId = 0;
  const cuts: TokenizeCuts = { lineTooLong: false, tooManyTokens: false };

  function unlist(c: MinedCluster): void {
    const list = buckets.get(c.tokens.length);
    if (!list) return;
    const at = list.indexOf(c);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) buckets.delete(c.tokens.length);
  }

  /**
   * Takes a cluster out of the live set (after `unlist`). Cache entries may still point to it (they
   * are checked by `alive` and followed through `into`), so it keeps nothing they do not need: its
   * words and lists go, its text stays only for a caller that asked to keep it.
   */
  function retire(c: MinedCluster): void {
    live.delete(c.id);
    c.alive = false;
    c.tokens = NO_STRINGS;
    c.history = NO_STRINGS;
    c.members = NO_STRINGS;
    if (keepRetired) retired.set(c.id, c);
    else c.text = "";
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
      drops.clusterEvicted++;
      unlist(c);
      // Its keys go with it (an input of unique messages would otherwise fill the key cache with
      // dead entries); keys past its first MAX_HISTORY, and line shapes, are skipped by `alive`.
      for (const k of c.members) if (byKey.get(k) === c) byKey.delete(k);
      retire(c);
      return;
    }
  }

  /** Moves `from`'s messages and keys into `into` (both live, same length); `from` is retired. */
  function absorb(into: MinedCluster, from: MinedCluster): void {
    into.count += from.count;
    pushBounded(into.history, from.text);
    for (const h of from.history) pushBounded(into.history, h);
    for (const m of from.members) if (!into.members.includes(m)) pushBounded(into.members, m);
    into.referenced = true;
    from.into = into;
    unlist(from);
    retire(from);
    onMerge?.(from.id, into.id);
  }

  /** Sets a cluster's template; the old one goes to its history. */
  function retemplate(c: MinedCluster, tokens: string[]): void {
    const text = joinTokens(tokens);
    if (text === c.text) return;
    pushBounded(c.history, c.text);
    c.tokens = tokens;
    c.text = text;
    c.sig = signatureOf(tokens);
  }

  /** After `c` generalised: clusters of its length that its template now covers join it. */
  function absorbCovered(c: MinedCluster): void {
    const list = buckets.get(c.tokens.length);
    if (!list) return;
    for (const other of [...list]) if (other !== c && other.alive && covers(c.tokens, other.tokens)) absorb(c, other);
  }

  /** Merges clusters of one length into the oldest of them, the template generalised over all. */
  function mergeAll(group: MinedCluster[], extra?: string[]): MinedCluster {
    let root = group[0] as MinedCluster;
    for (const g of group) if (g.id < root.id) root = g;
    const merged = root.tokens.slice();
    for (const g of group) if (g !== root) generaliseInto(merged, g.tokens);
    if (extra) generaliseInto(merged, extra);
    for (const g of group) if (g !== root) absorb(root, g);
    retemplate(root, merged);
    absorbCovered(root);
    return root;
  }

  function newCluster(tokens: string[], key: string): MinedCluster {
    if (live.size >= settings.maxClusters) evictOne();
    const kept = tokens.map(detach);
    const c: MinedCluster = { id: nextId++, tokens: kept, text: detach(key), count: 0, history: [], members: [], referenced: false, alive: true, into: undefined, sig: signatureOf(kept) };
    live.set(c.id, c);
    const list = buckets.get(tokens.length);
    if (list) list.push(c);
    else buckets.set(tokens.length, [c]);
    return c;
  }

  /**
   * How a sequence relates to the live templates of its length (newest first, at most
   * MAX_CANDIDATES): the template that covers it (most constants), its siblings by position (templates
   * that differ from it at that one position only), and the most similar template by `similarity`.
   */
  function survey(tokens: string[], exclude?: MinedCluster): Survey {
    const n = tokens.length;
    const out: Survey = { cover: undefined, siblings: undefined, similar: undefined };
    const list = buckets.get(n);
    if (!list || list.length === 0) return out;
    const mayMerge = n > settings.exactBelowTokens;
    // More mismatches than this can neither be siblings (one) nor reach `similarity`.
    const maxMismatch = Math.max(1, Math.floor(n * (1 - settings.similarity) + 1e-9));
    let coverConstants = -1;
    let similarScore = -1;
    // A template's constant words that the sequence lacks (by signature bits) are mismatches, except
    // where the sequence has a variable of its own: more of them than allowed and it cannot qualify.
    const sig = signatureOf(tokens);
    let own = 0;
    for (const t of tokens) if (t.includes(WILDCARD)) own++;
    const allowed = maxMismatch + own;
    const stop = Math.max(0, list.length - MAX_CANDIDATES);
    for (let i = list.length - 1; i >= stop; i--) {
      const c = list[i] as MinedCluster;
      if (c === exclude || bitCount(c.sig & ~sig) > allowed) continue;
      const t = c.tokens;
      let mismatch = 0;
      let at = -1;
      let same = 0;
      let considered = 0;
      let constants = 0;
      // The sequence is more general than the template somewhere (its `<*>` where the template has a
      // word): they agree there, but the template does not cover it.
      let wider = false;
      for (let q = 0; q < n; q++) {
        const a = t[q] as string;
        const b = tokens[q] as string;
        if (a === b) {
          if (a !== WILDCARD) {
            same++;
            considered++;
            constants++;
          }
          continue;
        }
        considered++;
        if (tokenMatches(a, b)) continue;
        if (tokenMatches(b, a)) {
          wider = true;
          continue;
        }
        if (++mismatch > maxMismatch) break;
        at = q;
      }
      if (mismatch === 0) {
        if (wider) continue;
        // A template of variables only (`<*>`, `<*> (<*>)`) covers anything of its length: it holds
        // only its own exact sequence, never a stranger.
        if (constants > coverConstants && saysEnough(t, settings)) {
          out.cover = c;
          coverConstants = constants;
        }
      } else if (mayMerge && mismatch <= maxMismatch) {
        if (mismatch === 1) {
          out.siblings ??= new Map();
          const s = out.siblings.get(at);
          if (s) s.push(c);
          else out.siblings.set(at, [c]);
        }
        const score = considered ? same / considered : 0;
        if (score >= settings.similarity && score > similarScore) {
          out.similar = c;
          similarScore = score;
        }
      }
    }
    return out;
  }

  /**
   * The largest group of siblings (of `self`, the sequence or cluster they are siblings of) whose
   * position the statistics call a variable, or undefined.
   */
  function variableGroup(siblings: Map<number, MinedCluster[]>, self: { tokens: string[] }): MinedCluster[] | undefined {
    let group: MinedCluster[] | undefined;
    for (const [at, s] of siblings) {
      if (group && s.length <= group.length) continue;
      const values = new Set<string>([self.tokens[at] as string]);
      for (const c of s) values.add(c.tokens[at] as string);
      // A unit follows a value inside the message (`size <*> B`), not a leading one (`[<*>] Copy`).
      const valueLike = (at > 1 && openVariable(self.tokens[at - 1] as string)) || sameKey(values);
      if (!isVariable(values, settings, valueLike)) continue;
      // The merged template must keep at least `minConstantShare` of its words (Drain's similarity
      // floor): a position becomes a variable only while the rest still says what the message is.
      const merged = self.tokens.slice();
      for (const c of s) generaliseInto(merged, c.tokens);
      if (saysEnough(merged, settings)) group = s;
    }
    return group;
  }

  /**
   * Where a new sequence goes among the templates of its length: the template that covers it, or a
   * position where it and its siblings show enough distinct words to be a variable, or the most
   * similar long template. Undefined: a cluster of its own.
   */
  function place(tokens: string[]): MinedCluster | undefined {
    const s = survey(tokens);
    if (s.cover) return s.cover;
    const group = s.siblings && variableGroup(s.siblings, { tokens });
    if (group) return mergeAll(group, tokens);
    if (s.similar) {
      const merged = s.similar.tokens.slice();
      generaliseInto(merged, tokens);
      retemplate(s.similar, merged);
      absorbCovered(s.similar);
      return s.similar;
    }
    return undefined;
  }

  function resolve(c: MinedCluster): MinedCluster {
    let r = c;
    while (r.into) r = r.into;
    // Path compression: later lookups of `c` take one step.
    if (c.into && c.into !== r) c.into = r;
    return r;
  }

  function byId(id: number): MinedCluster | undefined {
    const c = live.get(id) ?? retired.get(id);
    return c ? resolve(c) : undefined;
  }

  function rememberShape(hash: number, c: MinedCluster): void {
    if (cuts.lineTooLong || cuts.tooManyTokens) return; // cut lines are counted each time: never cached
    // When full, simply stop adding: the shapes seen first are usually the hot ones, and churning
    // would cost more than it saves on inputs with few repeats.
    const old = byShape.get(hash);
    if (old === undefined ? byShape.size < settings.maxCachedLines : !resolve(old).alive) byShape.set(hash, c);
  }

  /** One round of the position rule over every cluster of one length; true when something merged. */
  function finaliseBucket(n: number): boolean {
    const list = buckets.get(n);
    if (!list || list.length < 2 || n <= settings.exactBelowTokens) return false;
    let merged = false;
    for (const c of [...list]) {
      if (!c.alive) continue;
      const s = survey(c.tokens, c);
      if (s.cover) {
        absorb(s.cover, c);
        merged = true;
        continue;
      }
      const group = s.siblings && variableGroup(s.siblings, c);
      if (!group) continue;
      mergeAll([c, ...group]);
      merged = true;
    }
    return merged;
  }

  /**
   * Joins templates of different lengths that are one template with a variable spanning a varying
   * number of words: they agree, in order, on at least `spanShare` of each one's constant words, and
   * every stretch where they differ holds a variable or follows one. Candidates share their first
   * constant word (an index, so that this is not a comparison of every pair); the larger cluster
   * takes the smaller, and its template shows the varying stretches as `<*>`.
   */
  function mergeSpans(): void {
    if (settings.spanShare > 1) return;
    let budget = MAX_SPAN_ALIGNMENTS;
    const byAnchor = new Map<string, MinedCluster[]>();
    for (const c of live.values()) {
      if (c.tokens.length > MAX_SPAN_TOKENS) continue;
      const anchor = c.tokens.find((t) => !t.includes(WILDCARD));
      if (anchor === undefined) continue;
      const list = byAnchor.get(anchor);
      if (list) list.push(c);
      else byAnchor.set(anchor, [c]);
    }
    for (const list of byAnchor.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => b.count - a.count || a.id - b.id);
      for (let i = 0; i < list.length; i++) {
        const big = list[i] as MinedCluster;
        if (!big.alive) continue;
        // Against what `big` shows now: the stretches it took in before are `<*>` there.
        let bigShown = big.text.split(" ");
        for (let j = i + 1, tried = 0; j < list.length && tried < MAX_CANDIDATES; j++) {
          const small = list[j] as MinedCluster;
          if (!small.alive) continue;
          if (Math.abs(small.tokens.length - bigShown.length) > 2 * settings.maxSpanWords) continue;
          tried++;
          if (budget === 0) {
            drops.spanPairsSkipped++;
            continue;
          }
          budget--;
          const shown = spanTemplate(bigShown, small.tokens, settings);
          if (shown === undefined) continue;
          absorb(big, small);
          pushBounded(big.history, big.text);
          big.text = shown;
          bigShown = shown.split(" ");
        }
      }
    }
  }

  return {
    add(message) {
      cuts.lineTooLong = false;
      cuts.tooManyTokens = false;
      // JSON keys are kept verbatim, digits included: JSON lines (and lines starting with a blank,
      // which might be JSON) are never cached by shape.
      const c0 = message.charCodeAt(0);
      const shaped = message.length <= settings.maxCachedLineChars && c0 !== 123 && c0 > 32;
      const hash = shaped ? shapeHash(message) : 0;
      if (shaped) {
        const seen = byShape.get(hash);
        if (seen !== undefined) {
          const r = resolve(seen);
          if (r.alive) {
            if (r !== seen) byShape.set(hash, r);
            r.referenced = true;
            r.count++;
            return r.id;
          }
        }
      }
      const tokens = tokenize(message, settings.maxTokens, settings.maxLineChars, cuts);
      if (cuts.lineTooLong) drops.lineTooLong++;
      if (cuts.tooManyTokens) drops.tooManyTokens++;
      const key = joinTokens(tokens);
      const hit = byKey.get(key);
      if (hit !== undefined) {
        const r = resolve(hit);
        if (r.alive) {
          r.referenced = true;
          r.count++;
          if (shaped) rememberShape(hash, r);
          return r.id;
        }
      }
      const c = place(tokens) ?? newCluster(tokens, key);
      c.referenced = true;
      c.count++;
      const kept = detach(key);
      if (c.members.length < MAX_HISTORY && !c.members.includes(kept)) c.members.push(kept);
      if (byKey.size < settings.maxCachedKeys || byKey.has(key)) byKey.set(kept, c);
      if (shaped) rememberShape(hash, c);
      return c.id;
    },
    rootOf: (id) => byId(id)?.id ?? id,
    template: (id) => byId(id)?.text ?? "",
    history: (id) => byId(id)?.history ?? [],
    memberKeys: (id) => byId(id)?.members ?? [],
    finalise() {
      for (let round = 0; round < MAX_FINALISE_ROUNDS; round++) {
        let merged = false;
        for (const n of [...buckets.keys()]) if (finaliseBucket(n)) merged = true;
        if (!merged) break;
      }
      mergeSpans();
    },
    lastCuts: () => cuts,
    size: () => live.size,
    drops: () => ({ ...drops }),
  };
}

/** Whether the distinct words seen at one position of otherwise equal messages make it a variable. */
export function isVariable(values: ReadonlySet<string>, settings: MinerSettings, valueLike = false): boolean {
  return values.size >= (valueLike ? settings.valueAfter : settings.variableAfter);
}

/**
 * Every word is `key=value` with one and the same key and a whole value (`user=root`, `user=guest`).
 * A quote opened and not closed is the first word of a phrase (`msg="ImageCreate`), not a value.
 */
function sameKey(values: ReadonlySet<string>): boolean {
  let key: string | undefined;
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq <= 0 || eq === v.length - 1) return false;
    const q = v.charCodeAt(eq + 1);
    if ((q === 34 || q === 39) && v.indexOf(v[eq + 1] as string, eq + 2) < 0) return false;
    const k = v.slice(0, eq + 1);
    if (key === undefined) key = k;
    else if (k !== key) return false;
  }
  return key !== undefined;
}

/**
 * The template two token sequences share when a variable spans a varying number of words
 * (`<*> bytes sent` and `<*> bytes (<*> KB) sent`; `lifetime <*>` and `lifetime <*> sec`), or
 * undefined. They are aligned word by word (`alignTokens`); each stretch where they differ must read
 * as part of a value (`stretchIsValue`), and the aligned constants must be at least `spanShare` of
 * each side's constants outside such stretches. The template keeps the aligned words and shows each
 * stretch as one `<*>`.
 */
export function spanTemplate(a: readonly string[], b: readonly string[], settings: Pick<MinerSettings, "spanShare" | "maxSpanWords">): string | undefined {
  const parts = alignTokens(a, b);
  const out: string[] = [];
  let shared = 0;
  let stretches = 0;
  let constantsA = 0;
  let constantsB = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k] as AlignedPart;
    if (!("a" in p)) {
      out.push(p.x === p.y || tokenMatches(p.x, p.y) ? p.x : p.y);
      const constant = !p.x.includes(WILDCARD) && !p.y.includes(WILDCARD);
      if (constant) shared++;
      if (!p.x.includes(WILDCARD)) constantsA++;
      if (!p.y.includes(WILDCARD)) constantsB++;
      continue;
    }
    const prev = out[out.length - 1];
    const atEnd = k === parts.length - 1;
    if (!stretchIsValue(p, prev, atEnd, settings.maxSpanWords)) return undefined;
    // A unit at the end is a word of the template all the same: it counts against the share.
    if (atEnd) {
      constantsA += countConstants(p.a);
      constantsB += countConstants(p.b);
    }
    if (prev !== WILDCARD) out.push(WILDCARD);
    stretches++;
  }
  if (stretches === 0 || shared === 0 || shared < settings.spanShare * constantsA || shared < settings.spanShare * constantsB) return undefined;
  return joinTokens(out);
}

/** Two aligned words, or a stretch where the sequences differ (words of `a` and of `b`, either may be empty). */
type AlignedPart = { x: string; y: string } | { a: string[]; b: string[] };

/**
 * `a` and `b` aligned by their longest common subsequence: a word matches an equal word or one its
 * pattern covers (`tty=<*>` and `tty=:0`). A bare variable matches only an equal one: against a word,
 * that word is a stretch of its own; `<*>,` and `<*>` end values differently.
 */
function alignTokens(a: readonly string[], b: readonly string[]): AlignedPart[] {
  const n = a.length;
  const m = b.length;
  const same = (x: string, y: string) => x === y || (!bareVariable(x) && !bareVariable(y) && (tokenMatches(x, y) || tokenMatches(y, x)));
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..] (n, m <= MAX_SPAN_TOKENS).
  const lcs: Uint8Array[] = [];
  for (let i = 0; i <= n; i++) lcs.push(new Uint8Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint8Array;
    const next = lcs[i + 1] as Uint8Array;
    for (let j = m - 1; j >= 0; j--) row[j] = same(a[i] as string, b[j] as string) ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
  }
  const parts: AlignedPart[] = [];
  let open: { a: string[]; b: string[] } | undefined;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && y !== undefined && same(x, y) && (lcs[i] as Uint8Array)[j] === ((lcs[i + 1] as Uint8Array)[j + 1] as number) + 1) {
      open = undefined;
      parts.push({ x, y });
      i++;
      j++;
      continue;
    }
    if (!open) parts.push((open = { a: [], b: [] }));
    if (y === undefined || (x !== undefined && ((lcs[i + 1] as Uint8Array)[j] as number) >= ((lcs[i] as Uint8Array)[j + 1] as number))) open.a.push(a[i++] as string);
    else open.b.push(b[j++] as string);
  }
  return parts;
}

/**
 * Whether the words where two templates differ read as part of a value (after `prev`, the aligned
 * word before them). Never at the start: the first words say what the message is. At the end, only
 * one word after a variable that nothing closed: its unit (`lifetime <*> sec`); a `key=<*>` or
 * another variable more at the end is another message (`... rhost=<*> user=<*>`). Inside, at most
 * `maxWords` on a side, words on one side only (different words on both sides are different
 * messages), words and not punctuation (`****` between numbers says something of its own), and
 * either the stretch follows a variable that nothing closed or its words start with one (`(<*> KB)`
 * is a value written at more length; `is <*>, other` and `fp cr field` against a `<*>` are not).
 */
function stretchIsValue(s: { a: string[]; b: string[] }, prev: string | undefined, atEnd: boolean, maxWords: number): boolean {
  if (prev === undefined || s.a.length > maxWords || s.b.length > maxWords) return false;
  if (atEnd) {
    const words = [...s.a, ...s.b];
    return words.length === 1 && !(words[0] as string).includes(WILDCARD) && openVariable(prev);
  }
  const constantsA = countConstants(s.a);
  const constantsB = countConstants(s.b);
  if (constantsA > 0 && constantsB > 0) return false;
  if ([...s.a, ...s.b].some((t) => !t.includes(WILDCARD) && !/[A-Za-z0-9]/.test(t))) return false;
  const words = constantsA > 0 ? s.a : constantsB > 0 ? s.b : undefined;
  return openVariable(prev) || words === undefined || openVariable(words[0] as string);
}

function countConstants(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (!t.includes(WILDCARD)) n++;
  return n;
}

/** A variable with nothing but brackets, quotes or separators around it (`<*>`, `(<*>`, `[<*>],`). */
function bareVariable(t: string): boolean {
  const at = t.indexOf(WILDCARD);
  if (at < 0) return false;
  return !/[A-Za-z0-9]/.test(t.slice(0, at) + t.slice(at + WILDCARD.length));
}

/** A bare variable that its next word may continue: nothing closes it (`<*>`, `(<*>`; not `<*>]`, `<*>,`). */
function openVariable(t: string): boolean {
  return t.endsWith(WILDCARD) && bareVariable(t);
}

/**
 * Whether a template still says what its messages are: `minConstantShare` of its words informative,
 * or all but one (one variable beside a constant is always allowed: `stopping <*>`).
 */
function saysEnough(tokens: readonly string[], settings: MinerSettings): boolean {
  const n = tokens.length;
  const need = settings.minConstantShare * n;
  return informative(tokens) >= (n > 1 ? Math.min(n - 1, need) : need);
}

/** Words of a template that say something: a constant, or a key or name around a variable (`uid=<*>`). */
function informative(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) {
    if (t === WILDCARD) continue;
    if (!t.includes(WILDCARD) || /[A-Za-z]/.test(t.replaceAll(WILDCARD, ""))) n++;
  }
  return n;
}

function pushBounded(list: string[], s: string): void {
  if (list.length < MAX_HISTORY && !list.includes(s)) list.push(s);
}

/** Every position of `template` is the word of `tokens` or a pattern it matches. */
function covers(template: string[], tokens: string[]): boolean {
  for (let q = 0; q < template.length; q++) {
    const a = template[q] as string;
    const b = tokens[q] as string;
    if (a !== b && !tokenMatches(a, b)) return false;
  }
  return true;
}

/** `merged` with every position that disagrees with `tokens` generalised (in place). */
function generaliseInto(merged: string[], tokens: string[]): void {
  for (let q = 0; q < merged.length; q++) {
    const a = merged[q] as string;
    const b = tokens[q] as string;
    if (a !== b && !tokenMatches(a, b)) merged[q] = generaliseToken(a, b);
  }
}

/**
 * 32 bits summarising a sequence's constant words by position: one bit per (position, word). Equal
 * words at a position set the same bit, so a bit of a template missing from a sequence's signature
 * marks a position where they differ (a collision can only hide a difference, never invent one).
 */
function signatureOf(tokens: readonly string[]): number {
  let sig = 0;
  for (let q = 0; q < tokens.length; q++) {
    const t = tokens[q] as string;
    if (t.includes(WILDCARD)) continue;
    const h = Math.imul(stringHash(t) ^ Math.imul(q + 1, 0x9e3779b1), 0x85ebca6b);
    sig |= 1 << (h >>> 27);
  }
  return sig;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function stringHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A 53-bit hash of a line with every digit read as 0, in one pass and without building the shape
 * string: two 32-bit multiplicative hashes (FNV-1a and a murmur-style mix) over the same characters.
 * The cache trusts it without comparing the lines: with at most `maxCachedLines` (32,768) shapes
 * cached, a new shape is taken for a cached one with probability under 32,768 / 2^53, about one line
 * in 270 billion. Comparing the lines instead doubled the cost of a hit (the `cluster` command's
 * hot path: see scripts/benchCluster.ts).
 */
function shapeHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  let g = s.length | 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) c = 48;
    h = Math.imul(h ^ c, 0x01000193);
    g = Math.imul(g + c, 0x5bd1e995) ^ (g >>> 15);
  }
  return (h >>> 0) * 2097152 + (g >>> 11);
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
