import type { Cluster } from "../clustering/cluster.js";
import { messageOfRecord } from "../events/logFormats.js";

/**
 * One failure logged twice: a program logs an error, and the code that called it logs it again inside
 * its own words ("Error getting video info: ERROR: [youtube] …", "Query failed: password
 * authentication failed for user …"), each line a pattern of its own. A message pattern's *core* is
 * what its first event says without the logger's prefix, as words; another pattern whose text holds
 * those words, logged together with it (see together), is quoting it. A stock phrase ("Request failed
 * with status code 500") logged by unrelated code on other instances is not a quote.
 */

/** Patterns without instances (other runtimes) count as together when they began this close. */
export const TOGETHER_WITHOUT_INSTANCES_MS = 1000;

/** Whether two patterns were logged together: on a common instance, or both without instances and beginning within a second. */
export function together(a: Cluster, b: Cluster): boolean {
  if (!a.instances.size && !b.instances.size) return Math.abs(a.firstMs - b.firstMs) <= TOGETHER_WITHOUT_INSTANCES_MS;
  const [small, large] = a.instances.size <= b.instances.size ? [a.instances, b.instances] : [b.instances, a.instances];
  for (const i of small) if (large.has(i)) return true;
  return false;
}

/** A core shorter than this is a stock phrase ("connection refused"), not a quote of one failure. */
export const MIN_CORE_CHARS = 24;
export const MIN_CORE_WORDS = 4;

export interface MessageCore {
  /** The line as logged, without the logger's prefix: for the reason shown to people. */
  line: string;
  /** Its words, lowercased, space-separated and space-padded: what quotes are matched on. */
  words: string;
}

/** Words of a text whatever its case, quotes, brackets, escapes and punctuation; padded with spaces so that a match is of whole words. */
export function wordsOf(text: string): string {
  return ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
}

const cores = new WeakMap<Cluster, MessageCore | null>();
const sampleWords = new WeakMap<Cluster, string[]>();

/** The core of a message pattern (see above), when specific enough to be recognised; computed once per cluster. */
export function messageCore(c: Cluster): MessageCore | undefined {
  let core = cores.get(c);
  if (core === undefined) {
    core = null;
    const sample = c.kind === "message" ? c.samples[0] : undefined;
    if (sample) {
      const nl = sample.indexOf("\n");
      // "Error: x" and "x" say the same: the leading word of failure is the logger's, not the message's.
      const line = messageOfRecord(nl >= 0 ? sample.slice(0, nl) : sample).replace(/^(?:error|err|exception|fatal)\s*[:-]\s*/i, "");
      const words = wordsOf(line);
      if (words.length - 2 >= MIN_CORE_CHARS && words.trim().split(" ").length >= MIN_CORE_WORDS) core = { line, words };
    }
    cores.set(c, core);
  }
  return core ?? undefined;
}

/** Whether a text of `c` holds the words of `core`. */
export function quotesCore(c: Cluster, core: MessageCore): boolean {
  let words = sampleWords.get(c);
  if (!words) {
    words = c.samples.map(wordsOf);
    sampleWords.set(c, words);
  }
  return words.some((w) => w !== core.words && w.includes(core.words));
}
