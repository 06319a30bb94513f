/** What stands for the lines a cut sample leaves out between its head and its tail. */
export const LEFT_OUT = "… (lines left out) …";

/**
 * A sample cut to about `max` characters for showing. A single line keeps its head. A multi-line text
 * (a stack trace, a stitched print) keeps its first third and its last two thirds, cut at line ends:
 * a Python traceback, a Go panic or a validation error says what went wrong at its end, a Java trace
 * at its start, and the frames in the middle are the part a reader needs least. The result is at
 * most `max + 1` characters.
 */
export function cutSample(text: string, max: number): string {
  if (text.length <= max) return text;
  const firstNl = text.indexOf("\n");
  if (firstNl < 0 || firstNl >= max) return `${text.slice(0, max)}…`;
  const budget = max - LEFT_OUT.length - 2;
  const headMax = Math.floor(budget / 3);
  const tailMax = budget - headMax;
  // The head ends at the last line end within its share (the first line, at least).
  const headEnd = Math.max(firstNl, text.lastIndexOf("\n", headMax));
  // The tail starts after a line end within its share, or mid-line when its last line alone is longer.
  const from = text.length - tailMax;
  const nl = text.indexOf("\n", from);
  const tailStart = nl >= 0 && nl + 1 < text.length ? nl + 1 : from;
  if (tailStart <= headEnd + 1) return `${text.slice(0, max)}…`;
  return `${text.slice(0, headEnd)}\n${LEFT_OUT}\n${text.slice(tailStart)}`;
}

/**
 * The raw text kept of an event for redaction and for cutting later: whole up to `limit` characters,
 * else its head and its tail of `limit / 2` each, joined by the left-out line (what cutSample shows
 * of it lies far inside both halves, so a secret cut in two where they join never reaches it).
 */
export function keepRaw(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  return `${text.slice(0, half)}\n${LEFT_OUT}\n${text.slice(text.length - half)}`;
}
