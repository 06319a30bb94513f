import { describe, expect, it } from "@jest/globals";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import { cutSample, keepRaw, leftOut } from "../../shared/clustering/cutSample.js";
import { exceptionChain } from "../../shared/events/exceptionChain.js";
import { DEFAULT_CLUSTER_LIMITS } from "../../shared/clustering/clusterLimits.js";
import type { Entry } from "../../shared/entries/entry.js";

/** A Python traceback whose cause is its last lines, behind many frames. */
function traceback(frames: number): string {
  const lines = ["Traceback (most recent call last):"];
  for (let i = 0; i < frames; i++) lines.push(`  File "/app/.venv/lib/python3.12/site-packages/pkg/module_${i}.py", line ${100 + i}, in call_${i}`, `    return inner_${i}(*args, **kwargs)`);
  lines.push("pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings", "DATABASE_URL", "  Field required [type=missing]", "SESSION_SECRET_NAME", "  Field required [type=missing]");
  return lines.join("\n");
}

describe("samples cut for showing", () => {
  it("keep a multi-line text's first line and its last lines, with the cut said", () => {
    const text = traceback(80);
    const shown = cutSample(text, 4000);
    expect(shown.length).toBeLessThanOrEqual(4001);
    expect(shown.startsWith("Traceback (most recent call last):\n")).toBe(true);
    expect(shown.endsWith("SESSION_SECRET_NAME\n  Field required [type=missing]")).toBe(true);
    expect(shown).toMatch(/\n {2}… \(\d+ lines left out\) …\n/);
    // Cut at line ends: every kept line is a whole line of the text.
    for (const line of shown.split("\n")) if (!/^ {2}… \(.*left out\) …$/.test(line)) expect(text.split("\n")).toContain(line);
  });

  it("keep every exception of a chain: frames go first, the lines that say what was raised stay", () => {
    const chain = [traceback(60), "", "During handling of the above exception, another exception occurred:", "", traceback(60).replace("pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings", "RuntimeError: settings could not be loaded")].join("\n");
    expect(chain.length).toBeGreaterThan(4000);
    const shown = cutSample(chain, 4000);
    expect(shown.length).toBeLessThanOrEqual(4001);
    expect(exceptionChain(shown)).toEqual(exceptionChain(chain));
    expect(exceptionChain(shown).map((e) => e.type)).toEqual(["pydantic_core._pydantic_core.ValidationError", "RuntimeError"]);
  });

  it("keep a single line's head, and leave short texts alone", () => {
    expect(cutSample("x".repeat(50), 10)).toBe(`${"x".repeat(10)}…`);
    expect(cutSample("short\ntext", 4000)).toBe("short\ntext");
  });

  it("stay within bounds when the first line takes most of the budget", () => {
    const text = `${"h".repeat(3000)}\n${Array.from({ length: 400 }, (_, i) => `tail line ${i}`).join("\n")}`;
    expect(cutSample(text, 4000).length).toBeLessThanOrEqual(4001);
  });

  it("stay within bounds when a line is longer than the whole budget", () => {
    const text = `head\n${"y".repeat(9000)}\ntail line`;
    const shown = cutSample(text, 4000);
    expect(shown.length).toBeLessThanOrEqual(4001);
    expect(shown.endsWith("tail line")).toBe(true);
  });

  it("keep the raw head and tail of a text longer than the raw limit", () => {
    const text = traceback(2000);
    const raw = keepRaw(text, 16_000);
    expect(raw.length).toBeLessThanOrEqual(16_000 + leftOut().length + 2);
    expect(raw.endsWith("  Field required [type=missing]")).toBe(true);
    expect(keepRaw("abc", 16_000)).toBe("abc");
  });

  it("never shows a named secret without its name, wherever the raw text is cut", () => {
    const limit = DEFAULT_CLUSTER_LIMITS.maxSampleChars * 4;
    const secretLine = "RuntimeError: could not connect with db_password=correcthorsebatterystaple while starting the worker";
    const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `  File "/app/${tag}${i}.py", line ${i}, in f${i}`);
    // The text's last `limit / 2` characters start inside the secret's line, at a different place each time.
    for (let k = 1; k < secretLine.length; k += 6) {
      const tail: string[] = [];
      while (tail.join("\n").length < limit / 2 - k) tail.push(...lines(1, `t${tail.length}`));
      const tailText = tail.join("\n").slice(-(limit / 2 - k));
      const text = ["Traceback (most recent call last):", ...lines(400, "h"), secretLine, tailText].join("\n");
      const entry: Entry = { timestamp: "2026-03-10T14:00:00Z", timeMs: Date.parse("2026-03-10T14:00:00Z"), severity: "ERROR", logName: "projects/p/logs/run.googleapis.com%2Fstderr", logId: "run.googleapis.com/stderr", resourceType: "cloud_run_revision", resourceLabels: {}, labels: {}, message: text, payloadKind: "text", errorGroups: [] };
      // One clusterer per text: each keeps its own sample.
      const clusterer = createClusterer();
      clusterer.add({ entry, text, severity: "ERROR", severityInferred: false, parts: 1 });
      const samples = clusterer.result().clusters.flatMap((c) => c.samples);
      expect(samples.length).toBe(1);
      for (const s of samples) expect(s).not.toMatch(/correcthorse|horsebattery|batterystaple/);
    }
  });

  it("through the clusterer: a long traceback's sample shows the error it ends with", () => {
    const text = traceback(3000); // ~300,000 characters: far over the raw limit too
    const entry: Entry = { timestamp: "2026-03-10T14:00:00Z", timeMs: Date.parse("2026-03-10T14:00:00Z"), severity: "ERROR", logName: "projects/p/logs/run.googleapis.com%2Fstderr", logId: "run.googleapis.com/stderr", resourceType: "cloud_run_revision", resourceLabels: {}, labels: {}, message: text, payloadKind: "text", errorGroups: [] };
    const clusterer = createClusterer();
    clusterer.add({ entry, text, severity: "ERROR", severityInferred: false, parts: 1 });
    const [c] = clusterer.result().clusters;
    expect(c?.samples[0]?.length).toBeLessThanOrEqual(DEFAULT_CLUSTER_LIMITS.maxSampleChars + 1);
    expect(c?.samples[0]).toContain("SESSION_SECRET_NAME");
    expect(c?.samples[0]?.startsWith("Traceback (most recent call last):")).toBe(true);
  });
});
