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
  return text
    .replace(/[\\`*_{}\[\]<>()#+!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200d")
    .replace(/\n/g, " ");
}
