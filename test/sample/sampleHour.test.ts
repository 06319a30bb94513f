import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { generateSampleHour, parseSampleOptions } from "../../scripts/sampleHour.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");

function generate(args: string[]): string {
  const parts: string[] = [];
  generateSampleHour(parseSampleOptions(args), (t) => parts.push(t));
  return parts.join("");
}

describe("the bundled sample hour", () => {
  it("is exactly what the generator writes (regenerate with npm run sample)", () => {
    expect(sha(generate([]))).toBe(sha(readFileSync(SAMPLE_HOUR, "utf8")));
  });

  it("is a realistic hour: thousands of entries, newest first, the crash loop, the slow endpoint and the database timeout", () => {
    const entries = JSON.parse(readFileSync(SAMPLE_HOUR, "utf8")) as Array<Record<string, any>>;
    expect(entries.length).toBeGreaterThan(5000);
    const times = entries.map((e) => Date.parse(e.timestamp));
    expect(times.every((t, i) => i === 0 || t <= (times[i - 1] as number))).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse("2026-03-10T14:00:00Z"));
    expect(Math.max(...times)).toBeLessThan(Date.parse("2026-03-10T15:00:00Z"));
    const text = (e: Record<string, any>) => String(e.textPayload ?? e.jsonPayload?.message ?? "");
    const count = (pred: (e: Record<string, any>) => boolean) => entries.filter(pred).length;
    expect(count((e) => /ModuleNotFoundError/.test(text(e)) && e.severity === "ERROR")).toBeGreaterThan(50);
    expect(count((e) => text(e) === "During handling of the above exception, another exception occurred:" && e.severity === undefined)).toBeGreaterThan(20);
    expect(count((e) => text(e) === "Container called exit(3).")).toBeGreaterThan(20);
    expect(count((e) => e.httpRequest?.status === 503)).toBeGreaterThan(100);
    expect(count((e) => /Reason: Worker failed to boot\.$/.test(text(e)) && e.severity === undefined)).toBeGreaterThan(20);
    expect(count((e) => /STARTUP TCP probe failed/.test(text(e)))).toBeGreaterThan(20);
    expect(count((e) => /^Slow request: GET \/api\/v1\/search/.test(text(e)))).toBeGreaterThan(20);
    const timeouts = entries.filter((e) => /sqlalchemy\.exc\.TimeoutError/.test(text(e)));
    expect(timeouts.length).toBeGreaterThan(3);
    const traces = new Set(timeouts.map((e) => e.trace));
    expect(count((e) => e.httpRequest?.status === 500 && traces.has(e.trace))).toBe(timeouts.length);
    expect(count((e) => e.httpRequest?.userAgent === "GoogleHC/1.0")).toBeGreaterThan(100);
  });

  it("has a next hour in which the crash loop is fixed and the rest goes on", () => {
    const next = JSON.parse(generate(["--next", "--start", "2026-03-10T15:00:00Z"])) as Array<Record<string, any>>;
    const text = (e: Record<string, any>) => String(e.textPayload ?? e.jsonPayload?.message ?? "");
    expect(next.filter((e) => /ModuleNotFoundError/.test(text(e)))).toHaveLength(0);
    expect(next.filter((e) => /^Slow request/.test(text(e))).length).toBeGreaterThan(20);
    expect(next.filter((e) => /sqlalchemy\.exc\.TimeoutError/.test(text(e))).length).toBeGreaterThan(3);
  });

  it("rejects a bad option with a one-line error", () => {
    expect(() => parseSampleOptions(["--rps", "fast"])).toThrow("--start must be RFC 3339, --hours and --rps positive numbers");
    expect(() => parseSampleOptions(["--colour"])).toThrow(/^unknown option --colour/);
  });
});
