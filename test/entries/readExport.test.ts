import { gzipSync } from "node:zlib";
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { ExportItem } from "../../shared/entries/exportItem.js";
import { readExport } from "../../shared/entries/readExport.js";

/** Reads `bytes` delivered in the given chunks (byte counts, repeated to the end). */
async function read(bytes: Buffer, chunkSizes: number[] = [bytes.length || 1]): Promise<{ items: ExportItem[]; description: string }> {
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = Math.max(1, chunkSizes[k % chunkSizes.length] as number);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  async function* source() {
    yield* chunks;
  }
  const r = readExport(source());
  const items: ExportItem[] = [];
  for await (const batch of r.batches) for (const item of batch) items.push(item);
  return { items, description: r.describe() };
}

const values = (items: ExportItem[]) => items.flatMap((i) => (i.kind === "value" ? [i.value] : []));

/** Text as Windows PowerShell's `>` writes it: UTF-16LE with a BOM, CRLF line ends. */
const utf16le = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, "utf16le");
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
};
const crlf = (text: string) => text.replace(/\n/g, "\r\n");

/** Entries whose text needs every kind of code unit: ASCII, 2- and 3-byte UTF-8, and surrogate pairs. */
const ENTRIES = [
  { insertId: "a1", timestamp: "2026-03-10T14:00:01Z", textPayload: "ASCII with \"quotes\" and \\ backslash" },
  { insertId: "a2", timestamp: "2026-03-10T14:00:02Z", textPayload: "Grüße, naïve café — ✓ 漢字" },
  { insertId: "a3", timestamp: "2026-03-10T14:00:03Z", jsonPayload: { message: "emoji 🚀🔥 and 𝒳 (outside the BMP)", n: 1 } },
];
const EXPORT = JSON.stringify(ENTRIES, null, 2);

describe("readExport: encodings, told by content", () => {
  const cases: Array<[string, Buffer, string]> = [
    ["UTF-8", Buffer.from(EXPORT), "UTF-8; a JSON array"],
    ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXPORT)]), "UTF-8 with BOM; a JSON array"],
    ["UTF-8 with CRLF", Buffer.from(crlf(EXPORT)), "UTF-8, CRLF line ends; a JSON array"],
    ["UTF-16LE with a BOM and CRLF (PowerShell >)", utf16le(crlf(EXPORT)), "UTF-16LE with BOM, CRLF line ends; a JSON array"],
    ["UTF-16BE with a BOM", utf16be(EXPORT), "UTF-16BE with BOM; a JSON array"],
    ["UTF-16LE without a BOM", utf16le(EXPORT, false), "UTF-16LE; a JSON array"],
    ["gzip-compressed UTF-16LE", gzipSync(utf16le(crlf(EXPORT))), "gzip-compressed UTF-16LE with BOM, CRLF line ends; a JSON array"],
    ["gzip-compressed NDJSON", gzipSync(Buffer.from(ENTRIES.map((e) => JSON.stringify(e)).join("\n"))), "gzip-compressed UTF-8; 3 JSON objects one per line (NDJSON)"],
  ];
  it.each(cases)("reads %s", async (_name, bytes, description) => {
    const r = await read(bytes);
    expect(values(r.items)).toEqual(ENTRIES);
    expect(r.description).toBe(description);
  });

  it("gives the same entries for any chunking of a UTF-16 file as for its UTF-8 twin (property)", async () => {
    const twin = values((await read(Buffer.from(EXPORT))).items);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("le", "be", "le-crlf"),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }),
        async (kind, sizes) => {
          const bytes = kind === "be" ? utf16be(EXPORT) : utf16le(kind === "le-crlf" ? crlf(EXPORT) : EXPORT);
          expect(values((await read(bytes, sizes)).items)).toEqual(twin);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives the same entries for any text and any chunking, UTF-16 or UTF-8 (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 8 }),
        async (texts, sizes) => {
          // Lone surrogates cannot be encoded: the property is about text that can be saved.
          const clean = texts.map((t) => t.replace(/[\uD800-\uDFFF]/g, "?"));
          const entries = clean.map((t, k) => ({ insertId: `i${k}`, timestamp: "2026-03-10T14:00:00Z", textPayload: t }));
          const text = entries.map((e) => JSON.stringify(e)).join("\r\n");
          const fromUtf8 = values((await read(Buffer.from(text), sizes)).items);
          const fromUtf16 = values((await read(utf16le(text), sizes)).items);
          expect(fromUtf8).toEqual(entries);
          expect(fromUtf16).toEqual(entries);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("turns bytes that are not valid UTF-8 into U+FFFD instead of stopping", async () => {
    const bytes = Buffer.concat([Buffer.from('[{"insertId":"x","textPayload":"caf'), Buffer.from([0xe9]), Buffer.from('"}]')]);
    expect(values((await read(bytes, [3])).items)).toEqual([{ insertId: "x", textPayload: "caf\uFFFD" }]);
  });

  it.each([
    ["a zip archive", Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), /^input is a zip archive: unzip it/],
    ["UTF-32", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("[\0\0\0]\0\0\0")]), /^input is UTF-32 text: save the export as UTF-8/],
    ["a corrupt gzip stream", Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(20, 7)]), /^input looks gzip-compressed but cannot be decompressed \(.+\): check the file$/],
  ])("refuses %s in one line", async (_name, bytes, message) => {
    const error = await read(bytes).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.name).toBe("UserError");
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("reads empty and blank input as no entries", async () => {
    expect(await read(Buffer.alloc(0))).toEqual({ items: [], description: "UTF-8; empty" });
    expect(await read(utf16le("\r\n  \r\n"))).toEqual({ items: [], description: "UTF-16LE with BOM, CRLF line ends; empty" });
  });
});

