/**
 * The reading thread of threadedExportRead.ts: reads, parses and normalises an export file, and sends
 * the entries in batches (entryCodec.ts), at most READ_THREAD_BATCHES_AHEAD ahead of the pass.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createEntryEncoder, type NormalizedItem } from "../entries/entryCodec.js";
import { normalizeEntry } from "../entries/normalizeEntry.js";
import { isUserError } from "../util/userError.js";
import { readExportFile } from "./fileSource.js";
import { READ_THREAD_BATCHES_AHEAD, type ReadWorkerData, type ReadWorkerMessage } from "./threadedExportRead.js";

const port = parentPort;
if (!port) throw new Error("exportReadWorker runs as a worker thread of threadedExportRead");
const { path, nowMs } = workerData as ReadWorkerData;

let credits = READ_THREAD_BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on("message", () => {
  credits++;
  const w = wake;
  wake = undefined;
  w?.();
});
const send = (m: ReadWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const read = readExportFile(path);
  const encode = createEntryEncoder();
  const options = { nowMs };
  for await (const batch of read.batches) {
    const items: NormalizedItem[] = [];
    for (const item of batch) {
      if (item.kind === "skip") {
        items.push(item);
        continue;
      }
      const n = normalizeEntry(item.value, options);
      items.push(n.ok ? { kind: "entry", entry: n.entry } : { kind: "skip", reason: n.reason, detail: n.detail });
    }
    const encoded = encode(items);
    credits--;
    send({ kind: "batch", batch: encoded, ...read.position() }, [encoded.nums.buffer as ArrayBuffer]);
    while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  }
  const shape = read.shape();
  send({ kind: "end", ...(shape !== undefined ? { shape } : {}), ...read.position() });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  send({ kind: "failed", message: e.message, userError: isUserError(e), ...(e.stack ? { stack: e.stack } : {}) });
} finally {
  port.close();
}
