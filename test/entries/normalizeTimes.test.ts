import { describe, expect, it } from "@jest/globals";
import { decodeLogId, normalizeEntry } from "../../shared/entries/normalizeEntry.js";

/**
 * normalizeEntry keeps the start of the last minute it parsed and adds seconds and milliseconds by
 * hand (one Date.parse per minute, not per entry). Whatever order times come in, the answer must be
 * Date.parse's own, edge cases included.
 */
function timeOf(timestamp: string): number | string {
  const r = normalizeEntry({ timestamp, logName: "projects/p/logs/x", textPayload: "m" });
  return r.ok ? r.entry.timeMs : r.reason;
}

function expected(timestamp: string): number | string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? "invalid_timestamp" : ms < 0 ? "timestamp_out_of_range" : ms;
}

describe("normalizeEntry's times are Date.parse's", () => {
  it("for edge cases: hour 24, second 60, minute 60, February 30, fractions of 1 to 9 digits", () => {
    const cases = [
      "2026-03-10T14:00:00Z",
      "2026-03-10T14:00:00.5Z",
      "2026-03-10T14:00:00.05Z",
      "2026-03-10T14:00:00.9999Z",
      "2026-03-10T14:00:59.999999999Z",
      "2026-03-10T24:00:00Z",
      "2026-03-10T24:00:01Z",
      "2026-03-10T14:00:60Z",
      "2026-03-10T14:60:00Z",
      "2026-02-30T14:00:00Z",
      "2026-13-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      "1970-01-01T00:00:00Z",
    ];
    // Each case twice, once after a different minute and once right after itself (the kept minute).
    for (const c of cases) {
      timeOf("2001-01-01T00:00:00Z");
      expect([c, timeOf(c)]).toEqual([c, expected(c)]);
      expect([c, timeOf(c)]).toEqual([c, expected(c)]);
    }
  });

  it("for 20,000 random canonical times, in and out of order", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    let mismatches = 0;
    for (let i = 0; i < 20_000; i++) {
      const digits = rand(10);
      const frac = digits ? `.${Array.from({ length: digits }, () => rand(10)).join("")}` : "";
      // Mostly the same few minutes (as an hour's entries are), sometimes anything, seconds up to 60.
      const t = rand(4)
        ? `2026-03-10T14:${pad(rand(3), 2)}:${pad(rand(61), 2)}${frac}Z`
        : `${pad(1970 + rand(80), 4)}-${pad(1 + rand(13), 2)}-${pad(1 + rand(31), 2)}T${pad(rand(25), 2)}:${pad(rand(61), 2)}:${pad(rand(61), 2)}${frac}Z`;
      if (timeOf(t) !== expected(t)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe("decodeLogId remembers the names it decoded", () => {
  it("answers the same as before for escaped, plain and malformed names, asked again and again", () => {
    const names = ["projects/p/logs/run.googleapis.com%2Fstderr", "projects/p/logs/stdout", "projects/p/logs/bad%zzescape", "no-logs-part%2Fx"];
    const want = ["run.googleapis.com/stderr", "stdout", "bad%zzescape", "no-logs-part/x"];
    for (let round = 0; round < 3; round++) expect(names.map(decodeLogId)).toEqual(want);
    // More distinct names than it keeps: still right.
    for (let i = 0; i < 600; i++) expect(decodeLogId(`projects/p/logs/l${i}%2Fx`)).toBe(`l${i}/x`);
  });
});
