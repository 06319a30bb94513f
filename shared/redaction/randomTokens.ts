import type { Span } from "./span.js";

/**
 * Random-looking tokens anywhere (a key no rule knows, a signed URL's policy, one line of a key body):
 * long runs of base64/base62 characters that mix upper case, lower case and digits the way random
 * strings do, or longer runs of one case and digits alone (looksRandomSingleCase). Identifiers engineers need stay: hex (trace ids, instance ids, hashes, UUIDs), lower-case
 * names with digits (revisions `shop-api-00042-abc`), CamelCase words (`ServiceUnavailableException`),
 * and request paths (judged segment by segment).
 */

/** Shortest token judged. Shorter random strings carry too little to be a credential (and collide with ids). */
const MIN_CHARS = 20;
/** Bits per character below which a string is too repetitive to be random (random base62 of 20 chars: ~4.1). */
const MIN_ENTROPY = 3.4;
/**
 * Longest average run of one character class (upper, lower, digit) a random string shows: base62 changes
 * class about 60% of the time (runs of ~1.6); words in CamelCase have runs of 4 and more.
 */
const MAX_MEAN_RUN = 2.3;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Whether one token (no separators but base64's) looks random. */
export function looksRandom(token: string): boolean {
  const s = token.replace(/=+$/, "");
  if (s.length < MIN_CHARS) return false;
  if (/^[0-9a-fA-F_-]+$/.test(s)) return false; // hex ids, hashes, UUIDs
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let runs = 0;
  let prev = "";
  for (const c of s) {
    const cls = c >= "A" && c <= "Z" ? "U" : c >= "a" && c <= "z" ? "L" : c >= "0" && c <= "9" ? "D" : "S";
    if (cls === "U") upper++;
    else if (cls === "L") lower++;
    else if (cls === "D") digit++;
    if (cls !== prev) runs++;
    prev = cls;
  }
  const classes = (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0) + (digit > 0 ? 1 : 0);
  if (classes === 2 && digit > 0 && upper + lower + digit === s.length) return looksRandomSingleCase(s, digit);
  if (classes < 3 && !(upper > 0 && lower > 0 && s.length >= 32)) return false;
  if (s.length / runs > MAX_MEAN_RUN) return false;
  return entropy(s) >= MIN_ENTROPY;
}

/**
 * A token of one letter case and digits, nothing else (`weeu2tinn7momaz93s7o230abtwwqt`, a base32
 * secret): many vendors' keys look so, and so do few identifiers (those are hex, or carry separators:
 * `shop-api-00042-abc`, `web-7d9f8c6b5-x2kqz`, or are shorter: ULIDs 26 characters, cuid 25, cuid2
 * 24). Judged from SINGLE_CASE_MIN_CHARS on,
 * with digits and letters mixed the way random characters mix them: both frequent, short runs, no run
 * of letters longer than a random string of that length shows.
 */
const SINGLE_CASE_MIN_CHARS = 27;
const SINGLE_CASE_MAX_MEAN_RUN = 4;
const SINGLE_CASE_MIN_ENTROPY = 3.4;
const SINGLE_CASE_MAX_VOWEL_SHARE = 0.3;

function looksRandomSingleCase(s: string, digits: number): boolean {
  if (s.length < SINGLE_CASE_MIN_CHARS) return false;
  const share = digits / s.length;
  if (share < 0.08 || share > 0.65) return false;
  let runs = 0;
  let letterRun = 0;
  let longest = 0;
  let vowels = 0;
  let prevDigit: boolean | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    const isDigit = c >= 48 && c <= 57;
    if (isDigit !== prevDigit) runs++;
    prevDigit = isDigit;
    letterRun = isDigit ? 0 : letterRun + 1;
    if (letterRun > longest) longest = letterRun;
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) vowels++;
  }
  if (entropy(s) < SINGLE_CASE_MIN_ENTROPY) return false;
  // Random letters are a fifth vowels, words two fifths: letters that few vowels are no words.
  if (vowels / (s.length - digits) <= SINGLE_CASE_MAX_VOWEL_SHARE) return true;
  // Otherwise letters and digits must mix as random ones do: short runs, and no run of letters longer
  // than a random string of that length shows (its longest grows up to about 3 log2 n).
  return s.length / runs <= SINGLE_CASE_MAX_MEAN_RUN && longest <= Math.max(8, Math.round(3 * Math.log2(s.length)));
}

const CANDIDATE = /[A-Za-z0-9+/=_-]{20,}/g;

/** Spans of random-looking tokens in `text`. */
export function randomTokenSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const tok = m[0];
    const at = m.index as number;
    if (looksRandom(tok)) {
      out.push({ start: at, end: at + tok.length, label: "token" });
      continue;
    }
    if (!tok.includes("/")) continue;
    // A path or a base64 body with slashes: judge each segment.
    let off = 0;
    for (const seg of tok.split("/")) {
      if (looksRandom(seg)) out.push({ start: at + off, end: at + off + seg.length, label: "token" });
      off += seg.length + 1;
    }
  }
  return out;
}
