import { maskKindOf, WILDCARD } from "./maskToken.js";

/** What tokenising cut, so that the caller can count it. */
export interface TokenizeCuts {
  lineTooLong: boolean;
  tooManyTokens: boolean;
}

/** An empty value in brackets is a value all the same: `()` reads like `(host.example.com)`. */
const EMPTY_BRACKETS: Record<string, string> = { "()": "(<*>)", "[]": "[<*>]" };

const DIGIT = 1;
const SPECIAL = 2; // `/`, `@`, `\`: paths, e-mails, Windows paths
const DOT = 4;
const OTHER = 8;
/** Character classes of ASCII, for the one scan each token gets. */
const CHAR_CLASS = (() => {
  const t = new Uint8Array(128).fill(OTHER);
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  t[47] = SPECIAL;
  t[64] = SPECIAL;
  t[92] = SPECIAL;
  t[46] = DOT;
  return t;
})();

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -\/]*[@-~]/g;

const OPENERS = "([{\"'";
const CLOSERS = ")]}\"',;.:!?";

/**
 * Masks one whitespace-free token. Constant words come back unchanged (the fast path: no digit,
 * slash, at-sign or backslash means a word). A variable keeps its key and punctuation around it:
 * `uid=0` -> `uid=<*>`, `(TID` stays, `12,` -> `<*>,`.
 */
export function maskWord(tok: string): string {
  let flags = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    flags |= c < 128 ? (CHAR_CLASS[c] as number) : OTHER;
  }
  return maskFlagged(tok, flags);
}

/** maskWord once the token's character classes are known (the tokenizer learns them while splitting). */
function maskFlagged(tok: string, flags: number): string {
  const n = tok.length;
  if (flags === DIGIT) return WILDCARD;
  if ((flags & (DIGIT | SPECIAL)) === 0) {
    // A dot only counts inside a word (`a.b`), not at its end (`done.`).
    if ((flags & DOT) === 0 || tok.lastIndexOf(".", n - 2) <= 0) return n === 2 ? (EMPTY_BRACKETS[tok] ?? tok) : n >= 4 ? maskLiteral(tok) : tok;
  }
  let start = 0;
  let end = n;
  while (start < end && OPENERS.includes(tok[start] as string)) start++;
  while (end > start && CLOSERS.includes(tok[end - 1] as string)) end--;
  const core = start === 0 && end === n ? tok : tok.slice(start, end);
  const kind = maskKindOf(core);
  if (kind && kind !== "mixed") return start === 0 && end === n ? WILDCARD : tok.slice(0, start) + WILDCARD + tok.slice(end);
  const eq = keyEnd(core);
  let masked: string;
  if (eq > 0) {
    const value = core.slice(eq);
    masked = core.slice(0, eq) + (value === "" ? "" : maskValue(value));
  } else masked = kind ? WILDCARD : core;
  return start === 0 && end === n ? masked : tok.slice(0, start) + masked + tok.slice(end);
}

/** Boolean and null literals, as programming languages write them: values like numbers are. */
const LITERALS = new Set(["true", "false", "null"]);
const LITERAL_STARTS = "=:([{\"'";

/** A word that is a literal (`false`, `ret:false`, `(null)`, `true,`) with the literal masked, else the word. */
function maskLiteral(tok: string): string {
  let end = tok.length;
  while (end > 0 && CLOSERS.includes(tok[end - 1] as string)) end--;
  const last = tok.charCodeAt(end - 1) | 32;
  if (last !== 101 /* e */ && last !== 108 /* l */) return tok;
  for (let start = end - 4; start >= end - 5 && start >= 0; start--) {
    if (start > 0 && !LITERAL_STARTS.includes(tok[start - 1] as string)) continue;
    if (LITERALS.has(tok.slice(start, end).toLowerCase())) return tok.slice(0, start) + WILDCARD + tok.slice(end);
  }
  return tok;
}

/** A value after its key: `<*>` when it is a variable, keeping an opening quote (`key="<*>"`). */
function maskValue(v: string): string {
  const q = v.charCodeAt(0);
  if ((q === 34 || q === 39) && v.length > 1 && v.charCodeAt(v.length - 1) !== q) return maskKindOf(v.slice(1)) ? v[0] + WILDCARD : v;
  return maskKindOf(v) ? WILDCARD : v;
}

/**
 * Length of a key before its value: `key=`, `key:`, `name(`, `name....` (a letter first, then
 * letters, `_`, `.`, `-`), or 0.
 */
function keyEnd(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61 || c === 58 || c === 40) return i > 0 ? i + 1 : 0;
    if (c === 46 && s.charCodeAt(i + 1) === 46 && i > 0) {
      let j = i;
      while (s.charCodeAt(j) === 46) j++;
      return j;
    }
    // No digits in a key: masking must not depend on the value of a digit (see HOST_PORT).
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    const other = c === 46 || c === 45;
    if (!letter && !(other && i > 0)) return 0;
  }
  return 0;
}

