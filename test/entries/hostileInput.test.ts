import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import type { ExportItem } from "../../shared/entries/exportItem.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { readExport } from "../../shared/entries/readExport.js";

/**
 * Fuzzing the reader and the normaliser together, across every input shape and encoding: whatever
 * the bytes, a read either completes (every item an entry or a counted skip) or stops with a
 * one-line UserError; nothing else is ever thrown (that would be exit 70). Unmutated inputs must also
 * come back exactly. FUZZ_RUNS sets the number of inputs per property (default 150); the statistics
 * are printed at the end.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const NOW = Date.parse("2026-03-10T15:00:00Z");
/** Generous: the machines these run on are shared, and a property's runs are not cut short. */
const FUZZ_TIMEOUT_MS = 300_000;

const SHAPES = ["array-pretty", "array-compact", "arrays-concatenated", "ndjson", "ndjson-crlf", "objects-pretty", "rest-pages", "envelope", "yaml"] as const;
const ENCODINGS = ["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "gzip-utf16le"] as const;
type Shape = (typeof SHAPES)[number];
type Encoding = (typeof ENCODINGS)[number];

/** Values that have crashed parsers and normalisers elsewhere: deep nesting, huge years, prototype keys. */
const DEEP = "\u0000deep\u0000";
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant(DEEP),
  fc.constant({ toString: 1, valueOf: "x", constructor: { prototype: 1 }, __proto__: { polluted: true } }),
  fc.constant({ seconds: { low: 1, high: 2 ** 31 }, nanos: "NaN" }),
  fc.constantFrom(Number.MAX_VALUE, -0, 1e308, "9".repeat(400), "\uFEFF\u202E\u0000\u001B[31m"),
);
const timestampArb = fc.oneof(
  fc.date({ min: new Date("2026-03-10T00:00:00Z"), max: new Date("2026-03-10T14:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("+275760-09-13T00:00:00Z", "3000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-03-10T14:00:00+14:00", "1", "", "2026-02-30T00:00:00Z"),
  hostileValue,
);
const entryArb = fc.record(
  {
    insertId: fc.string({ maxLength: 12 }),
    logName: fc.constantFrom("projects/p/logs/run.googleapis.com%2Fstdout", "projects/p/logs/%E0%A4%A", "projects/p/logs/x"),
    timestamp: timestampArb,
    severity: fc.oneof(fc.constantFrom("ERROR", "warn", 500, "constructor", "__proto__", null), hostileValue),
    resource: fc.oneof(fc.constant({ type: "cloud_run_revision", labels: { service_name: "svc", revision_name: "svc-1" } }), hostileValue),
    textPayload: fc.oneof(fc.string({ maxLength: 40, unit: "binary" }), hostileValue),
    jsonPayload: hostileValue,
    httpRequest: fc.oneof(fc.record({ status: hostileValue, latency: hostileValue, requestUrl: hostileValue }), hostileValue),
    sourceLocation: hostileValue,
    labels: hostileValue,
  },
  { requiredKeys: ["insertId", "timestamp"] },
);

/** JSON text of an entry, with the DEEP marker replaced by a payload nested 3,000–6,000 levels. */
function entryJson(e: unknown, indent: number, depth: number): string {
  const text = JSON.stringify(e, null, indent) ?? "null";
  const deep = `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;
  return text.split(JSON.stringify(DEEP)).join(deep);
}

function render(entries: unknown[], shape: Shape, depth: number): string {
  const one = (e: unknown, indent = 0) => entryJson(e, indent, depth);
  switch (shape) {
    case "array-pretty":
      return `[\n${entries.map((e) => one(e, 2)).join(",\n")}\n]\n`;
    case "array-compact":
      return `[${entries.map((e) => one(e)).join(",")}]`;
    case "arrays-concatenated": {
      const half = Math.ceil(entries.length / 2);
      return `[${entries.slice(0, half).map((e) => one(e)).join(",")}]\n[${entries.slice(half).map((e) => one(e)).join(",")}]\n`;
    }
    case "ndjson":
      return `${entries.map((e) => one(e)).join("\n")}\n`;
    case "ndjson-crlf":
      return entries.map((e) => one(e)).join("\r\n");
    case "objects-pretty":
      return entries.map((e) => one(e, 2)).join("\n\n");
    case "rest-pages": {
      const half = Math.ceil(entries.length / 2);
      const page = (list: unknown[], token: string) => `{"entries":[${list.map((e) => one(e)).join(",")}]${token ? `,"nextPageToken":"${token}"` : ""}}`;
      return `${page(entries.slice(0, half), "t1")}\n${page(entries.slice(half), "")}\n`;
    }
    case "envelope":
      return `{"status":"success","result":[${entries.map((e) => one(e)).join(",")}]}`;
    case "yaml":
      // gcloud's default output: one document per entry. Deep payloads as YAML flow text.
      return entries.map((e) => `---\n${toYaml(e, { aliasDuplicateObjects: false }).split(JSON.stringify(DEEP)).join(`${"[".repeat(depth)}1${"]".repeat(depth)}`)}`).join("");
  }
}

function encode(text: string, encoding: Encoding): Buffer {
  const le = (t: string) => Buffer.from(t, "utf16le");
  switch (encoding) {
    case "utf8":
      return Buffer.from(text);
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]);
    case "utf16be-bom":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le(text)).swap16()]);
    case "utf16le":
      return le(text);
    case "gzip-utf16le":
      return gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]));
  }
}

/** Edits that real damage does: cut, delete, duplicate, splice in hostile characters or raw bytes. */
const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.array(fc.constantFrom("{", "}", "[", "]", '"', "\\", ",", ":", "\n", "\r", " ", "-", "---\n", "\uFEFF", "\uD800", "é", "a"), { maxLength: 8 }).map((parts) => parts.join("")) }),
  fc.record({ kind: fc.constant("bytes" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
);
type Mutation = typeof mutationArb extends fc.Arbitrary<infer M> ? M : never;

function mutateText(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case "truncate":
      return text.slice(0, at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "duplicate":
      return text.slice(0, at + m.length) + text.slice(at);
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "bytes":
      return text;
  }
}

function mutateBytes(bytes: Buffer, m: Mutation): Buffer {
  if (m.kind !== "bytes") return bytes;
  const at = Math.floor(m.at * bytes.length);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
}

const stats = {
  inputs: 0,
  mutated: 0,
  byShape: {} as Record<string, number>,
  byEncoding: {} as Record<string, number>,
  completed: 0,
  refused: {} as Record<string, number>,
  entries: 0,
  readSkips: {} as Record<string, number>,
  normalized: 0,
  normalizeSkips: {} as Record<string, number>,
  bytes: 0,
  crashes: 0,
};
const bump = (o: Record<string, number>, k: string) => void (o[k] = (o[k] ?? 0) + 1);

/** Reads `bytes` in the given chunking; everything read is normalised. Throws only what the reader throws. */
async function readAll(bytes: Buffer, sizes: number[]): Promise<{ items: ExportItem[]; values: unknown[] }> {
  async function* chunks() {
    for (let i = 0, k = 0; i < bytes.length; k++) {
      const size = sizes[k % sizes.length] as number;
      yield bytes.subarray(i, i + size);
      i += size;
    }
  }
  const items: ExportItem[] = [];
  const values: unknown[] = [];
  for await (const batch of readExport(chunks()).batches) for (const item of batch) {
    items.push(item);
    if (item.kind === "skip") {
      bump(stats.readSkips, item.reason);
      continue;
    }
    stats.entries++;
    values.push(item.value);
    const n = normalizeEntry(item.value, { nowMs: NOW });
    if (n.ok) stats.normalized++;
    else bump(stats.normalizeSkips, n.reason);
  }
  return { items, values };
}

async function fuzzOne(entries: unknown[], shape: Shape, encoding: Encoding, depth: number, mutations: Mutation[], sizes: number[]): Promise<void> {
  stats.inputs++;
  bump(stats.byShape, shape);
  bump(stats.byEncoding, encoding);
  let text = render(entries, shape, depth);
  for (const m of mutations) text = mutateText(text, m);
  let bytes = encode(text, encoding);
  for (const m of mutations) bytes = mutateBytes(bytes, m);
  if (mutations.length) stats.mutated++;
  stats.bytes += bytes.length;
  try {
    const { items, values } = await readAll(bytes, sizes);
    stats.completed++;
    if (!mutations.length) {
      // Nothing damaged: every entry comes back, in order, whatever the shape, encoding and chunking.
      expect(items.every((i) => i.kind === "value")).toBe(true);
      expect(values.map((v) => (v as { insertId: string }).insertId)).toEqual(entries.map((e) => (e as { insertId: string }).insertId));
    }
  } catch (err) {
    if ((err as Error)?.name !== "UserError") {
      stats.crashes++;
      throw err;
    }
    const message = (err as Error).message;
    expect(message).not.toContain("\n");
    bump(stats.refused, message.replace(/ at line \d+.*| line \d+ .*|: .*/, "").slice(0, 60));
  }
}

describe("hostile input never kills a read (fast-check, every shape and encoding)", () => {
  afterAll(() => {
    process.stderr.write(`\n[fuzz statistics] ${JSON.stringify(stats, null, 1)}\n`);
    expect(stats.crashes).toBe(0);
  });

  it("reads unmutated hostile entries exactly, in every shape, encoding and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...SHAPES),
        fc.constantFrom(...ENCODINGS),
        fc.integer({ min: 3000, max: 6000 }),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 6 }),
        async (entries, shape, encoding, depth, sizes) => {
          // gcloud's YAML has no NUL or lone surrogates in keys; JSON.stringify is what the other shapes get.
          await fuzzOne(entries, shape, encoding, depth, [], sizes);
        },
      ),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it("never throws anything but a one-line UserError on damaged input", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...SHAPES),
        fc.constantFrom(...ENCODINGS),
        fc.integer({ min: 3000, max: 6000 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 6 }),
        async (entries, shape, encoding, depth, mutations, sizes) => fuzzOne(entries, shape, encoding, depth, mutations, sizes),
      ),
      { numRuns: RUNS * 2 },
    );
  }, FUZZ_TIMEOUT_MS);

  it("never throws anything but a one-line UserError on arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }), async (raw, sizes) => {
        stats.inputs++;
        bump(stats.byShape, "random-bytes");
        try {
          await readAll(Buffer.from(raw), sizes);
          stats.completed++;
        } catch (err) {
          if ((err as Error)?.name !== "UserError") {
            stats.crashes++;
            throw err;
          }
          expect((err as Error).message).not.toContain("\n");
          bump(stats.refused, (err as Error).message.replace(/ at line \d+.*| line \d+ .*|: .*/, "").slice(0, 60));
        }
      }),
      { numRuns: RUNS * 2 },
    );
  }, FUZZ_TIMEOUT_MS);
});