describe("readExport: gcloud's default YAML", () => {
  const yaml = [
    "---",
    "insertId: 69b32eda000206480ab94a08",
    "logName: projects/p/logs/run.googleapis.com%2Fstdout",
    "resource:",
    "  labels:",
    "    service_name: svc",
    "  type: cloud_run_revision",
    "textPayload: 'INFO:     169.254.169.126:9670 - \"GET /api/state HTTP/1.1\" 200 OK'",
    "timestamp: '2026-03-12T21:23:38.132680Z'",
    "---",
    "httpRequest:",
    "  latency: 0.092876331s",
    "  status: 200",
    "insertId: '000123'",
    "textPayload: |-",
    "  Traceback (most recent call last):",
    "    File \"app.py\", line 1",
    "  --- not a marker: indented",
    "timestamp: '2026-03-12T21:23:27.894723Z'",
    "---",
    "not: [valid",
    "---",
    "- a list",
    "...",
  ].join("\n");

  it.each([
    ["UTF-8", Buffer.from(yaml)],
    ["UTF-16LE with CRLF", utf16le(crlf(yaml))],
  ])("reads documents one by one (%s), counting the ones that are not entries", async (_name, bytes) => {
    for (const sizes of [[1], [5, 3], [bytes.length]]) {
      const r = await read(bytes, sizes);
      const v = values(r.items) as Array<Record<string, unknown>>;
      expect(v).toHaveLength(2);
      expect(v[0]).toMatchObject({ insertId: "69b32eda000206480ab94a08", timestamp: "2026-03-12T21:23:38.132680Z", resource: { labels: { service_name: "svc" } } });
      expect(v[1]).toMatchObject({ insertId: "000123", httpRequest: { latency: "0.092876331s", status: 200 } });
      expect(v[1]?.textPayload).toBe('Traceback (most recent call last):\n  File "app.py", line 1\n--- not a marker: indented');
      const skips = r.items.filter((i) => i.kind === "skip").map((i) => (i.kind === "skip" ? `${i.reason} ${i.detail}` : ""));
      expect(skips).toEqual([expect.stringMatching(/^invalid_yaml document at line 21: Flow sequence/), "not_an_object document at line 23: array"]);
      expect(r.description).toMatch(/; 4 YAML documents \(gcloud logging read's default format\)$/);
    }
  });

  it("does not take a text log for YAML", async () => {
    const error = await read(Buffer.from("ERROR: something broke\nINFO: fine\n")).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/^input is not a Cloud Logging export: line 1 starts with "ERROR: somet"/);
  });
});
