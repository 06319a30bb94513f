import type { Span } from "./span.js";

/**
 * Random-looking tokens anywhere (a key no rule knows, a signed URL's policy, one line of a key body):
 * long runs of base64/base62 characters that mix upper case, lower case and digits the way random
 * strings do. Identifiers engineers need stay: hex (trace ids, instance ids, hashes, UUIDs), lower-case
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
  if (classes < 3 && !(upper > 0 && lower > 0 && s.length >= 32)) return false;
  if (s.length / runs > MAX_MEAN_RUN) return false;
  return entropy(s) >= MIN_ENTROPY;
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
