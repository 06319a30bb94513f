import { getHeapStatistics, setFlagsFromString } from "node:v8";

/**
 * How fast V8 may grow the heap between full collections, in percent, once the heap is large (see
 * BRIDLE_FROM_HEAP_MB). V8's own factor is about 2 to 4 (100-300%). A pass over a big export keeps
 * little alive (the clusterer, the miner and the duplicate filter are bounded: about 50 MB live over
 * a million unique messages) but promotes a steady stream of short-lived state (clusters evicted from
 * the LRU, the miner's retired clusters) to the old generation; with gigabytes free V8 lets the heap
 * grow to many times what is live before it collects (360 MB peak RSS for 1M unique messages on a
 * 24 GB machine). 10% keeps the peak near what is live plus one growth step.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Heap in use (MB) from which growth is bridled. Below it V8 grows the heap its own way: a bridled
 * heap is collected in full every time it grows by 10%, and on a heap of a few tens of MB that means
 * a full collection every few hundred milliseconds with concurrent marking (and its write barrier)
 * running most of the pass. The 1M-entry sample hour (16-30 MB alive after a full collection) passes
 * it only once V8's own growth has let garbage pile up, and then runs 17 full collections instead of
 * 95 at 10% from the start; the 1M-unique-message stress export (35-55 MB alive) passes it within
 * seconds and peaks at 227 MB (220-222 MB bridled from the start).
 */
export const BRIDLE_FROM_HEAP_MB = 96;

/** How often the heap in use is looked at until it passes BRIDLE_FROM_HEAP_MB. */
const HEAP_LOOK_EVERY_MS = 50;

/** What bridleHeapGrowth needs from V8; tests give their own. */
export interface HeapControl {
  usedHeapBytes(): number;
  setFlags(flags: string): void;
}

const v8Heap: HeapControl = { usedHeapBytes: () => getHeapStatistics().used_heap_size, setFlags: setFlagsFromString };

/**
 * Bridles V8's heap growth for this process once its heap passes `fromHeapMb`, unless the user chose
 * a growth on node's command line (`node --heap-growing-percent=N dist/functions/cli.js run ...`;
 * NODE_OPTIONS cannot carry it). V8 reads the flag each time it sets the next collection's limit, so
 * setting it mid-pass takes effect from the next collection. Returns a function that stops watching
 * (undefined when the user chose), and calls `onBridled` with the heap in use when it bridles.
 */
export function bridleHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  fromHeapMb: number = BRIDLE_FROM_HEAP_MB,
  heap: HeapControl = v8Heap,
  onBridled?: (usedHeapBytes: number) => void,
): (() => void) | undefined {
  const chosen = execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
  if (chosen) return undefined;
  const bridleAt = fromHeapMb * 1024 * 1024;
  const timer = setInterval(() => {
    const used = heap.usedHeapBytes();
    if (used < bridleAt) return;
    heap.setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    clearInterval(timer);
    onBridled?.(used);
  }, HEAP_LOOK_EVERY_MS);
  // The watch never keeps a process alive.
  timer.unref();
  return () => clearInterval(timer);
}
