import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import { DEFAULT_CLUSTER_LIMITS } from "../../shared/clustering/clusterLimits.js";
import { exceptionSignatureOf } from "../../shared/clustering/exceptionSignature.js";
import { createLineSplitter } from "../../shared/clustering/splitLines.js";
import { createTemplateMiner } from "../../shared/clustering/templateMiner.js";
import type { Entry } from "../../shared/entries/entry.js";
import type { LogEvent } from "../../shared/events/logEvent.js";

function event(text: string, over: Partial<Entry> = {}): LogEvent {
  const entry: Entry = {
    timestamp: "2025-09-16T01:00:00Z",
    timeMs: Date.parse("2025-09-16T01:00:00Z"),
    severity: "ERROR",
    logName: "projects/p/logs/run.googleapis.com%2Fstderr",
    logId: "run.googleapis.com/stderr",
    resourceType: "cloud_run_revision",
    resourceLabels: { service_name: "svc" },
    labels: {},
    message: text,
    payloadKind: "text",
    errorGroups: [],
    ...over,
  };
  return { entry, text, severity: "ERROR", severityInferred: false, parts: 1 };
}

describe("bad input never crashes the miner or the clusterer", () => {
  it("takes any string, including lone surrogates and control characters", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 300 }), { maxLength: 40 }), (lines) => {
        const m = createTemplateMiner();
        const c = createClusterer();
        for (const l of lines) {
          const id = m.add(l);
          expect(Number.isInteger(id)).toBe(true);
          expect(typeof m.template(id)).toBe("string");
          c.add(event(l));
        }
        const r = c.result();
        expect(r.clusters.reduce((n, x) => n + x.count, 0)).toBe(lines.length);
      }),
      { numRuns: 200 },
    );
  });

  it("takes stack-like garbage", () => {
    const pieces = fc.constantFrom("Traceback (most recent call last):\n", '  File "/app/x.py", line 1, in f\n', "    at f (/a.js:1:2)\n", "\tat a.B.c(B.java:1)\n", "Caused by: x.Y\n", "panic: boom\n", "goroutine 1 [running]:\n", "main.f()\n", "[cause]: ", "Error: x\n", "\n", "ValueError\n", "{");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join("");
        exceptionSignatureOf(text);
        createClusterer().add(event(text));
      }),
      { numRuns: 300 },
    );
  });

  it("handles empty lines, a 1 MB line and a huge JSON payload within the limits, counting the cuts", () => {
    const c = createClusterer();
    c.add(event(""));
    c.add(event("x".repeat(1 << 20)));
    c.add(event(JSON.stringify({ data: Array.from({ length: 50_000 }, (_, i) => ({ i, v: "word ".repeat(3) })) })));
    c.add(event(`${"[".repeat(100_000)}${"]".repeat(100_000)}`));
    c.add(event(Array.from({ length: 5000 }, (_, i) => `w${i % 7}x`).join(" ")));
    const r = c.result();
    expect(r.events).toBe(5);
    expect(r.drops.line_too_long).toBeGreaterThanOrEqual(3);
    expect(r.drops.too_many_tokens).toBeGreaterThanOrEqual(1);
    for (const cl of r.clusters) {
      expect(cl.template.length).toBeLessThanOrEqual(DEFAULT_CLUSTER_LIMITS.maxLineChars + 3);
      for (const s of cl.samples) expect(s.length).toBeLessThanOrEqual(DEFAULT_CLUSTER_LIMITS.maxSampleChars + 1);
    }
  });

  it("stays within maxClusters on endless distinct messages and counts the evicted events", () => {
    const c = createClusterer({ ...DEFAULT_CLUSTER_LIMITS, maxClusters: 50 });
    const words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];
    for (let i = 0; i < 2000; i++) c.add(event(`${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${words[Math.floor(i / 100) % 10]} job`));
    const r = c.result();
    expect(r.clusters.length).toBeLessThanOrEqual(50);
    expect((r.drops.cluster_evicted ?? 0) + r.clusters.reduce((n, x) => n + x.count, 0)).toBe(2000);
  });
});

