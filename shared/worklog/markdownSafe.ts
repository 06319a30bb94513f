import { cutText, inertLine, showInvisibles, urlSpans } from "../text/inertText.js";

/**
 * Log text is untrusted: it may hold Markdown, HTML, @mentions, #references, URLs, backtick runs meant
 * to break out of a code block, and invisible or terminal-active characters. Every piece of log text
 * goes through one of these before it is rendered. They escape only what would change the rendering
 * at that position (GitHub-flavoured Markdown), so the raw file reads as plainly as the rendered one.
 */

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ch) {
      run++;
      if (run > best) best = run;
    } else run = 0;
  }
  return best;
}

/**
 * A fenced block whose fence is longer than any backtick run in the text, so the text cannot close it;
 * hidden characters shown as escapes.
 */
export function codeBlock(text: string, info = "text"): string {
  const shown = showInvisibles(text);
  const fence = "`".repeat(Math.max(3, longestRun(shown, "`") + 1));
  return `${fence}${info}\n${shown}\n${fence}`;
}

/**
 * An inline code span on one line (line breaks shown as ⏎), hidden characters shown as escapes,
 * bounded. By default safe inside a GFM table cell (`|` escaped: the table parser removes the
 * backslash); pass `{ table: false }` in prose, where that backslash would show.
 */
export function codeSpan(text: string, maxChars = 160, options: { table?: boolean } = {}): string {
  let one = cutText(showInvisibles(text.replace(/[ \t]*\r?\n[ \t]*/g, " ⏎ ")), maxChars);
  // In a table an odd number of backslashes before a pipe keeps it out of the cell split (a literal
  // backslash there then shows doubled: rare, and never a broken row).
  if (options.table !== false) one = one.replace(/(\\*)\|/g, (_m, bs: string) => `${bs}${bs}\\|`);
  const ticks = "`".repeat(longestRun(one, "`") + 1);
  // A space pads a span that starts or ends with a backtick (or a space, which would be stripped).
  const pad = /^[` ]|[` ]$/.test(one) ? " " : "";
  return `${ticks}${pad}${one || " "}${pad}${ticks}`;
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isPunct = (c: string | undefined) => c !== undefined && (ASCII_PUNCT.test(c) || /\p{P}|\p{S}/u.test(c));

/**
 * Whether the delimiter run text[i, j) of `*`, `_` or `~` could open or close emphasis (CommonMark's
 * flanking rules). The text's own ends count as both blank and punctuation: whatever the caller
 * writes around it, an escape there is never wrong.
 */
function canDelimit(text: string, i: number, j: number): boolean {
  const ch = text[i];
  const prev = text[i - 1];
  const next = text[j];
  const atStart = i === 0;
  const atEnd = j === text.length;
  const left = !isSpace(next) && (!isPunct(next) || isSpace(prev) || isPunct(prev) || atStart);
  const right = !isSpace(prev) && (!isPunct(prev) || isSpace(next) || isPunct(next) || atEnd);
  const leftAtEdge = left || (atEnd && !isSpace(prev));
  const rightAtEdge = right || (atStart && !isSpace(next));
  if (ch !== "_") return leftAtEdge || rightAtEdge;
  // `_` inside a word (snake_case) neither opens nor closes.
  const opens = leftAtEdge && (!right || isPunct(prev) || atStart);
  const closes = rightAtEdge && (!left || isPunct(next) || atEnd);
  return opens || closes;
}

/** Escapes, in one line of prose that holds no URL, only the characters that would be Markup there. */
function escapeInline(text: string): string {
  let out = "";
  const dollars = (text.match(/\$/g) ?? []).length;
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === "*" || c === "_" || c === "~") {
      let j = i;
      while (text[j] === c) j++;
      const run = text.slice(i, j);
      out += canDelimit(text, i, j) ? run.replace(/./g, "\\$&") : run;
      i = j;
      continue;
    }
    const next = text[i + 1];
    if (c === "\\") out += next === undefined || ASCII_PUNCT.test(next) ? "\\\\" : c; // an escape, or a hard line break at the end
    else if (c === "`") out += "\\`";
    else if (c === "<") out += next !== undefined && /[A-Za-z/!?]/.test(next) ? "\\<" : c; // an HTML tag or an <autolink>
    else if (c === "&") out += /^&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/.test(text.slice(i)) ? "\\&" : c; // an entity
    else if (c === "]") out += next === "(" || next === "[" ? "\\]" : c; // a link's text would end here
    else if (c === "$") out += dollars >= 2 ? "\\$" : c; // GitHub renders $…$ as math
    else out += c;
    i++;
  }
  return out;
}

/**
 * Plain text for a prose position, after other text on the same line: line breaks become spaces,
 * hidden characters visible escapes, URLs code spans (not links), @mentions and #references broken
 * (GitHub neither notifies nor links), and only the characters that would be Markup there escaped:
 * `a_b`, `2 * 3`, `(x)`, `v1.2` and `#tag` stay as they are. `lineStart: true` also escapes a block
 * marker (`#`, `>`, `-`, `+`, `=`, `1.`) that would begin the line.
 */
export function plainText(text: string, options: { lineStart?: boolean } = {}): string {
  const one = showInvisibles(text, { newlines: "space" });
  let out = "";
  let at = 0;
  for (const u of urlSpans(one)) {
    out += breakReferences(escapeInline(one.slice(at, u.start))) + codeSpan(one.slice(u.start, u.end), 2000, { table: false });
    at = u.end;
  }
  out += breakReferences(escapeInline(one.slice(at)));
  if (options.lineStart) out = out.replace(/^(\s*)([#>+=-]|\d{1,9}(?=[.)]))/, (_m, sp: string, mark: string) => (/\d/.test(mark) ? `${sp}${mark}\\` : `${sp}\\${mark}`));
  return out;
}

/**
 * Puts a zero-width joiner inside `@name`, `#1` (and so `owner/repo#1`) and `GH-1`, so GitHub neither
 * notifies (`@org/team`) nor links. A backslash escape alone does not stop reference linking.
 */
export function breakReferences(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9_])|#(?=\d)/g, "$&\u200d").replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}\u200d-`);
}

/**
 * Text for places GitHub shows without Markdown but still links (an issue title): one line, hidden
 * characters shown as escapes, URLs defanged, mentions and references broken, length bounded.
 */
export function inlineText(text: string, maxChars = 200): string {
  return cutText(breakReferences(inertLine(text)), maxChars);
}
