import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ExportParser, type ExportItem } from "../../shared/entries/exportParser.js";
import { describeJsonShape } from "../../shared/entries/jsonShape.js";

/** Parses `text` delivered in chunks of `size` characters (to exercise every boundary). */
function parse(text: string, size = text.length || 1): ExportItem[] {
  return parseWith(new ExportParser(), text, size);
}

function parseWith(p: ExportParser, text: string, size: number): ExportItem[] {
  const out: ExportItem[] = [];
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size), (x) => out.push(x));
  p.end((x) => out.push(x));
  return out;
}

const values = (items: ExportItem[]) => items.flatMap((i) => (i.kind === "value" ? [i.value] : []));
const skips = (items: ExportItem[]) => items.flatMap((i) => (i.kind === "skip" ? [i] : []));

/** Entries as Cloud Logging writes them (the keys that tell an entry from a wrapper). */
const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  insertId: `id${n}`,
  logName: "projects/p/logs/run.googleapis.com%2Fstdout",
  resource: { type: "cloud_run_revision", labels: { service_name: "svc" } },
  textPayload: `line ${n} with "quotes", braces } ] and a backslash \\`,
  timestamp: `2026-03-10T14:00:${String(n % 60).padStart(2, "0")}Z`,
  ...extra,
});
const E = [entry(1), entry(2, { errorGroups: [{ id: "g1" }] }), entry(3, { jsonPayload: { items: [{ timestamp: "x", message: "inner" }] } })];

