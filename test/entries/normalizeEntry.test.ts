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
      httpRequest: { method: "GET", url: "https://api.staging.netrasystems.ai/health", status: 503, userAgent: "python-httpx/0.28.1", remoteIp: "68.5.230.82" },
      trace: "projects/netra-staging/traces/bc37fd4d64cefc05745037f87ab79384",
      spanId: "f3f576a33323a516",
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
