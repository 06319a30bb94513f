import { describe, expect, it } from "@jest/globals";
import { bridleHeapGrowth, HEAP_GROWING_PERCENT, type HeapControl } from "../../functions/heapGrowth.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("bridleHeapGrowth", () => {
  it("leaves a growth rate the user chose on node's command line alone", () => {
    expect(bridleHeapGrowth(["--heap-growing-percent=50"])).toBeUndefined();
    expect(bridleHeapGrowth(["--require", "x.cjs", "--heap_growing_percent=50"])).toBeUndefined();
  });

  it("lets V8 grow a small heap its own way and bridles it once, when it passes the threshold", async () => {
    let used = 10 * 1024 * 1024;
    const flags: string[] = [];
    const bridled: number[] = [];
    const heap: HeapControl = { usedHeapBytes: () => used, setFlags: (f) => void flags.push(f) };
    const stop = bridleHeapGrowth(["--max-old-space-size=512"], 64, heap, (u) => bridled.push(u));
    expect(stop).toBeInstanceOf(Function);
    await tick(200);
    expect(flags).toEqual([]);
    used = 65 * 1024 * 1024;
    await tick(200);
    used = 300 * 1024 * 1024;
    await tick(200);
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(bridled).toEqual([65 * 1024 * 1024]);
    stop?.();
  });

  it("stops watching when asked", async () => {
    const flags: string[] = [];
    const stop = bridleHeapGrowth([], 1, { usedHeapBytes: () => 0, setFlags: (f) => void flags.push(f) });
    stop?.();
    await tick(150);
    expect(flags).toEqual([]);
  });

  it("sets a growth rate V8 accepts (a bad flag would throw or warn)", async () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(HEAP_GROWING_PERCENT).toBeLessThan(100);
    const bridled = await new Promise<number>((resolve) => bridleHeapGrowth([], 0, undefined, resolve));
    expect(bridled).toBeGreaterThan(0);
  });
});
