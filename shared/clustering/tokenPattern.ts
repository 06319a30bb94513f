import { WILDCARD } from "./maskToken.js";

/**
 * Whether a template word covers a message word: equal, or a pattern whose `<*>` parts stand for any
 * text (`key="<*>"` covers `key="cali-FORWARD"`, `(<*>)` covers `(pluto)`). Words are whole tokens.
 */
export function tokenMatches(pattern: string, word: string): boolean {
  if (pattern === word) return true;
  const first = pattern.indexOf(WILDCARD);
  if (first < 0) return false;
  if (!word.startsWith(pattern.slice(0, first))) return false;
  let pos = first;
  let from = first;
  for (;;) {
    const next = pattern.indexOf(WILDCARD, from + WILDCARD.length);
    const part = pattern.slice(from + WILDCARD.length, next < 0 ? undefined : next);
    if (next < 0) return word.length - part.length >= pos && word.endsWith(part);
    const found = word.indexOf(part, pos);
    if (found < 0) return false;
    pos = found + part.length;
    from = next;
  }
}

/** Characters after which a kept prefix may end (`key=`, `(`, an opening quote). */
const PREFIX_ENDS = new Set(["=", ":", "(", "[", "{", '"', "'"]);
/** Characters at which a kept suffix may start (a closing quote or bracket, a separator). */
const SUFFIX_STARTS = new Set(['"', "'", ")", "]", "}", ",", ";", ":", "."]);
const OPEN_OF: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * The most specific word pattern covering two different words: their common key, brackets and quotes
 * kept around one `<*>` (`chainName="cali-FORWARD"` and `chainName="cali-INPUT"` give
 * `chainName="<*>"`; `(3)` and `(pluto)` give `(<*>)`), or `<*>` when they share none. The pattern's
 * quotes and brackets are balanced whenever both words' are.
 */
export function generaliseToken(a: string, b: string): string {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a[p] === b[p]) p++;
  let prefixEnd = 0;
  for (let i = 0; i < p; i++) if (PREFIX_ENDS.has(a[i] as string)) prefixEnd = i + 1;
  let s = 0;
  while (s < max - prefixEnd && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  let suffixStart = a.length;
  for (let i = a.length - s; i < a.length; i++) {
    if (SUFFIX_STARTS.has(a[i] as string)) {
      suffixStart = i;
      break;
    }
  }
  const prefix = a.slice(0, prefixEnd);
  const suffix = a.slice(suffixStart);
  if (prefix === "" && suffix === "") return WILDCARD;
  // A word that is itself unbalanced (`msg="GET`, the first word of a quoted phrase) keeps its quote.
  return balanced(prefix, suffix) || !balanced(a, "") ? prefix + WILDCARD + suffix : balancedOrWild(prefix, suffix);
}

/** Quotes and brackets of prefix + suffix pair up (what a pattern cut from balanced words keeps). */
function balanced(prefix: string, suffix: string): boolean {
  const text = prefix + suffix;
  let dq = 0;
  let sq = 0;
  const stack: string[] = [];
  for (const ch of text) {
    if (ch === '"') dq++;
    else if (ch === "'") sq++;
    else if (ch === "(" || ch === "[" || ch === "{") stack.push(ch);
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (stack.pop() !== OPEN_OF[ch]) return false;
    }
  }
  return dq % 2 === 0 && sq % 2 === 0 && stack.length === 0;
}

/** Keeps the side that is balanced on its own (`key=` from `key="x` / `key=y`), else `<*>`. */
function balancedOrWild(prefix: string, suffix: string): string {
  if (balanced(prefix, "")) return prefix + WILDCARD;
  if (balanced("", suffix)) return WILDCARD + suffix;
  return WILDCARD;
}
