/**
 * Over-redaction on real exports: how much of ordinary log text redaction replaces, and what. Reads
 * every export given (gcloud JSON or NDJSON), normalises each entry, redacts its message as a sample
 * would be, and prints per file the entries touched and the share of characters replaced, then every
 * distinct redacted piece by label, so a person can judge each one.
 *   node dist/scripts/overRedaction.js ../shared/data/cloud-logging/*.json ../shared/data/realworld/*.json
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { readExportStream } from "../shared/entries/readExport.js";
import { normalizeEntry } from "../shared/entries/normalizeEntry.js";
import { redactionSpans } from "../shared/redaction/redact.js";

const pieces = new Map<string, Map<string, number>>();
let allChars = 0;
let allRedacted = 0;
let allEntries = 0;
let allTouched = 0;
for (const file of process.argv.slice(2)) {
  let chars = 0;
  let redacted = 0;
  let entries = 0;
  let touched = 0;
  try {
    for await (const item of readExportStream(createReadStream(file))) {
      if (item.kind !== "value") continue;
      const n = normalizeEntry(item.value);
      if (!n.ok) continue;
      const text = n.entry.message;
      const spans = redactionSpans(text);
      entries++;
      chars += text.length;
      if (spans.length) touched++;
      for (const s of spans) {
        redacted += s.end - s.start;
        const byLabel = pieces.get(s.label) ?? new Map<string, number>();
        const piece = text.slice(s.start, s.end).slice(0, 80);
        byLabel.set(piece, (byLabel.get(piece) ?? 0) + 1);
        pieces.set(s.label, byLabel);
      }
    }
  } catch (err) {
    console.log(`${basename(file)}: not read (${(err as Error).message.split("\n")[0]})`);
    continue;
  }
  console.log(`${basename(file)}: ${entries} entries, ${touched} with something redacted (${((100 * touched) / Math.max(1, entries)).toFixed(1)}%), ${((100 * redacted) / Math.max(1, chars)).toFixed(2)}% of characters`);
  allChars += chars;
  allRedacted += redacted;
  allEntries += entries;
  allTouched += touched;
}
console.log(`\nall: ${allEntries} entries, ${allTouched} touched (${((100 * allTouched) / Math.max(1, allEntries)).toFixed(1)}%), ${((100 * allRedacted) / Math.max(1, allChars)).toFixed(2)}% of characters redacted\n`);
for (const [label, byPiece] of [...pieces.entries()].sort()) {
  console.log(`[${label}] ${[...byPiece.values()].reduce((a, b) => a + b, 0)} spans, ${byPiece.size} distinct:`);
  for (const [p, n] of [...byPiece.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`   ${n}× ${JSON.stringify(p)}`);
}