describe("ExportParser: the JSON shapes users save", () => {
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

  it("reads an empty array and a BOM", () => {
    expect(parse("[]")).toEqual([]);
    expect(parse("\uFEFF[ ]\n")).toEqual([]);
  });

  /** [name, text, the entries expected, the shape description] */
  const shapes: Array<[string, string, unknown[], string]> = [
    ["one gcloud array", JSON.stringify(E, null, 2), E, "a JSON array"],
    ["two exports concatenated (cat a.json b.json)", `${JSON.stringify(E.slice(0, 2), null, 2)}\n${JSON.stringify(E.slice(2), null, 2)}\n`, E, "2 JSON arrays one after another"],
    ["NDJSON", `${E.map((e) => JSON.stringify(e)).join("\n")}\n`, E, "3 JSON objects one per line (NDJSON)"],
    ["NDJSON with CRLF and blank lines", `${E.map((e) => JSON.stringify(e)).join("\r\n\r\n")}\r\n`, E, "3 JSON objects one per line (NDJSON)"],
    ["pretty-printed objects one after another", E.map((e) => JSON.stringify(e, null, 2)).join("\n\n"), E, "3 pretty-printed JSON objects one after another"],
    ["pretty-printed objects separated by commas", E.map((e) => JSON.stringify(e, null, 2)).join(",\n"), E, "3 pretty-printed JSON objects one after another"],
    ["a REST entries:list page", JSON.stringify({ entries: E, nextPageToken: "tok" }, null, 2), E, 'REST entries:list response (1 page, 3 entries in member "entries"); the last page has a nextPageToken: the listing went on beyond this input'],
    [
      "REST pages concatenated, the last one final",
      `${JSON.stringify({ entries: E.slice(0, 1), nextPageToken: "t1" })}\n${JSON.stringify({ nextPageToken: "t2", entries: E.slice(1) })}\n{"entries":[]}\n`,
      E,
      'REST entries:list response (3 pages, 3 entries in member "entries"); 1 of the pages empty',
    ],
    ["an array of REST pages", JSON.stringify([{ entries: E.slice(0, 2) }, { entries: E.slice(2) }]), E, 'a JSON array; REST entries:list response (2 pages, 3 entries in member "entries")'],
    ["an API envelope", JSON.stringify({ status: "success", count: 3, result: E, meta: { took: 5 } }, null, 4), E, 'an object holding the entries in member "result" (3 entries)'],
    ["an envelope two levels deep", JSON.stringify({ ok: true, data: { logs: E, other: [1, 2] } }), E, 'an object holding the entries in member "data.logs" (3 entries)'],
    ["an empty REST response", "{}\n", [], 'REST entries:list response (1 page, 0 entries in member "entries"); 1 of the pages empty'],
    ["an empty envelope", '{"status":"success","result":[]}', [], 'an object holding the entries in member "result" (0 entries); 1 of the pages empty'],
  ];

  it.each(shapes)("reads %s, and says what it was", (_name, text, expected, description) => {
    for (const size of [1, 3, 17, text.length]) {
      const p = new ExportParser();
      const items = parseWith(p, text, size);
      expect(values(items)).toEqual(expected);
      expect(skips(items)).toEqual([]);
      expect(describeJsonShape(p.shape)).toBe(description);
    }
  });

  it("keeps an entry whole when its own members hold arrays of entry-like objects", () => {
    const inner = { timestamp: "2026-03-10T14:00:00Z", insertId: "child", textPayload: "x" };
    const e = { timestamp: "2026-03-10T14:00:01Z", textPayload: "parent", errorGroups: [{ id: "g" }], jsonPayload: { batch: [inner] } };
    expect(values(parse(JSON.stringify([e])))).toEqual([e]);
    // A member that is not a LogEntry field, after the entry showed itself as one, is part of it too.
    const odd = { timestamp: "2026-03-10T14:00:01Z", textPayload: "parent", related: [inner] };
    expect(values(parse(JSON.stringify(odd)))).toEqual([odd]);
  });

  it("counts array elements that are not objects, reads arrays of arrays as lists, and keeps going", () => {
    const items = parse('[{"a":1}, 42, "text", null, true, [{"b":2}, 3], {"c":3}]', 4);
    expect(values(items)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(skips(items).map((s) => s.detail)).toEqual(["line 1: number", "line 1: string", "line 1: null", "line 1: boolean", "line 1: number"]);
  });

  it("skips an entry larger than the limit and reads on", () => {
    const big = JSON.stringify({ textPayload: "x".repeat(2 * 1024 * 1024 + 10) });
    const items = parse(`[${big},{"a":1}]`, 65536);
    expect(values(items)).toEqual([{ a: 1 }]);
    expect(skips(items)).toEqual([{ kind: "skip", reason: "too_large", detail: "line 1: entry larger than 2097152 characters" }]);
  });
});

describe("ExportParser: a broken entry costs only itself", () => {
  const good = (n: number) => JSON.stringify(entry(n));
  /** [name, text, entries read, skip details] */
  const cases: Array<[string, string, number[], string[]]> = [
    ["an unclosed NDJSON line", `${good(1)}\n{unclosed\n${good(2)}\n${good(3)}\n`, [1, 2, 3], ["line 2: expected a member name, found \"u\""]],
    ["an unclosed first NDJSON line", `{unclosed\n${good(2)}\n${good(3)}\n`, [2, 3], ["line 1: expected a member name, found \"u\""]],
    ["an NDJSON line missing its closing brace", `${good(1)}\n${good(2).slice(0, -1)}\n${good(3)}\n`, [1, 3], ["line 2: not a complete JSON object on one line"]],
    ["a first NDJSON line missing its closing brace", `${good(1).slice(0, -1)}\n${good(2)}\n${good(3)}\n`, [2, 3], ["line 1: a new object starts at line 2 before this one ended"]],
    ["an NDJSON line cut inside a string", `${good(1)}\n${good(2).slice(0, 40)}\n${good(3)}\n`, [1, 3], ["line 2: a string runs past the end of its line"]],
    ["a line of text among NDJSON", `${good(1)}\nTraceback (most recent call last):\n${good(3)}\n`, [1, 3], ["line 2: not a JSON object"]],
    ["an NDJSON line with a bad value", `${good(1)}\n{"timestamp": 2026-03-10}\n${good(3)}\n`, [1, 3], ["line 2: Expected ',' or '}' after property value in JSON at position 18"]],
    ["two NDJSON objects on one line without a newline", `${good(1)}${good(2)}\n${good(3)}\n`, [1, 2, 3], []],
    [
      "a pretty-printed object missing its closing brace",
      `${JSON.stringify(entry(1), null, 2).slice(0, -2)}\n${JSON.stringify(entry(2), null, 2)}\n${JSON.stringify(entry(3), null, 2)}`,
      [2, 3],
      ["line 1: a new object starts at line 12 before this one ended"],
    ],
    [
      "an array element cut inside a string",
      `[\n  ${good(1)},\n  ${good(2).slice(0, 50)}\n  ,${good(3)}\n]`.replace("\n  ,", ",\n  "),
      [1, 3],
      ["line 3: a string runs past the end of its line"],
    ],
    ["an array missing a comma", `[${good(1)}${good(2)},${good(3)}]`, [1, 2, 3], []],
    ["NDJSON whose last line stops short", `${good(1)}\n${good(2)}\n${good(3).slice(0, 30)}`, [1, 2], ["line 3: the last line ends inside its JSON object"]],
  ];

  it.each(cases)("%s", (_name, text, read, details) => {
    for (const size of [1, 7, 64, text.length]) {
      const items = parse(text, size);
      expect(values(items).map((v) => (v as { insertId: string }).insertId)).toEqual(read.map((n) => `id${n}`));
      const s = skips(items);
      if (details.length) expect(s.map((x) => x.detail.replace(/ \(line \d+ column \d+\)/, ""))).toEqual(details);
      else expect(s).toEqual([]);
    }
  });

  it.each([
    ["a truncated array", '[{"a":1},{"b":', /input ends inside a JSON value that starts at line 1: the export looks truncated or malformed \(1 complete entries before it\)/],
    ["an array without its closing bracket", '[{"a":1},\n{"b":2}\n', /input ends before the closing "\]" of the JSON array: the export looks truncated \(2 complete entries read\)/],
    ["pretty-printed objects cut in the last one", '{\n "a": 1\n}\n{\n "b": 2\n}\n{\n "c":', /input ends inside a JSON value that starts at line 7: the export looks truncated or malformed \(2 complete entries before it\)/],
    ["a REST page cut short", '{"entries":[{"timestamp":"t"},{"timestamp":"u"}', /input ends before the closing "\}" of the object that starts at line 1: the export looks truncated \(2 complete entries read\)/],
    ["plain text", "2025-09-16 ERROR something broke\n", /^input is not a Cloud Logging export: line 1 starts with "202/],
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
});

describe("ExportParser properties", () => {
  /** What a list element yields: an object is an entry; a nested array is a list of its own. */
  const expectedOf = (v: unknown, depth: number): { entries: unknown[]; items: number } => {
    if (Array.isArray(v) && depth <= 4) {
      const inner = v.map((x) => expectedOf(x, depth + 1));
      return { entries: inner.flatMap((x) => x.entries), items: inner.reduce((n, x) => n + x.items, 0) };
    }
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return { entries: [v], items: 1 };
    return { entries: [], items: 1 };
  };

  it("returns exactly the array's objects for any JSON values, any layout and any chunking", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, 2), (arr, size, indent) => {
        const items = parse(JSON.stringify(arr, null, indent), size);
        const expected = expectedOf(arr, 1);
        expect(values(items)).toEqual(JSON.parse(JSON.stringify(expected.entries)));
        expect(items.length).toBe(expected.items);
      }),
      { numRuns: 300 },
    );
  });

  it("reads any entries as NDJSON or concatenated objects, in any chunking, with any one line broken", () => {
    const entryArb = fc.record({ insertId: fc.string({ maxLength: 6 }), timestamp: fc.constant("2026-03-10T14:00:00Z"), jsonPayload: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })) });
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 2, maxLength: 6 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 40 }), (entries, which, cut, size) => {
        const lines = entries.map((e) => JSON.stringify(e));
        const broken = which % lines.length;
        const line = lines[broken] as string;
        lines[broken] = line.slice(0, 1 + (cut % (line.length - 1))); // cut anywhere before its end
        const items = parse(`${lines.join("\n")}\n`, size);
        const expected = JSON.parse(JSON.stringify(entries.filter((_, k) => k !== broken)));
        expect(values(items)).toEqual(expected);
        expect(skips(items)).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
