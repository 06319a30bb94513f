import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { openExport, readExport } from "../entries/readExport.js";
import type { LogSource, ReadOutcome, SourceRead } from "../gardener/ports.js";

/**
 * Entries from an export file (any encoding and shape users save, see readExport), a path or "-" for
 * stdin. The pass filters by window and service (counting what it leaves out); the file is read once.
 * Once read, `describe()` also says what the file was (encoding, line ends, shape, the member that
 * held the entries), for the worklog's source line.
 */
export function fileSource(path: string, stdin?: Readable): LogSource {
  const where = path === "-" ? "standard input" : `export file ${path}`;
  let shape: (() => string) | undefined;
  return {
    kind: "file",
    describe: () => (shape ? `${where} (${shape()})` : where),
    read(): SourceRead {
      let outcome: ReadOutcome = { complete: false, note: "the file was not read to its end" };
      let bytesRead = 0;
      let bytesTotal: number | undefined;
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
        yield* read.batches;
        outcome = { complete: true };
      }
      return { batches: batches(), outcome: () => outcome, position: () => ({ bytesRead, ...(bytesTotal !== undefined ? { bytesTotal } : {}) }) };
    },
  };
}
