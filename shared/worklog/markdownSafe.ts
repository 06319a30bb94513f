/**
 * Log text is untrusted: it may hold Markdown, HTML, @mentions, #references or backtick runs meant to
 * break out of a code block. Every piece of log text goes through one of these before it is rendered.
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

/** A fenced block whose fence is longer than any backtick run in the text, so the text cannot close it. */
export function codeBlock(text: string, info = "text"): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${fence}${info}\n${text.replace(/\r/g, "")}\n${fence}`;
}

/** An inline code span on one line, safe inside a GFM table cell. */
export function codeSpan(text: string, maxChars = 160): string {
  let one = text.replace(/\s*\n\s*/g, " ⏎ ").replace(/\r/g, "");
  if (one.length > maxChars) one = `${one.slice(0, maxChars - 1)}…`;
  one = one.replace(/\|/g, "\\|");
  const ticks = "`".repeat(longestRun(one, "`") + 1);
  const pad = one.startsWith("`") || one.endsWith("`") || one.startsWith(" ") ? " " : "";
  return `${ticks}${pad}${one || " "}${pad}${ticks}`;
}

/**
 * Plain text for prose positions: Markdown and HTML escaped, @mentions and #references broken with a
 * zero-width joiner so that GitHub neither notifies nor links.
 */
export function plainText(text: string): string {
  return breakReferences(
    text
      .replace(/&/g, "&amp;")
      .replace(/[\\`*_{}\[\]<>()#+!|~]/g, (c) => `\\${c}`)
      .replace(/\n/g, " "),
  );
}

/**
 * Puts a zero-width joiner inside `@name`, `#1` (and so `owner/repo#1`) and `GH-1`, so GitHub neither
 * notifies (`@org/team`) nor links. A backslash escape alone does not stop reference linking.
 */
export function breakReferences(text: string): string {
  return text.replace(/([@#])(?=[A-Za-z0-9_])/g, "$1\u200d").replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}\u200d-`);
}

/**
 * Text for places GitHub shows without Markdown but still links (an issue title): control characters
 * and line breaks removed, mentions and references broken, length bounded.
 */
export function inlineText(text: string, maxChars = 200): string {
  // eslint-disable-next-line no-control-regex
  let one = breakReferences(text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]+/g, " ").replace(/\s+/g, " ").trim());
  if (one.length > maxChars) one = `${one.slice(0, maxChars - 1)}…`;
  return one;
}
