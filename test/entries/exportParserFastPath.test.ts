import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ExportParser, type ExportItem } from "../../shared/entries/exportParser.js";

/**
 * The fast path (whole entries found with indexOf and JSON.parsed at once) must change nothing the
 * reader says: the same items, skips with the same details, the same shape, the same errors, for
 * any export, broken or not, in any chunking. Each input is read twice, with and without it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type Outcome = { items: ExportItem[]; shape: unknown; error?: string };

let fastEntries = 0;

function read(text: string, sizes: number[], fastPath: boolean): Outcome {
  const p = new ExportParser({ fastPath });
  const before = p.fastEntries;
  try {
    return readWith(p, text, sizes);
  } finally {
    if (!fastPath) expect(p.fastEntries).toBe(before);
    fastEntries += p.fastEntries;
  }
}

function readWith(p: ExportParser, text: string, sizes: number[]): Outcome {
  const items: ExportItem[] = [];
  try {
    for (let i = 0, k = 0; i < text.length; k++) {
      const size = sizes[k % sizes.length] as number;
      p.push(text.slice(i, i + size), (x) => items.push(x));
      i += size;
    }
    p.end((x) => items.push(x));
  } catch (err) {
    return { items, shape: p.shape, error: (err as Error).message };
  }
  return { items, shape: p.shape };
}

const fieldsArb = {
  insertId: fc.string({ maxLength: 8 }),
  timestamp: fc.constantFrom("2026-03-10T14:00:00Z", "2026-03-10T14:59:59.123456Z"),
  logName: fc.constant("projects/p/logs/run.googleapis.com%2Fstdout"),
  textPayload: fc.string({ maxLength: 30 }),
  jsonPayload: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  labels: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
};
/** Mostly entries of LogEntry fields only (the fast path's), some with members the tokenizer looks into for entries. */
const entryArb = fc.oneof(
  { weight: 4, arbitrary: fc.record(fieldsArb, { requiredKeys: [] }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        ...fieldsArb,
        entries: fc.array(fc.record({ timestamp: fc.constant("x"), textPayload: fc.string({ maxLength: 5 }) }), { maxLength: 2 }),
        custom: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
);

const SHAPES = ["ndjson", "ndjson-crlf", "compact-array", "pretty-array", "pretty-array-4", "wrapper", "pages", "concatenated-pretty", "arrays-of-arrays"] as const;

function render(entries: unknown[], shape: (typeof SHAPES)[number]): string {
  switch (shape) {
    case "ndjson":
      return `${entries.map((e) => JSON.stringify(e)).join("\n")}\n`;
    case "ndjson-crlf":
      return `${entries.map((e) => JSON.stringify(e)).join("\r\n")}\r\n`;
    case "compact-array":
      return `[${entries.map((e) => JSON.stringify(e)).join(",\n")}]\n`;
    case "pretty-array":
      return `${JSON.stringify(entries, null, 2)}\n`;
    case "pretty-array-4":
      return `${JSON.stringify(entries, null, 4)}\n`;
    case "wrapper":
      return JSON.stringify({ status: "success", result: entries }, null, 2);
    case "pages":
      return `${JSON.stringify({ entries: entries.slice(0, 2), nextPageToken: "t" })}\n${JSON.stringify({ entries: entries.slice(2) })}\n`;
    case "concatenated-pretty":
      return entries.map((e) => JSON.stringify(e, null, 2)).join("\n");
    case "arrays-of-arrays":
      return JSON.stringify([entries.slice(0, 1), entries.slice(1)], null, 2);
  }
}

const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.array(fc.constantFrom("{", "}", "[", "]", '"', "\\", ",", ":", "\n", "\r", " ", "  }", "\n  }", "},", "\uFEFF", "a"), { maxLength: 6 }).map((p) => p.join("")),
  }),
);

function mutate(text: string, m: { kind: string; at: number; length?: number; text?: string }): string {
  const at = Math.floor(m.at * text.length);
  if (m.kind === "truncate") return text.slice(0, at);
  if (m.kind === "delete") return text.slice(0, at) + text.slice(at + (m.length ?? 1));
  if (m.kind === "duplicate") return text.slice(0, at + (m.length ?? 1)) + text.slice(at);
  return text.slice(0, at) + (m.text ?? "") + text.slice(at);
}

describe("ExportParser's fast path changes nothing it reads", () => {
  it("same items, skips, shape and errors with and without it, on intact and damaged exports in any chunking", () => {
    fastEntries = 0;
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...SHAPES),
        fc.array(mutationArb, { maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }),
        (entries, shape, mutations, sizes) => {
          let text = render(entries, shape);
          for (const m of mutations) text = mutate(text, m);
          for (const chunking of [sizes, [text.length || 1]]) {
            const slow = read(text, chunking, false);
            const quick = read(text, chunking, true);
            expect(quick).toEqual(slow);
          }
        },
      ),
      { numRuns: RUNS * 4 },
    );
    // the property is about the fast path: it must have read a good share of the entries
    expect(fastEntries).toBeGreaterThan(RUNS);
  });

  it("takes the fast path on the exports it is for, and counts lines as the tokenizer does", () => {
    const e = (n: number) => ({ insertId: `i${n}`, timestamp: "2026-03-10T14:00:00Z", textPayload: `line ${n}`, resource: { type: "cloud_run_revision", labels: { service_name: "s" } } });
    const entries = Array.from({ length: 50 }, (_, n) => e(n));
    for (const text of [`${JSON.stringify(entries, null, 2)}\n`, `${entries.map((x) => JSON.stringify(x)).join("\n")}\n`]) {
      // a broken entry after 50 good ones: its line number says the fast path counted every line
      const broken = text.startsWith("[") ? `${text.trimEnd().slice(0, -1)},\n  {"insertId": "x",\n  "textPayload": tru\n  }\n]\n` : `${text}{"insertId": "x", "textPayload": tru}\n`;
      fastEntries = 0;
      const quick = read(broken, [broken.length], true);
      expect(fastEntries).toBe(50);
      expect(quick).toEqual(read(broken, [broken.length], false));
      expect(quick.items.filter((i) => i.kind === "value")).toHaveLength(50);
      expect(quick.items.at(-1)).toMatchObject({ kind: "skip", reason: "invalid_json" });
    }
  });
});
