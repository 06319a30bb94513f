/** A piece of text to replace, by position, with a label naming what was there. */
export interface Span {
  start: number;
  end: number;
  /** What was found, e.g. "github token", "password", "email". */
  label: string;
}

/** Finds spans in a text; every detector of the redaction is one of these. */
export type Detector = (text: string) => Span[];

/** Spans found by a regex; `group` names the capture group to replace (default: the whole match). */
export function regexSpans(text: string, re: RegExp, label: string | ((m: RegExpExecArray) => string | undefined), group = 0): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "") {
      re.lastIndex++;
      continue;
    }
    const value = m[group];
    const l = typeof label === "string" ? label : label(m);
    if (value === undefined || value === "" || l === undefined) continue;
    // A group's position comes from the d flag (hasIndices), which every rule with a group sets.
    const at = group === 0 ? m.index : (m.indices?.[group]?.[0] ?? m.index + m[0].lastIndexOf(value));
    out.push({ start: at, end: at + value.length, label: l });
  }
  return out;
}

/**
 * Overlapping or touching spans merged into one; the label of the longest piece wins (a password
 * inside a connection string reads as the connection string's secret).
 */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) {
        if (s.end - s.start > last.end - last.start) last.label = s.label;
        last.end = s.end;
      }
    } else out.push({ ...s });
  }
  return out;
}