const MAX_JSON_DEPTH = 8;

/**
 * Splits a message into masked tokens, at most `maxTokens` (the rest becomes one `<*>`), reading at
 * most `maxChars` characters. A compact JSON object is flattened to `key=value` words so that its
 * structure, not its whole text, makes the template.
 */
export function tokenize(message: string, maxTokens: number, maxChars: number, cuts: TokenizeCuts): string[] {
  let text = message;
  if (text.length > maxChars) {
    text = text.slice(0, maxChars);
    cuts.lineTooLong = true;
  }
  // Terminal colours (`ESC[32m`) are decoration, not words.
  if (text.includes("\u001b")) text = text.replace(ANSI_ESCAPE, "");
  const out: string[] = [];
  const first = firstNonSpace(text);
  if (first >= 0 && text.charCodeAt(first) === 123 /* { */ && jsonTokens(text, out, maxTokens)) {
    if (out.length >= maxTokens) cuts.tooManyTokens = true;
    return collapseRuns(out);
  }
  // One pass: split on whitespace (any control character or space) and learn each token's classes.
  let wild = false;
  let times: number[] | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    const s = i;
    let flags = 0;
    do {
      flags |= c < 128 ? (CHAR_CLASS[c] as number) : OTHER;
      if (++i >= n) break;
      c = text.charCodeAt(i);
    } while (c > 32);
    if (out.length === maxTokens - 1) {
      cuts.tooManyTokens = true;
      out.push(WILDCARD);
      wild = true;
      break;
    }
    const w = text.slice(s, i);
    const m = maskFlagged(w, flags);
    if (m !== w) wild = true;
    if ((flags & DIGIT) !== 0 && i - s >= 4 && i - s <= 16 && TIME_OF_DAY.test(w)) (times ??= []).push(out.length);
    out.push(m);
  }
  if (times) maskDateAround(out, times);
  return wild ? collapseRuns(out) : out;
}

/** A time of day (`07:07:00`, `15:23:58.735`), the anchor of a date written out around it. */
const TIME_OF_DAY = /^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?,?$/;
/** A day or month name as dates abbreviate them (`Fri`, `Jun,`): capital, two small letters. */
const DATE_NAME = /^[A-Z][a-z]{2},?$/;
/** A time zone abbreviation after the time (`PDT`, `UTC`, `CEST`). */
const ZONE = /^[A-Z]{2,4}$/;

/**
 * A date written out around a time of day (`Fri Jun 17 07:07:00 2005`, `Thu Aug 04 15:29:45 PDT
 * 2005`) is one variable, like a number: the abbreviated names before the time (by their shape, not
 * a list of names) and a zone after it are masked with the numbers, and the run collapses to `<*>`.
 * Only next to a time of day: a capitalised word elsewhere stays a word.
 */
function maskDateAround(tokens: string[], times: number[]): void {
  for (const t of times) {
    for (let j = t - 1; j >= Math.max(0, t - 3); j--) {
      const w = tokens[j] as string;
      if (w === WILDCARD || w === `${WILDCARD},`) continue;
      if (!DATE_NAME.test(w)) break;
      tokens[j] = w.endsWith(",") ? `${WILDCARD},` : WILDCARD;
    }
    for (let j = t + 1; j <= Math.min(tokens.length - 1, t + 2); j++) {
      const w = tokens[j] as string;
      if (w === WILDCARD) continue;
      if (!ZONE.test(w)) break;
      tokens[j] = WILDCARD;
    }
  }
}

/** Punctuation around a wildcard (`(<*>`, `<*>,`, `<*>]`), or undefined when the token is not one. */
function wildPunct(tok: string): string | undefined {
  if (tok.length > 8) return undefined;
  const at = tok.indexOf(WILDCARD);
  if (at < 0) return undefined;
  const lead = tok.slice(0, at);
  const trail = tok.slice(at + 3);
  for (const ch of lead) if (!OPENERS.includes(ch)) return undefined;
  for (const ch of trail) if (!CLOSERS.includes(ch)) return undefined;
  return lead + trail;
}

const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * Turns each run of variables (with the brackets that belong to them) into one `<*>`, so that
 * `10.0.0.1 (10.0.0.1:80)` reads like one value. Brackets opened and closed inside the run vanish
 * with it; the others stay around the `<*>`. Words after a number (`12 bytes`, `3 retries`) are not
 * taken into it: whether such a word varies is the miner's decision, by what the data shows.
 */
