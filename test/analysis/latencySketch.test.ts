import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { addLatency, emptySketch, quantile } from "../../shared/analysis/latencySketch.js";

function exact(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}

describe("latency sketch", () => {
  it("gives p50/p95/p99 within 2% of the exact values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 600_000, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const s = emptySketch();
        for (const v of values) addLatency(s, v);
        for (const q of [0.5, 0.95, 0.99]) {
          const got = quantile(s, q) as number;
          const want = exact(values, q);
          expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.0201);
        }
        expect(s.count).toBe(values.length);
      }),
      { numRuns: 100 },
    );
  });

  it("stays small: a million latencies over six orders of magnitude use a few hundred buckets", () => {
    const s = emptySketch();
    for (let i = 0; i < 1_000_000; i++) addLatency(s, 10 ** ((i % 6000) / 1000));
    expect(s.count).toBe(1_000_000);
    expect(s.buckets.size).toBeLessThan(400);
    expect(quantile(emptySketch(), 0.5)).toBeUndefined();
  });
});
