import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { UserError } from "../util/userError.js";
import { ExportParser, type ExportItem } from "./exportParser.js";

/** Read size for export files: large enough that per-chunk overhead vanishes, small enough to stay flat. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Streams the top-level items of a gcloud JSON export or NDJSON from a readable (file or stdin),
 * never holding more than one entry plus one chunk in memory.
 */
export async function* readExportStream(stream: Readable): AsyncGenerator<ExportItem> {
  stream.setEncoding("utf8");
  const parser = new ExportParser();
  const ready: ExportItem[] = [];
  const emit = (item: ExportItem) => ready.push(item);
  for await (const chunk of stream as AsyncIterable<string>) {
    parser.push(chunk, emit);
    for (const item of ready) yield item;
    ready.length = 0;
  }
  parser.end(emit);
  for (const item of ready) yield item;
}

/** Opens `path` ("-" for stdin) as an export, with a one-line error when it cannot be read. */
export async function openExport(path: string, stdin: Readable = process.stdin): Promise<Readable> {
  if (path === "-") return stdin;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new UserError(`--input ${path} is a directory: give a file exported with gcloud logging read --format=json, or - for stdin`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT" ? `--input ${path} does not exist` : `--input ${path} cannot be read (${code ?? (err as Error).message})`,
      { cause: err },
    );
  }
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}