describe("per-cluster state is bounded and what it leaves out is counted", () => {
  it("keeps at most maxIdsPerCluster ids and counts the rest; counts stay exact", () => {
    const limits = { ...DEFAULT_CLUSTER_LIMITS, maxIdsPerCluster: 5 };
    const c = createClusterer(limits);
    for (let i = 0; i < 40; i++) c.add(event("payment failed", { labels: { instanceId: `i${i}` }, trace: `projects/p/traces/t${i}`, resourceLabels: { service_name: "svc", revision_name: `r${i % 8}` } }));
    const r = c.result();
    const only = r.clusters[0];
    expect(r.clusters).toHaveLength(1);
    expect(only?.count).toBe(40);
    expect([only?.instances.size, only?.traces.size, only?.revisions.size]).toEqual([5, 5, 5]);
    // 35 instances, 35 traces and the 15 events of the 3 revisions not kept
    expect(r.drops.ids_not_kept).toBe(35 + 35 + 15);
  });
  it("keeps at most maxTimelineMinutes minutes per cluster and counts the events of the others", () => {
    const c = createClusterer({ ...DEFAULT_CLUSTER_LIMITS, maxTimelineMinutes: 10 });
    const start = Date.parse("2025-09-16T01:00:00Z");
    for (let m = 0; m < 30; m++) for (let k = 0; k < 2; k++) c.add(event("tick", { timeMs: start + m * 60_000 + k }));
    const r = c.result();
    expect(r.clusters[0]?.count).toBe(60);
    expect(r.clusters[0]?.perMinute.size).toBe(10);
    expect(r.drops.timeline_minutes_not_kept).toBe(40);
  });
});

describe("line splitter", () => {
  const split = (chunks: Uint8Array[], max = 16) => {
    const lines: string[] = [];
    const s = createLineSplitter(max, (l) => lines.push(l));
    for (const ch of chunks) s.push(ch);
    s.end();
    return { lines, truncated: s.truncated() };
  };
  it("splits across chunks, keeps empty lines and strips CR", () => {
    const enc = new TextEncoder();
    expect(split([enc.encode("ab"), enc.encode("c\r\n\nd"), enc.encode("e\nf")]).lines).toEqual(["abc", "", "de", "f"]);
  });
  it("replaces invalid UTF-8 instead of failing", () => {
    const { lines } = split([Uint8Array.from([0x61, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a])]);
    expect(lines).toEqual(["a\uFFFD\uFFFD", "\uFFFD("]);
  });
  it("keeps at most maxLineBytes of a long line, in one chunk or many, and counts it", () => {
    const enc = new TextEncoder();
    const one = split([enc.encode(`${"x".repeat(40)}\nok\n`)]);
    expect(one).toEqual({ lines: ["x".repeat(16), "ok"], truncated: 1 });
    const many = split([enc.encode("y".repeat(10)), enc.encode("y".repeat(10)), enc.encode("y".repeat(10)), enc.encode("\nok")]);
    expect(many).toEqual({ lines: ["y".repeat(16), "ok"], truncated: 1 });
  });
  it("emits one line per newline whatever the chunking (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 6 }), (bytes, cutsAt) => {
        const points = [...new Set(cutsAt.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.slice(prev, p));
          prev = p;
        }
        const whole = split([bytes], 1000).lines;
        const parts = split(chunks, 1000).lines;
        const newlines = bytes.filter((b) => b === 10).length;
        const tail = bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0;
        expect(whole.length).toBe(newlines + tail);
        expect(parts).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe("masking is blind to digit values", () => {
  it("masks a line and the same line with other digits alike (property)", () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9_.:=\/@\-()\[\],'"x]{0,12}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.nat(9), (words, d) => {
        const line = words.join(" ");
        const m = createTemplateMiner();
        expect(m.add(line.replace(/[0-9]/g, String(d)))).toBe(m.add(line));
      }),
      { numRuns: 500 },
    );
  });
});

it("does not confuse JSON lines whose keys differ only in digits", () => {
  const m = createTemplateMiner();
  expect(m.add('{"shard1":"up"}')).not.toBe(m.add('{"shard2":"up"}'));
});
