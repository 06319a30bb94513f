import { applySpans, redact, redactionSpans } from "./redact.js";

/**
 * A pattern's template and raw samples, redacted: each sample once, whole, and the template at least
 * as its samples are. A template flattens its events' text (lines joined by spaces, variables as
 * `<*>`) and so loses the context some detectors need: the YAML key above a block value, a netrc or
 * PEM line above the next, the quote a template cut open. A secret constant in every event stays in
 * the template, and the template is what GitHub titles and `GARDENER_ISSUE_SAMPLES=none` issues still
 * show. So the secrets found in the samples are also taken out of the template, wherever their words
 * stand in it.
 *
 * A word of a secret goes when it is long enough to be one on its own, or when it stands next to
 * another word of the same secret (`<*>` between them allowed): `correct horse` goes, a lone `horse`
 * elsewhere in the template stays.
 */
export function redactPattern(template: string, rawSamples: readonly string[]): { template: string; samples: string[] } {
  const words = new Map<string, SecretWord>();
  let secret = 0;
  const samples = rawSamples.map((raw) => {
    const spans = redactionSpans(raw);
    for (const s of spans) {
      secret++;
      for (const w of raw.slice(s.start, s.end).split(/\s+/)) {
        if (w.length >= MIN_WORD_CHARS && !words.has(w)) words.set(w, { label: s.label, secret });
      }
    }
    return applySpans(raw, spans);
  });
  return { template: redactTemplate(redact(template), words), samples };
}

interface SecretWord {
  label: string;
  /** Which secret (span) of the samples the word came from. */
  secret: number;
}
interface Hit extends SecretWord {
  start: number;
  end: number;
}

function redactTemplate(template: string, words: ReadonlyMap<string, SecretWord>): string {
  if (!words.size) return template;
  const alternatives = [...words.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
  const hits: Hit[] = [];
  for (const m of template.matchAll(new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join("|")})(?![A-Za-z0-9])`, "g"))) {
    hits.push({ start: m.index as number, end: (m.index as number) + m[0].length, ...(words.get(m[0]) as SecretWord) });
  }
  // Next to each other: only blanks, punctuation and `<*>` between two words of one secret.
  const adjacent = (a: Hit | undefined, b: Hit | undefined) => !!a && !!b && a.secret === b.secret && NEXT_TO.test(template.slice(a.end, b.start));
  const keep = hits.filter((h, i) => h.end - h.start >= LONE_WORD_CHARS || adjacent(hits[i - 1], h) || adjacent(h, hits[i + 1]));
  let out = "";
  let at = 0;
  for (let i = 0; i < keep.length; i++) {
    const first = keep[i] as Hit;
    let last = first;
    while (adjacent(last, keep[i + 1])) last = keep[++i] as Hit;
    out += `${template.slice(at, first.start)}[REDACTED ${first.label}]`;
    at = last.end;
  }
  return out + template.slice(at);
}

const NEXT_TO = /^(?:[\s'",;:=]|<\*>){0,12}$/;
/** Words shorter than this are never taken from a template (`a`, `to`, `is` occur in any text). */
const MIN_WORD_CHARS = 3;
/** A word of a secret this long goes on its own: no ordinary template word is that long and in a secret. */
const LONE_WORD_CHARS = 8;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
