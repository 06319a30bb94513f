import type { Readable } from "node:stream";
import { openExport, readExportStream } from "../entries/readExport.js";
import type { LogSource, ReadOutcome, SourceRead } from "../gardener/ports.js";

/**
 * Entries from a `gcloud logging read --format=json` export or NDJSON, a file path or "-" for stdin.
 * The pass filters by window and service (counting what it leaves out); the file is read once.
 */
export function fileSource(path: string, stdin?: Readable): LogSource {
  return {
    kind: "file",
    describe: () => (path === "-" ? "standard input" : `export file ${path}`),
    read(): SourceRead {
      let outcome: ReadOutcome = { complete: false, note: "the file was not read to its end" };
      async function* entries() {
        const stream = await openExport(path, stdin);
        yield* readExportStream(stream);
        outcome = { complete: true };
      }
      return { entries: entries(), outcome: () => outcome };
    },
  };
}
