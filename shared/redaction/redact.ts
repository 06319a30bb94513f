import { decodedViews } from "./decodedViews.js";
import { keyMaterialSpans } from "./keyMaterial.js";
import { keywordValueSpans } from "./keywordValues.js";
import { personalDataSpans } from "./personalData.js";
import { randomTokenSpans } from "./randomTokens.js";
import { secretlintSpans } from "./secretlintSpans.js";
import { mergeSpans, type Detector, type Span } from "./span.js";
import { vendorTokenSpans } from "./vendorTokens.js";

/**
 * Secrets and personal data that must never reach a worklog or an issue, found by several detectors
 * over the text and over its decoded forms (URL-encoded, JSON-escaped, HTML entities), and replaced by
 * a label naming what was there (`[REDACTED github token]`), so a reader still knows a token or an
 * address was involved. Defence in depth: a maintained rule set (secretlint's recommended preset),
 * vendor token shapes, values named as secrets, random-looking tokens, key material, personal data.
 */
/** In order of how specific their labels are: of two spans of equal length, the earlier detector names it. */
const DETECTORS: readonly Detector[] = [vendorTokenSpans, secretlintSpans, keyMaterialSpans, keywordValueSpans, randomTokenSpans, personalDataSpans];

/** Every span to redact in `text`, merged. Exported for the corpus measurement. */
export function redactionSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const d of DETECTORS) spans.push(...d(text));
  for (const view of decodedViews(text)) {
    for (const d of DETECTORS) {
      for (const s of d(view.text)) {
        const start = view.map[s.start] as number;
        const end = view.map[s.end] as number;
        if (end > start) spans.push({ start, end, label: s.label });
      }
    }
  }
  return withEchoes(text, mergeSpans(spans));
}

/** Shortest redacted value whose other occurrences are redacted too: shorter values are words, not secrets. */
const MIN_ECHO_CHARS = 8;
/**
 * Distinct values looked for again, each a scan of the text: a text holding more secrets than this
 * (a dump of keys, not a log line) has its first ones' copies redacted; each named one is redacted anyway.
 */
const MAX_ECHO_VALUES = 64;

/**
 * Every other occurrence of a redacted value redacted too: a line that names a secret once and repeats
 * it unnamed (`token = 'x' | 'x'`, a value logged next to its masked form, a URL with the key that a
 * header line named) must not keep the unnamed copy.
 */
function withEchoes(text: string, spans: Span[]): Span[] {
  if (!spans.length) return spans;
  const extra: Span[] = [];
  const seen = new Set<string>();
  for (const s of spans) {
    const value = text.slice(s.start, s.end);
    if (value.length < MIN_ECHO_CHARS || seen.has(value)) continue;
    if (seen.size >= MAX_ECHO_VALUES) break;
    seen.add(value);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) if (at !== s.start) extra.push({ start: at, end: at + value.length, label: s.label });
  }
  return extra.length ? mergeSpans([...spans, ...extra]) : spans;
}

/**
 * Returns `text` with secrets and personal data replaced by labels. Pure; safe on any string; redacting
 * twice changes nothing more. Redact whole texts before cutting them: a secret across a cut is not
 * recognisable in either half.
 */
export function redact(text: string): string {
  return text ? applySpans(text, redactionSpans(text)) : text;
}

/** `text` with each of `spans` (sorted, apart: as redactionSpans returns them) replaced by its label. */
export function applySpans(text: string, spans: readonly Span[]): string {
  if (!spans.length) return text;
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += `${text.slice(at, s.start)}[REDACTED ${s.label}]`;
    at = s.end;
  }
  return out + text.slice(at);
}
