/**
 * Reading exports of every shape and encoding: wall time and peak memory, to show that memory stays
 * flat in the size of the file and what UTF-16 costs over UTF-8. Driven by bench-export-shapes.sh:
 *
 *   node dist/scripts/benchExportShapes.js write SHAPE ENCODING COUNT FILE   # a synthetic export
 *   node dist/scripts/benchExportShapes.js read FILE                          # read + normalise, JSON line
 *
 * SHAPE: array | ndjson | objects | rest-pages | envelope | yaml. ENCODING: utf8 | utf16 (UTF-16LE
 * with a BOM and CRLF line ends, as PowerShell's `>` writes it). Entries are the synthetic Cloud Run
 * entries of test/cloud/cloudRunEntries.ts (errors, tracebacks, requests, platform warnings) spread
 * over one hour; the writer streams, so it can write files far larger than memory.
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stringify as toYaml } from "yaml";
import { normalizeEntry } from "../shared/entries/normalizeEntry.js";
import { readExport } from "../shared/entries/readExport.js";
import { cloudRunEntry, type Kind } from "../test/cloud/cloudRunEntries.js";

const START = Date.parse("2025-09-16T01:00:00Z");
const HOUR = 3_600_000;
const KINDS: Kind[] = ["request-200", "error-json", "request-200", "system-warning", "info-stdout", "traceback-default", "request-503", "request-200"];
const SHAPES = ["array", "ndjson", "objects", "rest-pages", "envelope", "yaml"] as const;
/** Entries per page of the rest-pages shape: entries.list's largest page. */
const PAGE = 1000;

async function write(shape: string, encoding: string, count: number, file: string): Promise<void> {
  if (!(SHAPES as readonly string[]).includes(shape)) throw new Error(`shape must be one of ${SHAPES.join(", ")}`);
  if (encoding !== "utf8" && encoding !== "utf16") throw new Error("encoding must be utf8 or utf16");
  const out = createWriteStream(file);
  const utf16 = encoding === "utf16";
  let pending: string[] = [];
  let pendingChars = 0;
  const put = async (text: string) => {
    pending.push(utf16 ? text.replace(/\n/g, "\r\n") : text);
    pendingChars += text.length;
    if (pendingChars < 1 << 20) return;
    await flush(out, pending.join(""), utf16);
    pending = [];
    pendingChars = 0;
  };
  if (utf16) await flush(out, "\uFEFF", true);
  const entry = (i: number) => cloudRunEntry("api", KINDS[i % KINDS.length] as Kind, START + Math.floor((i * HOUR) / count), i);
  if (shape === "array") await put("[\n");
  if (shape === "envelope") await put('{\n  "status": "success",\n  "result": [\n');
  for (let i = 0; i < count; i++) {
    const e = entry(i);
    switch (shape) {
      case "array":
      case "envelope":
        await put(`${i ? ",\n" : ""}${indent(JSON.stringify(e, null, 2), shape === "array" ? "  " : "    ")}`);
        break;
      case "ndjson":
        await put(`${JSON.stringify(e)}\n`);
        break;
      case "objects":
        await put(`${JSON.stringify(e, null, 2)}\n\n`);
        break;
      case "rest-pages":
        if (i % PAGE === 0) await put(`${i ? `],"nextPageToken":"p${i}"}\n` : ""}{"entries":[`);
        await put(`${i % PAGE ? "," : ""}${JSON.stringify(e)}`);
        break;
      case "yaml":
        await put(`---\n${toYaml(e)}`);
        break;
    }
  }
  if (shape === "array") await put("\n]\n");
  if (shape === "envelope") await put("\n  ]\n}\n");
  if (shape === "rest-pages" && count) await put("]}\n");
  await flush(out, pending.join(""), utf16);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function indent(text: string, by: string): string {
  return by + text.replace(/\n/g, `\n${by}`);
}

function flush(out: WriteStream, text: string, utf16: boolean): Promise<void> {
  const ok = out.write(Buffer.from(text, utf16 ? "utf16le" : "utf8"));
  return ok ? Promise.resolve() : new Promise((resolve) => out.once("drain", () => resolve()));
}

async function read(file: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = process.hrtime.bigint();
  const r = readExport(createReadStream(file, { highWaterMark: 1 << 20 }));
  const nowMs = Date.now();
  let entries = 0;
  const skipped: Record<string, number> = {};
  for await (const batch of r.batches) for (const item of batch) {
    if (item.kind === "skip") {
      skipped[item.reason] = (skipped[item.reason] ?? 0) + 1;
      continue;
    }
    const n = normalizeEntry(item.value, { nowMs });
    if (n.ok) entries++;
    else skipped[n.reason] = (skipped[n.reason] ?? 0) + 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`${JSON.stringify({ file, description: r.describe(), entries, skipped, seconds: Number(seconds.toFixed(2)), entriesPerSecond: Math.round(entries / seconds), peakRssMiB: Math.round(peak / 2 ** 20) })}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "write") await write(args[0] ?? "", args[1] ?? "", Number(args[2]), args[3] ?? "");
else if (mode === "read") await read(args[0] ?? "");
else {
  process.stderr.write("usage: benchExportShapes.js write SHAPE ENCODING COUNT FILE | read FILE\n");
  process.exit(2);
}
