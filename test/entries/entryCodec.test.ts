import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { readExportFile } from "../../shared/adapters/fileSource.js";
import { createEntryDecoder, createEntryEncoder, MAX_MAPS_PER_FIRST_VALUE, MAX_SHARED_VALUES, type EncodedBatch, type NormalizedItem } from "../../shared/entries/entryCodec.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { describeWithSharedData, SAMPLE_HOUR, SHARED_DATA } from "../realdata/sharedData.js";

/** The pass's clock for every file here (after the newest entry of any of them). */
const NOW_MS = Date.parse("2026-11-29T00:00:00Z");

/** What the reading thread hands over for a file: its items, normalised as the pass normalises them. */
async function normalizedItems(path: string): Promise<NormalizedItem[]> {
  const out: NormalizedItem[] = [];
  for await (const batch of readExportFile(path).batches) {
    for (const item of batch) {
      if (item.kind === "skip") out.push(item);
      else {
        const n = normalizeEntry(item.value, { nowMs: NOW_MS });
        out.push(n.ok ? { kind: "entry", entry: n.entry } : { kind: "skip", reason: n.reason, detail: n.detail });
      }
    }
  }
  return out;
}

/**
 * Encodes in batches of `batchSize`, sends each through the structured clone with its numbers
 * transferred (what postMessage does between threads), and decodes on the other side.
 */
function acrossThreads(items: readonly NormalizedItem[], batchSize: number): NormalizedItem[] {
  const encode = createEntryEncoder();
  const decode = createEntryDecoder();
  const out: NormalizedItem[] = [];
  for (let i = 0; i < items.length; i += batchSize) {
    const batch = encode(items.slice(i, i + batchSize));
    const sent = structuredClone(batch, { transfer: [batch.nums.buffer as ArrayBuffer] }) as EncodedBatch;
    expect(batch.nums.byteLength).toBe(0); // transferred, not copied
    out.push(...decode(sent));
  }
  return out;
}

/** Equal values and the same property order everywhere (JSON.stringify follows insertion order). */
function expectSame(got: NormalizedItem[], want: NormalizedItem[]): void {
  expect(got).toHaveLength(want.length);
  expect(got).toEqual(want);
  for (let i = 0; i < want.length; i++) expect(JSON.stringify(got[i])).toBe(JSON.stringify(want[i]));
}

const entry = (raw: Record<string, unknown>): NormalizedItem => {
  const n = normalizeEntry(raw, { nowMs: NOW_MS });
  if (!n.ok) throw new Error(`test entry refused: ${n.reason} ${n.detail}`);
  return { kind: "entry", entry: n.entry };
};

const base = {
  timestamp: "2026-03-10T14:00:01.123456Z",
  logName: "projects/p/logs/run.googleapis.com%2Frequests",
  resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001-abc", location: "us-central1" } },
};

