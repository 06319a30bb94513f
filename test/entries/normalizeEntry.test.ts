import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";

const load = (name: string) => JSON.parse(readFileSync(join(SHARED_DATA, "cloud-logging", name), "utf8")) as unknown;

function ok(raw: unknown) {
  const r = normalizeEntry(raw);
  if (!r.ok) throw new Error(`expected an entry, got skip ${r.reason}: ${r.detail}`);
  return r.entry;
}

describeWithSharedData("normalizeEntry on real Cloud Run entries (gcloud JSON shape)", () => {
  it("reads a 503 request log: request fields, latency in ms, trace, platform text", () => {
    const e = ok(load("04-cloudrun-requests-503-malformed-response.json"));
    expect(e).toMatchObject({
      timestamp: "2025-09-16T01:42:58.995733Z",
      severity: "ERROR",
      logId: "run.googleapis.com/requests",
      resourceType: "cloud_run_revision",
      httpRequest: { method: "GET", url: "https://api.staging.netrasystems.ai/health", status: 503, userAgent: "python-httpx/0.28.1" },
      trace: "projects/netra-staging/traces/bc37fd4d64cefc05745037f87ab79384",
      payloadKind: "text",
    });
    expect(e.httpRequest?.latencyMs).toBeCloseTo(3786.648988, 6);
    expect(e.resourceLabels.revision_name).toBe("netra-backend-staging-00742-b95");
    expect(e.message).toMatch(/^The request failed because either the HTTP response was malformed/);
  });

  it("keeps errorGroups and the traceback text", () => {
    const e = ok(load("02-cloudrun-stderr-python-traceback-modulenotfound.json"));
    expect(e.errorGroups).toEqual(["CK7C-tDwuYTp8AE"]);
    expect(e.message).toMatch(/ModuleNotFoundError: No module named 'netra_backend/);
  });

  it("takes the message of a jsonPayload and keeps the payload", () => {
    const e = ok(load("03-cloudrun-stderr-jsonpayload-error-python-logger.json"));
    expect(e.payloadKind).toBe("json");
    expect(e.message).toBe("Middleware setup failure details: ModuleNotFoundError: No module named 'netra_backend.app.services.monitoring'");
    expect((e.payload?.error as Record<string, unknown>).type).toBe("ModuleNotFoundError");
  });

  it("gives DEFAULT to an entry without severity", () => {
    const e = ok(load("07-cloudrun-stderr-no-severity-gunicorn-worker-failed.json"));
    expect(e.severity).toBe("DEFAULT");
    expect(e.labels.instanceId).toMatch(/^0069c7a9/);
  });

  it("summarises audit protoPayloads", () => {
    const entries = load("netra-staging-mixed-services-100.json") as unknown[];
    const audit = entries.map((x) => ok(x)).filter((e) => e.payloadKind === "proto");
    expect(audit.length).toBe(9);
    expect(audit.find((e) => e.logId === "cloudaudit.googleapis.com/activity")?.message).toMatch(/^google\.cloud\.run\.v1\.Services\.ReplaceService on namespaces\/netra-staging\/services\/\S+ by \S+@/);
  });
});

describe("normalizeEntry on the Node client's decoding", () => {
  it("accepts {metadata, data} with a Date timestamp, {seconds, nanos} latency and a Struct payload", () => {
    const e = ok({
      metadata: {
        logName: "projects/p/logs/run.googleapis.com%2Fstdout",
        timestamp: new Date("2025-09-16T01:42:58.227Z"),
        severity: "WARNING",
        resource: { type: "cloud_run_revision", labels: { service_name: "svc" } },
        httpRequest: { requestMethod: "POST", status: 502, latency: { seconds: "60", nanos: 369159188 } },
        labels: { instanceId: "abc" },
        insertId: "id1",
        jsonPayload: { fields: { message: { stringValue: "slow upstream" }, attempt: { numberValue: 3 } } },
      },
      data: { message: "slow upstream", attempt: 3 },
    });
    expect(e).toMatchObject({ timestamp: "2025-09-16T01:42:58.227Z", severity: "WARNING", message: "slow upstream", payloadKind: "json", payload: { message: "slow upstream", attempt: 3 } });
    expect(e.httpRequest?.latencyMs).toBeCloseTo(60369.159188, 5);
    expect(e.errorGroups).toEqual([]);
  });

  it("accepts numeric severities and text in data", () => {
    const e = ok({ metadata: { logName: "projects/p/logs/x", timestamp: { seconds: 1757986978, nanos: 5e8 }, severity: 500 }, data: "boom" });
    expect(e).toMatchObject({ severity: "ERROR", message: "boom", timestamp: "2025-09-16T01:42:58.500Z" });
  });
});

describe("normalizeEntry on entries it cannot understand", () => {
  it.each([
    [null, "not_an_object"],
    [[1, 2], "not_an_object"],
    [{ textPayload: "no time" }, "missing_timestamp"],
    [{ timestamp: "yesterday", textPayload: "x" }, "invalid_timestamp"],
    [{ timestamp: "2025-09-16T01:42:58Z", severity: "LOUD" }, "invalid_severity"],
  ])("skips %j as %s", (raw, reason) => {
    const r = normalizeEntry(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });
});

describe("normalizeEntry on hostile input: never throws, never recurses, never trusts a date", () => {
  const NOW = Date.parse("2026-03-10T15:00:00Z");
  const at = (timestamp: unknown) => normalizeEntry({ timestamp, textPayload: "x" }, { nowMs: NOW });

  it.each([
    ["3000-01-01T00:00:00Z", "timestamp_out_of_range", /is more than a day after the pass's clock \(2026-03-10T15:00:00.000Z\)/],
    ["+275760-09-13T00:00:00Z", "timestamp_out_of_range", /more than a day after/],
    ["1969-12-31T23:59:59Z", "timestamp_out_of_range", /is before 1970/],
    ["-000001-01-01T00:00:00Z", "timestamp_out_of_range", /is before 1970/],
    ["+275760-09-13T00:00:00.001Z", "invalid_timestamp", /timestamp "\+275760/],
    ["1", "invalid_timestamp", /timestamp "1"/],
    ["March 10, 2026", "invalid_timestamp", /timestamp "March 10, 2026"/],
    ["2026-03-10T14:00:00", "invalid_timestamp", /timestamp "2026-03-10T14:00:00"/],
    [{ seconds: 32503680000 }, "timestamp_out_of_range", /more than a day after/],
    [new Date(32503680000000), "timestamp_out_of_range", /3000-01-01T00:00:00.000Z is more than a day after/],
    [{ seconds: { toString: 1, valueOf: 2 } }, "invalid_timestamp", /an object/],
    [[["nested"]], "invalid_timestamp", /an array/],
  ])("skips the timestamp %j as %s", (timestamp, reason, detail) => {
    const r = at(timestamp);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.detail).toMatch(detail);
    }
  });

  it.each([
    ["2026-03-11T14:59:59Z", "2026-03-11T14:59:59Z"],
    ["2026-03-10T14:00:00.123456789Z", "2026-03-10T14:00:00.123456789Z"],
    ["2026-03-10 14:00:00z", "2026-03-10T14:00:00.000Z"],
    ["2026-03-10T16:00:00+02:00", "2026-03-10T14:00:00.000Z"],
    ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"],
  ])("accepts %s (as %s)", (timestamp, iso) => {
    const r = at(timestamp);
    expect(r.ok && r.entry.timestamp).toBe(iso);
  });

  it("without a clock, refuses only what no clock can make right", () => {
    expect(normalizeEntry({ timestamp: "3000-01-01T00:00:00Z" }).ok).toBe(true);
    const r = normalizeEntry({ timestamp: "1900-01-01T00:00:00Z" });
    expect(!r.ok && r.reason).toBe("timestamp_out_of_range");
  });

  /** A value nested `depth` levels deep: {"a": {"a": … "bottom" …}} */
  const deep = (depth: number, wrap: (inner: unknown) => unknown = (inner) => ({ a: inner })) => {
    let v: unknown = "bottom";
    for (let i = 0; i < depth; i++) v = wrap(v);
    return v;
  };
  const depthOf = (v: unknown): number => {
    let max = 0;
    const stack: Array<[unknown, number]> = [[v, 1]];
    while (stack.length) {
      const [x, d] = stack.pop() as [unknown, number];
      if (typeof x !== "object" || x === null) continue;
      max = Math.max(max, d);
      for (const c of Object.values(x)) stack.push([c, d + 1]);
    }
    return max;
  };

  it.each([5_000, 100_000])("cuts a jsonPayload nested %i levels deep, without recursion", (levels) => {
    const r = normalizeEntry({ timestamp: "2026-03-10T14:00:00Z", jsonPayload: deep(levels) }, { nowMs: NOW });
    if (!r.ok) throw new Error(r.detail);
    expect(depthOf(r.entry.payload)).toBeLessThanOrEqual(64);
    expect(r.entry.message).toContain("[cut: nested deeper than 64 levels]");
    expect(r.entry.message.length).toBeLessThanOrEqual(2001);
  });

  it("cuts a Struct-encoded payload nested 5,000 levels deep, and a deep protoPayload", () => {
    const struct = deep(5_000, (inner) => ({ fields: { a: typeof inner === "string" ? { stringValue: inner } : { structValue: inner } } })) as Record<string, unknown>;
    const r = normalizeEntry({ metadata: { timestamp: new Date(NOW - 1000), jsonPayload: struct } }, { nowMs: NOW });
    if (!r.ok) throw new Error(r.detail);
    expect(depthOf(r.entry.payload)).toBeLessThanOrEqual(64);
    const p = normalizeEntry({ timestamp: "2026-03-10T14:00:00Z", protoPayload: { methodName: "m", request: deep(5_000, (inner) => [inner]) } }, { nowMs: NOW });
    expect(p.ok && p.entry.message).toBe("m");
    expect(p.ok && depthOf(p.entry.payload)).toBeLessThanOrEqual(64);
  });

  it("cuts a payload with more values than the bound", () => {
    const wide = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, i]));
    const r = normalizeEntry({ timestamp: "2026-03-10T14:00:00Z", jsonPayload: wide }, { nowMs: NOW });
    if (!r.ok) throw new Error(r.detail);
    expect(Object.keys(r.entry.payload ?? {}).length).toBeLessThan(100_001);
    expect(Object.values(r.entry.payload ?? {})).toContain("[cut: more than 100000 values]");
  });

  it("reads objects whose keys shadow Object methods without calling them", () => {
    const hostile = { toString: 1, valueOf: "x", constructor: 3 };
    const r = normalizeEntry(
      {
        timestamp: "2026-03-10T14:00:00Z",
        httpRequest: { status: hostile, latency: { seconds: hostile, nanos: hostile }, requestMethod: hostile },
        sourceLocation: { line: hostile, file: hostile },
        labels: hostile,
        resource: { type: hostile, labels: hostile },
        jsonPayload: { message: hostile, __proto__: { polluted: true } },
      },
      { nowMs: NOW },
    );
    if (!r.ok) throw new Error(r.detail);
    expect(r.entry.httpRequest).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([["constructor"], ["toString"], ["__proto__"], ["hasOwnProperty"]])("does not take %j for a severity", (severity) => {
    const r = normalizeEntry({ timestamp: "2026-03-10T14:00:00Z", severity }, { nowMs: NOW });
    expect(!r.ok && r.reason).toBe("invalid_severity");
  });
});
