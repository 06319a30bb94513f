import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createEntryDecoder, type EncodedBatch, type NormalizedItem } from "../entries/entryCodec.js";
import type { ReadPosition } from "../gardener/ports.js";
import { UserError } from "../util/userError.js";

/**
 * Files at least this large are read on a second thread when the machine has a core to spare. Below
 * it the thread's start (loading the reader's modules: tens of milliseconds) outweighs what it saves.
 */
export const READ_THREAD_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Batches (about a thousand entries each, one chunk of the file) the reading thread may run ahead of
 * the pass: enough to keep both threads busy, few enough that memory stays flat (a few MB).
 */
export const READ_THREAD_BATCHES_AHEAD = 4;

/** "auto": large files, when a second core is there; "off": never; "on": always (tests, benchmarks). */
export type ReadThreadChoice = "auto" | "off" | "on";

/** What the pass hands the reading thread. */
export interface ReadWorkerData {
  path: string;
  nowMs: number;
}

/** What the reading thread sends back: batches, then the end or the reason it stopped. */
export type ReadWorkerMessage =
  | ({ kind: "batch"; batch: EncodedBatch } & ReadPosition)
  | ({ kind: "end"; shape?: string } & ReadPosition)
  /** Before any batch: the file is better read in the pass's own thread (gcloud's YAML); nothing was handed over. */
  | { kind: "declined"; why: string }
  | { kind: "failed"; message: string; userError: boolean; stack?: string };

/** The reading thread's script, compiled beside this module (dist/shared/adapters/exportReadWorker.js). */
const WORKER_URL = new URL("./exportReadWorker.js", import.meta.url);

/**
 * Whether to read `path` on a second thread. Only the compiled build has the thread's script (jest
 * runs the TypeScript sources, which read in one thread); "on" without it is a build problem, said so.
 */
export async function useReadThread(path: string, choice: ReadThreadChoice): Promise<boolean> {
  if (choice === "off") return false;
  const script = WORKER_URL.protocol === "file:" ? fileURLToPath(WORKER_URL) : "";
  if (!script || !existsSync(script)) {
    if (choice === "on") throw new Error(`the reading thread's script ${script || WORKER_URL.href} is missing: run npm run build`);
    return false;
  }
  if (choice === "on") return true;
  if (availableParallelism() < 2) return false;
  try {
    return (await stat(path)).size >= READ_THREAD_MIN_BYTES;
  } catch (err) {
    // The file cannot be read: the read in this thread says why, in the words it always uses.
    void err;
    return false;
  }
}

/**
 * Reads, parses and normalises an export file on a second thread (exportReadWorker.ts) while this
 * one tallies: the two overlap (on a 1M-entry export, 2 cores: 1.7× the time of a bare stream and
 * JSON.parse of the file, against 2.8× in one thread; the same CPU time in all; see benchPass).
 * Batches come in file order and each is one chunk of the file, as from readExport; entries arrive
 * normalised with the pass's clock (`nowMs`), exactly as normalizeEntry gives them (see entryCodec.ts),
 * and what the reader or the normaliser refused arrives as a counted skip. A failure of the read
 * (a file that is no export, say) is thrown here, as the read in this thread would throw it.
 * Consume `batches` with for-await (or call its return()): the thread waits for the pass to take
 * each batch, and an iterator dropped half-way would leave it waiting.
 */
export function threadedExportRead(path: string, nowMs: number): {
  batches: AsyncGenerator<NormalizedItem[]>;
  position(): ReadPosition;
  shape(): string | undefined;
  /** Once `batches` is consumed: the thread declined the file before handing over anything; read it in this thread. */
  declined(): boolean;
} {
  let declined = false;
  let bytesRead = 0;
  let bytesTotal: number | undefined;
  let shape: string | undefined;

  async function* batches(): AsyncGenerator<NormalizedItem[]> {
    const data: ReadWorkerData = { path, nowMs };
    const worker = new Worker(WORKER_URL, { workerData: data });
    const decode = createEntryDecoder();
    const inbox: ReadWorkerMessage[] = [];
    let stopped: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    worker.on("message", (m: ReadWorkerMessage) => {
      inbox.push(m);
      notify();
    });
    worker.on("error", (err: Error) => {
      stopped ??= err;
      notify();
    });
    worker.on("exit", (code: number) => {
      stopped ??= new Error(`the thread reading ${path} stopped (exit code ${code}) before the end of the file`);
      notify();
    });
    try {
      for (;;) {
        // Messages the thread sent before it stopped are taken first: its last word may be why.
        while (!inbox.length && !stopped) await new Promise<void>((resolve) => (wake = resolve));
        const m = inbox.shift();
        if (!m) throw stopped;
        if (m.kind === "failed") throw failureOf(m);
        if (m.kind === "declined") {
          declined = true;
          return;
        }
        bytesRead = m.bytesRead;
        if (m.bytesTotal !== undefined) bytesTotal = m.bytesTotal;
        if (m.kind === "end") {
          shape = m.shape;
          return;
        }
        // The thread may read one more batch ahead as soon as this one is taken.
        worker.postMessage(1);
        yield decode(m.batch);
      }
    } finally {
      await worker.terminate();
    }
  }

  return { batches: batches(), position: () => ({ bytesRead, ...(bytesTotal !== undefined ? { bytesTotal } : {}) }), shape: () => shape, declined: () => declined };
}

/** The thread's error as the read in this thread would have thrown it: a user's mistake stays one line. */
function failureOf(m: Extract<ReadWorkerMessage, { kind: "failed" }>): Error {
  if (m.userError) return new UserError(m.message);
  const err = new Error(m.message);
  if (m.stack) err.stack = m.stack;
  return err;
}