describe("entryCodec: normalised entries across a thread boundary", () => {
  it("gives back every field of every shape, in normalizeEntry's property order, skips included", () => {
    const items: NormalizedItem[] = [
      entry({ ...base, insertId: "a1", severity: "ERROR", httpRequest: { requestMethod: "GET", requestUrl: "https://h/x/1", status: 503, latency: "1.5s", userAgent: "curl/8", remoteIp: "10.0.0.1" }, trace: "projects/p/traces/t1", spanId: "s1", receiveTimestamp: "2026-03-10T14:00:02Z" }),
      entry({ ...base, insertId: "a2", httpRequest: { status: 200 } }),
      entry({ ...base, textPayload: "plain text", labels: { instanceId: "i-1", n: 3, yes: true } }),
      entry({ ...base, jsonPayload: { message: "nested", ctx: { user: { id: 7 }, list: [1, "two", null, { deep: true }] } }, sourceLocation: { file: "app.py", line: 12, function: "main" } }),
      entry({ ...base, protoPayload: { "@type": "type.googleapis.com/google.cloud.audit.AuditLog", methodName: "Deploy", status: { message: "ok" } } }),
      entry({ ...base, textPayload: "grouped", errorGroups: [{ id: "G1" }, { id: "G2" }] }),
      entry({ ...base, textPayload: "odd label keys", labels: JSON.parse('{"__proto__": "kept as a key", "constructor": "x"}') as Record<string, unknown> }),
      entry({ ...base, resource: { type: "gae_app" }, textPayload: "no labels at all" }),
      entry({ ...base, timestamp: "2026-03-10 14:00:03+02:00", textPayload: "a time made canonical" }),
      entry({ ...base, textPayload: "latency as an object", httpRequest: { latency: { seconds: 2, nanos: 5_000_000 } } }),
      entry({ ...base, textPayload: "a request that names only its client", httpRequest: { remoteIp: "10.0.0.2" } }),
      { kind: "skip", reason: "invalid_json", detail: "line 7: Unexpected token" },
      { kind: "skip", reason: "timestamp_out_of_range", detail: "timestamp \"3000-01-01T00:00:00Z\" is more than a day after the pass's clock" },
      entry({ ...base, textPayload: "the \u0000 and \u2028 and 😀 characters" }),
    ];
    // One at a time (each item the last of its batch, the one that finds a batch sized too small), a few, all.
    expectSame(acrossThreads(items, 1), items);
    expectSame(acrossThreads(items, 4), items);
    expectSame(acrossThreads(items, 1000), items);
  });

  it("shares what repeats by number, and sends a label map whole when it does not repeat", () => {
    const items = Array.from({ length: 50 }, (_, i) => entry({ ...base, insertId: `id${i}`, labels: { instanceId: `i-${i % 3}` }, textPayload: `line ${i}` }));
    const encode = createEntryEncoder();
    const batch = encode(items);
    // Three instance label maps, one resource map and a handful of strings, each defined once.
    expect(batch.defs.length / 2).toBeLessThan(12);
    const again = encode(items);
    expect(again.defs).toEqual([]);
  });

  it("stays correct past the bound of shared values: what no longer fits is sent whole", () => {
    const n = MAX_SHARED_VALUES + 500;
    const items = Array.from({ length: n }, (_, i) => entry({ ...base, insertId: `id${i}`, labels: { instanceId: `instance-${i}` }, httpRequest: { status: 200, userAgent: `agent/${i}` } }));
    const encode = createEntryEncoder();
    const decode = createEntryDecoder();
    const first = encode(items.slice(0, n - 10));
    const last = encode(items.slice(n - 10));
    // Past the bound nothing new is defined: the table on either side stops growing.
    expect(last.defs).toEqual([]);
    expectSame([...decode(structuredClone(first)), ...decode(structuredClone(last))], items);
  });

  it("keeps the search for a shared label map short when later values never repeat", () => {
    // {env: "prod", request_id: unique}: one first value for every map. Without a bound per first value
    // each map would be compared with every one before it (50k entries took 27 s in the encoder).
    const n = 2000;
    const items = Array.from({ length: n }, (_, i) => entry({ ...base, insertId: `id${i}`, labels: { env: "prod", request_id: `req-${i}` }, textPayload: "x" }));
    const encode = createEntryEncoder();
    const batches = [];
    for (let i = 0; i < n; i += 500) batches.push(encode(items.slice(i, i + 500)));
    const decode = createEntryDecoder();
    expectSame(batches.flatMap((b) => decode(structuredClone(b))), items);
    // Shared: the first maps of "prod", up to the bound; every later one goes whole, so none is ever
    // compared with more than MAX_MAPS_PER_FIRST_VALUE shared maps.
    expect(batches.reduce((k, b) => k + b.objs.length, 0)).toBe(n - MAX_MAPS_PER_FIRST_VALUE);
    expect(batches.reduce((k, b) => k + b.defs.length / 2, 0)).toBeLessThan(MAX_MAPS_PER_FIRST_VALUE + 10);
  });

  it("carries the bundled sample hour whole", async () => {
    const items = await normalizedItems(SAMPLE_HOUR);
    expect(items.length).toBeGreaterThan(6000);
    expectSame(acrossThreads(items, 1000), items);
  });
});

describeWithSharedData("entryCodec carries every real export of ../shared/data whole", () => {
  it("every file of realworld/ and cloud-logging/, in any batch size", async () => {
    const files: string[] = [];
    for (const folder of ["realworld", "cloud-logging"]) {
      for (const f of await readdir(join(SHARED_DATA, folder))) if (f !== "README.md") files.push(join(SHARED_DATA, folder, f));
    }
    expect(files.length).toBeGreaterThanOrEqual(20);
    let entries = 0;
    for (const file of files) {
      const items = await normalizedItems(file);
      entries += items.length;
      expectSame(acrossThreads(items, 7), items);
    }
    expect(entries).toBeGreaterThan(1500);
  });
});
