import { setFlagsFromString } from "node:v8";

/**
 * How fast V8 may grow the heap between full collections, in percent (V8's own default is a factor
 * of about 2 to 4, i.e. 100-300%). A pass over a big export keeps little alive (the clusterer, the
 * miner and the duplicate filter are bounded: about 50 MB live over a million unique messages) but
 * promotes a steady stream of short-lived state (clusters evicted from the LRU, the miner's retired
 * clusters) to the old generation; on a machine with gigabytes free V8 then lets the heap grow to
 * many times what is live before it collects (607 MB peak RSS for 1M unique messages on a 24 GB
 * machine, about 50 MB of it live). 10% keeps the peak near what is live plus one growth step,
 * at the cost of more frequent full collections (`cluster` is left alone). That cost was about 15%
 * of a pass while the request/event pair records re-copied their marks on every failed request; since
 * they stopped, the 1M-entry sample hour costs the same CPU at 10, 25 and 50% (27-29 s, within this
 * machine's noise; peak RSS 173-177 MB) and 1M unique messages peak at 218-230 MB. It is a growth
 * rate, not a cap: a pass that really needs more memory still gets it.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Sets V8's heap growth for this process, unless the user chose one on node's command line
 * (`node --heap-growing-percent=N dist/functions/cli.js run ...`; NODE_OPTIONS cannot carry it). V8
 * reads this flag each time it sets the next collection's limit, so setting it at start takes effect
 * for the whole process.
 */
export function bridleHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
  if (chosen) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
