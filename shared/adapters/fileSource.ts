import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { openExport, readExport } from "../entries/readExport.js";
import type { ExportItem } from "../entries/exportItem.js";
import type { LogSource, ReadOutcome, ReadPosition, SourceRead } from "../gardener/ports.js";
import { threadedExportRead, useReadThread, type ReadThreadChoice } from "./threadedExportRead.js";

export interface FileSourceOptions {
  /**
   * Whether a large file is read, parsed and normalised on a second thread while the pass tallies on
   * this one (see threadedExportRead.ts): "auto" (the default) when the file is large and the machine
   * has a core to spare, "off" never, "on" whenever the pass gives its clock (tests).
   */
  readThread?: ReadThreadChoice;
}

/** The bytes of an export file being read in this thread, for the pass or for the reading thread. */
export interface ExportFileRead {
  batches: AsyncGenerator<ExportItem[]>;
  position(): ReadPosition;
  /** What the file was (encoding, line ends, shape), once read. */
  shape(): string | undefined;
  /** JSON (any shape), gcloud's YAML or empty, once known: before the first batch. */
  format(): "json" | "yaml" | "empty" | undefined;
}

/** Reads an export (a path, or "-" for stdin) in this thread: raw items, and how far into the file. */
export function readExportFile(path: string, stdin?: Readable): ExportFileRead {
  let bytesRead = 0;
  let bytesTotal: number | undefined;
  let shape: (() => string) | undefined;
  let format: (() => "json" | "yaml" | "empty" | undefined) | undefined;
  async function* counted(stream: AsyncIterable<Buffer | string>) {
    for await (const chunk of stream) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  async function* batches() {
    const stream = await openExport(path, stdin);
    if (path !== "-") bytesTotal = (await stat(path)).size;
    const read = readExport(counted(stream));
    shape = read.describe;
    format = read.format;
    yield* read.batches;
  }
  return {
    batches: batches(),
    position: () => ({ bytesRead, ...(bytesTotal !== undefined ? { bytesTotal } : {}) }),
    shape: () => shape?.(),
    format: () => format?.(),
  };
}

/**
 * Entries from an export file (any encoding and shape users save, see readExport), a path or "-" for
 * stdin. The pass filters by window and service (counting what it leaves out); the file is read once.
 * Once read, `describe()` also says what the file was (encoding, line ends, shape, the member that
 * held the entries), for the worklog's source line.
 */
export function fileSource(path: string, stdin?: Readable, options: FileSourceOptions = {}): LogSource {
  const where = path === "-" ? "standard input" : `export file ${path}`;
  let shape: (() => string | undefined) | undefined;
  const choice = options.readThread ?? "auto";
  return {
    kind: "file",
    describe: () => {
      const s = shape?.();
      return s ? `${where} (${s})` : where;
    },
    read(request): SourceRead {
      let outcome: ReadOutcome = { complete: false, note: "the file was not read to its end" };
      let read: Pick<ExportFileRead, "position" | "shape"> | undefined;
      async function* batches() {
        let declined = true;
        if (request.nowMs !== undefined && path !== "-" && (await useReadThread(path, choice))) {
          const threaded = threadedExportRead(path, request.nowMs);
          read = threaded;
          shape = threaded.shape;
          yield* threaded.batches;
          declined = threaded.declined();
        }
        // In this thread: small files, stdin, "off", and what the reading thread declined before
        // handing over anything (YAML: see exportReadWorker.ts).
        if (declined) {
          const own = readExportFile(path, stdin);
          read = own;
          shape = own.shape;
          yield* own.batches;
        }
        outcome = { complete: true };
      }
      return { batches: batches(), outcome: () => outcome, position: () => read?.position() ?? { bytesRead: 0 } };
    },
  };
}
