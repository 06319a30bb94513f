/**
 * Log text made inert for any output: characters that a terminal acts on or that hide, reorder or
 * smuggle text (controls, bidi overrides, zero-width and tag characters, lone surrogates) become
 * visible escapes; URLs can be defanged so nothing turns them into links. Format-neutral: the
 * Markdown helpers (worklog/markdownSafe.ts), the HTML worklog and GitHub titles build on these.
 *
 * Escapes: C0 and C1 controls and DEL as `\xHH` (`\x1B`, `\x07`, `\x00`), everything else as
 * `\u{HHHH}` (`\u{202E}`, `\u{E0041}`). Tabs and line breaks are kept unless asked otherwise.
 */

/**
 * Characters never shown as they are. Ranges, as code points:
 * - C0 controls (but tab and line feed, handled by options), DEL, C1 controls;
 * - soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator, Hangul fillers;
 * - zero-width space/non-joiner/joiner, left-to-right and right-to-left marks, line and paragraph
 *   separators, bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible operators,
 *   bidi isolates (U+2066–U+2069), deprecated format characters (U+206A–U+206F);
 * - byte order mark / zero-width no-break space, interlinear annotation characters;
 * - tag characters (U+E0000–U+E007F) and variation selectors supplement (U+E0100–U+E01EF), both used
 *   to smuggle invisible text;
 * - lone surrogates (not text at all).
 */
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\uddef]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface InvisibleOptions {
  /** Line feeds: "keep" them, "escape" them as `\n`, or turn them (with surrounding blanks) into one "space". Default "keep". */
  newlines?: "keep" | "escape" | "space";
  /** Keep tabs as they are (default true); false shows them as `\t`. */
  tabs?: boolean;
}

function escapeOf(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0xa0) return `\\x${cp.toString(16).toUpperCase().padStart(2, "0")}`;
  return `\\u{${cp.toString(16).toUpperCase().padStart(4, "0")}}`;
}

/**
 * Shows every hidden or terminal-active character as a visible escape. A CRLF counts as a line break
 * (Windows text reads normally) and a CR ending the text is dropped; any other CR is shown as `\x0D`.
 */
export function showInvisibles(text: string, options: InvisibleOptions = {}): string {
  const newlines = options.newlines ?? "keep";
  let t = text.replace(/\r\n/g, "\n").replace(/\r$/, "");
  t = t.replace(HIDDEN, escapeOf);
  if (options.tabs === false) t = t.replace(/\t/g, "\\t");
  if (newlines === "escape") t = t.replace(/\n/g, "\\n");
  else if (newlines === "space") t = t.replace(/[ \t]*\n[ \t\n]*/g, " ");
  return t;
}

/** `scheme://` (any scheme) and `www.` starts: what Markdown renderers and chat tools turn into links. */
const URL_START = /([a-z][a-z0-9+.-]{0,31}):\/\/|(?<![a-z0-9])www\.(?=[a-z0-9-])/gi;

/**
 * Breaks every URL's scheme or `www.` so that nothing autolinks it, in a way a person still reads:
 * `https://host/x` → `https[:]//host/x`, `www.example.com` → `www[.]example.com`. For text that is not
 * shown as code (titles, plain-text places); in Markdown prefer a code span (markdownSafe.ts).
 */
export function defangUrls(text: string): string {
  return text.replace(URL_START, (m, scheme: string | undefined) => (scheme ? `${scheme}[:]//` : "www[.]"));
}

/** Where URLs start and end in `text` (scheme or `www.` up to the first blank, quote or angle bracket). */
export function urlSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const re = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>"'`]+|(?<![a-z0-9])www\.[a-z0-9-][^\s<>"'`]*/gi;
  for (const m of text.matchAll(re)) {
    let end = (m.index as number) + m[0].length;
    // Trailing sentence punctuation is not part of the URL (GFM's rule, roughly).
    while (end > (m.index as number) + 1 && /[.,;:!?)\]]/.test(text[end - 1] as string)) end--;
    spans.push({ start: m.index as number, end });
  }
  return spans;
}

/**
 * Cuts `text` to at most `maxChars` characters (UTF-16 units), ending with `…` when it was cut, never
 * inside a surrogate pair nor inside an escape made by showInvisibles.
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  const tail = text.slice(Math.max(0, end - 12), end);
  const open = /\\(?:x[0-9A-F]{0,1}|u\{?[0-9A-F]{0,6})$/.exec(tail);
  if (open) end -= open[0].length;
  return `${text.slice(0, end)}…`;
}

/** HTML-escaped inert text for an element's content or a quoted attribute value. */
export function htmlText(text: string, options: InvisibleOptions = {}): string {
  return showInvisibles(text, options).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * One line of inert plain text for places that render no Markup but may link (GitHub issue titles,
 * terminal summaries): hidden characters shown, line breaks and runs of blanks as one space, URLs
 * defanged, bounded.
 */
export function inertLine(text: string, maxChars = Infinity): string {
  const one = defangUrls(showInvisibles(text, { newlines: "space", tabs: true }).replace(/\s+/g, " ").trim());
  return Number.isFinite(maxChars) ? cutText(one, maxChars) : one;
}
