/** What stands for lines a cut sample leaves out; indented, so that a stack's structure reads on (a frame's place, not a record's). */
export const leftOut = (n?: number) => `  … (${n === undefined ? "lines" : `${n} line${n === 1 ? "" : "s"}`} left out) …`;

/** Lines kept at each end of a run of indented lines (a stack's frames): the outermost and the innermost frame with its code line. */
const RUN_HEAD = 1;
const RUN_TAIL = 2;

/**
 * A sample cut to about `max` characters for showing. A single line keeps its head. A multi-line text
 * (a stack trace, a stitched print) first loses the middle of each run of indented lines (a stack's
 * frames) and keeps every line that is not indented: the exception lines, the chain between them
 * ("During handling of the above exception…", "Caused by:"), the message lines after them. If that
 * is still too long, it keeps its first third and its last two thirds, cut at line ends: a Python
 * traceback, a Go panic or a validation error says what went wrong at its end, a Java trace at its
 * start. The result is at most `max + 1` characters.
 */
export function cutSample(text: string, max: number): string {
  if (text.length <= max) return text;
  const firstNl = text.indexOf("\n");
  if (firstNl < 0 || firstNl >= max) return `${text.slice(0, max)}…`;
  const framesCut = cutFrames(text);
  if (framesCut.length <= max) return framesCut;
  return headAndTail(framesCut, max);
}

function cutFrames(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!/^\s/.test(lines[i] as string)) {
      out.push(lines[i++] as string);
      continue;
    }
    let j = i;
    while (j < lines.length && /^\s/.test(lines[j] as string)) j++;
    const run = j - i;
    if (run > RUN_HEAD + RUN_TAIL + 1) out.push(...lines.slice(i, i + RUN_HEAD), leftOut(run - RUN_HEAD - RUN_TAIL), ...lines.slice(j - RUN_TAIL, j));
    else out.push(...lines.slice(i, j));
    i = j;
  }
  return out.join("\n");
}

function headAndTail(text: string, max: number): string {
  const marker = leftOut();
  const budget = max - marker.length - 2;
  const firstNl = text.indexOf("\n");
  // The head ends at the last line end within its third (the first line, at least).
  const headEnd = Math.max(firstNl, text.lastIndexOf("\n", Math.floor(budget / 3)));
  // The tail gets what the head left, from a line start, or from mid-line when its last line alone is longer.
  const tailMax = budget - headEnd;
  if (tailMax <= 0) return `${text.slice(0, max)}…`;
  const from = text.length - tailMax;
  const nl = text.indexOf("\n", from);
  const tailStart = nl >= 0 && nl + 1 < text.length ? nl + 1 : from;
  if (tailStart <= headEnd + 1) return `${text.slice(0, max)}…`;
  return `${text.slice(0, headEnd)}\n${marker}\n${text.slice(tailStart)}`;
}

/**
 * The raw text kept of an event for cutting later: whole up to `limit` characters, else its first and
 * its last lines of about `limit / 2` each, joined by the left-out line. Whole lines only: a line cut
 * in two could leave a secret's value without the name that marks it. The caller redacts a text this
 * long before it is cut (a single line longer than `limit` keeps its head).
 */
export function keepRaw(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  const headEnd = text.lastIndexOf("\n", half);
  const tailNl = text.indexOf("\n", text.length - half);
  if (headEnd <= 0 || tailNl < 0 || tailNl <= headEnd) return text.slice(0, limit);
  return `${text.slice(0, headEnd)}\n${leftOut()}\n${text.slice(tailNl + 1)}`;
}
