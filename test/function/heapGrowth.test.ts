import { describe, expect, it } from "@jest/globals";
import { bridleHeapGrowth, HEAP_GROWING_PERCENT } from "../../functions/heapGrowth.js";

describe("bridleHeapGrowth", () => {
  it("leaves a growth rate the user chose on node's command line alone", () => {
    expect(bridleHeapGrowth(["--heap-growing-percent=50"])).toBe(false);
    expect(bridleHeapGrowth(["--require", "x.cjs", "--heap_growing_percent=50"])).toBe(false);
  });
  it("sets a small growth rate otherwise (V8 accepts the flag: a bad one would throw or warn)", () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(HEAP_GROWING_PERCENT).toBeLessThan(100);
    expect(bridleHeapGrowth(["--require", "x.cjs", "--max-old-space-size=512"])).toBe(true);
  });
});
