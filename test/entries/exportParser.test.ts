import { Readable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ExportParser, type ExportItem } from "../../shared/entries/exportParser.js";
import { readExportStream } from "../../shared/entries/readExport.js";

/** Parses `text` delivered in chunks of `size` characters (to exercise every boundary). */
function parse(text: string, size = text.length || 1): ExportItem[] {
  const p = new ExportParser();
  const out: ExportItem[] = [];
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size), (x) => out.push(x));
  p.end((x) => out.push(x));
  return out;
}

const values = (items: ExportItem[]) => items.flatMap((i) => (i.kind === "value" ? [i.value] : []));

describe("ExportParser", () => {
  const tricky = [
    { textPayload: 'quote " and backslash \\ and brace } and bracket ] in a string' },
    { textPayload: "ends with a backslash \\" },
    { jsonPayload: { nested: [1, { a: "[{" }], empty: {} } },
    { textPayload: "unicode: é ✓ 🚀 \u2028" },
  ];

  it.each([1, 2, 3, 7, 64, 100_000])("reads a gcloud JSON array in chunks of %i characters", (size) => {
    const text = JSON.stringify(tricky, null, 2);
    expect(values(parse(text, size))).toEqual(tricky);
  });

  it.each([1, 5, 4096])("reads NDJSON in chunks of %i characters", (size) => {
    const text = `${tricky.map((t) => JSON.stringify(t)).join("\n")}\n`;
    expect(values(parse(text, size))).toEqual(tricky);
  });

  it("reads a single pretty-printed object and concatenated objects", () => {
    expect(values(parse(`${JSON.stringify(tricky[0], null, 2)}\n${JSON.stringify(tricky[2], null, 2)}`, 3))).toEqual([tricky[0], tricky[2]]);
  });

  it("reads an empty array and a BOM", () => {
    expect(parse("[]")).toEqual([]);
    expect(parse("\uFEFF[ ]\n")).toEqual([]);
  });

  it("counts array elements that are not objects, and keeps going", () => {
    const items = parse('[{"a":1}, 42, "text", null, [1,2], {"b":2}]', 4);
    expect(values(items)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(items.filter((i) => i.kind === "skip").map((i) => (i.kind === "skip" ? i.reason : ""))).toEqual([
      "not_an_object",
      "not_an_object",
      "not_an_object",
      "not_an_object",
    ]);
  });

  it("counts NDJSON lines that are not JSON objects, with their line numbers, and keeps going", () => {
    const items = parse('{"a":1}\nnot json at all\n{"b":2,}\n{"c":3}\n', 6);
    expect(values(items)).toEqual([{ a: 1 }, { c: 3 }]);
    const skips = items.filter((i) => i.kind === "skip");
    expect(skips).toHaveLength(2);
    expect(skips[0]).toMatchObject({ reason: "invalid_json", detail: "line 2: not a JSON object" });
    expect(skips[1]).toMatchObject({ reason: "invalid_json" });
    expect(skips[1]?.kind === "skip" && skips[1].detail).toMatch(/^line 3: /);
  });

  it.each([
    ["a truncated array", '[{"a":1},{"b":', /input ends inside a JSON value that starts at line 1: the export looks truncated or malformed \(1 complete entries before it\)/],
    ["an array without its closing bracket", '[{"a":1},\n{"b":2}\n', /input ends before the closing "\]" of the JSON array: the export looks truncated \(2 complete entries read\)/],
    ["plain text", "2025-09-16 ERROR something broke\n", /^input is not a Cloud Logging export: line 1 starts with "202/],
    ["data after the array", '[{"a":1}]\n{"b":2}', /input has data after the end of the JSON array at line 2/],
  ])("rejects %s with a one-line error", (_name, text, message) => {
    let error: Error | undefined;
    try {
      parse(text, 3);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.name).toBe("UserError");
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("returns exactly the array's objects for any JSON values and any chunking (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (arr, size) => {
        const items = parse(JSON.stringify(arr), size);
        const objects = arr.filter((v) => typeof v === "object" && v !== null && !Array.isArray(v));
        expect(values(items)).toEqual(JSON.parse(JSON.stringify(objects)));
        expect(items.length).toBe(arr.length);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but a UserError on random text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parse(text, 7);
        } catch (err) {
          expect((err as Error).name).toBe("UserError");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("streams from a Readable without holding the whole input", async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ textPayload: `line ${i}` }));
    const stream = Readable.from(lines.map((l) => Buffer.from(`${l}\n`)));
    let n = 0;
    for await (const item of readExportStream(stream)) if (item.kind === "value") n++;
    expect(n).toBe(20_000);
  });
});