export function collapseRuns(tokens: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  const n = tokens.length;
  while (i < n) {
    const tok = tokens[i] as string;
    const first = tok === WILDCARD ? "" : mayBeWild(tok) ? wildPunct(tok) : undefined;
    if (first === undefined) {
      out.push(tok);
      i++;
      continue;
    }
    // Punctuation of the run: what came before its last token, and that last token's own.
    let inner = "";
    let last = first;
    let j = i + 1;
    for (; j < n; j++) {
      // A separator ends a value: `(TID <*>). <*> bytes`, `<*>, <*>` keep their variables apart.
      const prev = tokens[j - 1] as string;
      const end = prev.charCodeAt(prev.length - 1);
      if (end === 44 || end === 59 || end === 46 || end === 58) break;
      const t = tokens[j] as string;
      const p = t === WILDCARD ? "" : mayBeWild(t) ? wildPunct(t) : undefined;
      if (p === undefined) break;
      inner += last;
      last = p;
    }
    const end = tokens[j - 1] as string;
    out.push(renderWild(inner, last, tok.slice(0, Math.max(0, tok.indexOf(WILDCARD))), end.slice(end.lastIndexOf(WILDCARD) + WILDCARD.length)));
    i = j;
  }
  return out;
}

/** Cheap test before wildPunct: a wildcard token starts with `<` or an opening bracket or quote. */
function mayBeWild(t: string): boolean {
  const c = t.charCodeAt(0);
  return t.length <= 8 && (c === 60 || c === 40 || c === 91 || c === 123 || c === 34 || c === 39);
}

function renderWild(inner: string, last: string, firstLead: string, lastTrail: string): string {
  if (inner === "" && last === "") return WILDCARD;
  if (inner === "" && last.length === 1 && ",;:.)]}!?".includes(last)) return WILDCARD + last;
  // Brackets opened and closed inside the run vanish with it; of the rest, openers go before the
  // `<*>` and only the last token's closing punctuation goes after it.
  const stack: { ch: string; tail: boolean }[] = [];
  const punct = [...inner].map((ch) => ({ ch, tail: false })).concat([...last].map((ch) => ({ ch, tail: true })));
  for (const p of punct) {
    const open = PAIRS[p.ch];
    if (open !== undefined && stack.length && (stack[stack.length - 1] as { ch: string }).ch === open) stack.pop();
    else stack.push(p);
  }
  let lead = "";
  let trail = "";
  for (const p of stack) {
    if (p.ch === "(" || p.ch === "[" || p.ch === "{") lead += p.ch;
    else if (p.tail && p.ch !== '"' && p.ch !== "'") trail += p.ch;
  }
  // Only the last separator matters: `<*>,` not `<*>,,:`.
  trail = trail.replace(/^[,;:.!?]+(?=.)/, "");
  // Quotes that pair up inside the run vanish with it. An odd one that ends the run closes a quoted
  // phrase (`line=":X - [0:0]"`), one that starts it opens one (`"10.0.0.1 said`): kept, or the
  // template's quotes would no longer pair up. One in the middle is part of the variable's text.
  for (const q of ['"', "'"]) {
    if (punct.filter((p) => p.ch === q).length % 2 === 0) continue;
    if (lastTrail.includes(q)) trail += q;
    else if (firstLead.includes(q)) lead = q + lead;
  }
  return lead + WILDCARD + trail;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c === 32 || c === 9)) return i;
  }
  return -1;
}

/** Flattens a JSON object into tokens; false when the text is not a JSON object. */
function jsonTokens(text: string, out: string[], maxTokens: number): boolean {
  const trimmed = text.trim();
  if (!trimmed.endsWith("}")) return false;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    if (err instanceof SyntaxError) return false; // not JSON after all: tokenised as text
    throw err;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  flatten(value as Record<string, unknown>, "", 0, out, maxTokens);
  return true;
}

function flatten(obj: Record<string, unknown>, prefix: string, depth: number, out: string[], maxTokens: number): void {
  for (const key of Object.keys(obj).sort()) {
    if (out.length >= maxTokens - 1) {
      out.push(WILDCARD);
      return;
    }
    const v = obj[key];
    const name = prefix + key;
    if (v !== null && typeof v === "object") {
      if (depth + 1 >= MAX_JSON_DEPTH || Array.isArray(v)) out.push(`${name}=${WILDCARD}`);
      else flatten(v as Record<string, unknown>, `${name}.`, depth + 1, out, maxTokens);
    } else if (typeof v === "string") {
      const words = v.split(/\s+/).filter(Boolean);
      out.push(`${name}=`);
      for (const w of words) {
        if (out.length >= maxTokens - 1) {
          out.push(WILDCARD);
          return;
        }
        out.push(maskWord(w));
      }
    } else if (typeof v === "number") out.push(`${name}=${WILDCARD}`);
    // true, false and null are values like numbers (as `ok=false` in text is).
    else out.push(`${name}=${WILDCARD}`);
  }
}
