import { describe, expect, it } from "@jest/globals";
import { planWatermarkWindow } from "../../shared/gardener/planWindow.js";

const plan = { lengthMs: 3_600_000, lagMs: 5 * 60_000, maxCatchUpMs: 6 * 3_600_000 };
const at = (iso: string) => new Date(iso);

describe("planWatermarkWindow", () => {
  it.each([
    // [watermark, now, expected]
    [undefined, "2025-09-16T02:05:00Z", { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" }],
    [undefined, "2025-09-16T02:59:59Z", { start: "2025-09-16T01:00:00.000Z", end: "2025-09-16T02:00:00.000Z" }], // a late retry: same window
    ["2025-09-16T02:00:00.000Z", "2025-09-16T03:07:00Z", { start: "2025-09-16T02:00:00.000Z", end: "2025-09-16T03:00:00.000Z" }],
    ["2025-09-16T02:00:00.000Z", "2025-09-16T05:06:00Z", { start: "2025-09-16T02:00:00.000Z", end: "2025-09-16T05:00:00.000Z" }], // catch-up
    ["2025-09-16T02:17:00.000Z", "2025-09-16T03:07:00Z", { start: "2025-09-16T02:17:00.000Z", end: "2025-09-16T03:00:00.000Z" }], // off-grid watermark (a CLI run)
  ])("watermark %s at %s", (watermark, now, window) => {
    expect(planWatermarkWindow(watermark, at(now), plan)).toEqual({ kind: "window", window });
  });

  it("has nothing to do until a whole window has passed the lag", () => {
    expect(planWatermarkWindow("2025-09-16T02:00:00.000Z", at("2025-09-16T03:04:59Z"), plan).kind).toBe("nothing-to-do");
  });

  it("bounds catch-up and says how much it skipped", () => {
    expect(planWatermarkWindow("2025-09-15T00:00:00.000Z", at("2025-09-16T03:05:00Z"), plan)).toEqual({
      kind: "window",
      window: { start: "2025-09-15T21:00:00.000Z", end: "2025-09-16T03:00:00.000Z" },
      skippedBeforeMs: 21 * 3_600_000,
    });
  });
});
