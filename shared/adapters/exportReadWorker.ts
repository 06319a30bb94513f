/**
 * The reading thread of threadedExportRead.ts: reads, parses and normalises an export file, and sends
 * the entries in batches (entryCodec.ts), at most READ_THREAD_BATCHES_AHEAD ahead of the pass.
 *
 * gcloud's YAML it declines, before sending anything: the yaml package parses a document recursively,
 * so how deep a document may nest before it is refused depends on the thread's stack, which differs
 * between a worker and the main thread (a document 1,500 levels deep is refused in one and read in
 * the other). JSON.parse does not recurse; what this thread reads of JSON, the pass's thread reads the
 * same way.
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
  /** Nothing sent yet: the format is known by the first batch, and YAML is declined before it goes. */
  let first = true;
  for await (const batch of read.batches) {
    if (first && read.format() === "yaml") break;
    first = false;
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
  if (first && read.format() === "yaml") send({ kind: "declined", why: "gcloud's YAML is parsed recursively: read in the pass's own thread" });
  else {
    const shape = read.shape();
    send({ kind: "end", ...(shape !== undefined ? { shape } : {}), ...read.position() });
  }
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  send({ kind: "failed", message: e.message, userError: isUserError(e), ...(e.stack ? { stack: e.stack } : {}) });
} finally {
  port.close();
}
