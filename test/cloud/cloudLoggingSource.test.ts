import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createLoggingClient, type LoggingEndpoint } from "../../shared/adapters/cloudLoggingClient.js";
import { cloudLoggingSource, type CloudLoggingSourceOptions } from "../../shared/adapters/cloudLoggingSource.js";
import { buildReadFilters, MAX_FILTER_CHARS } from "../../shared/adapters/loggingFilter.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { severityRank } from "../../shared/entries/severity.js";
import type { ReadOutcome } from "../../shared/gardener/ports.js";
import { UserError } from "../../shared/util/userError.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";
import { cloudRunEntries, cloudRunEntry, PROJECT, WANTED, type Kind } from "./cloudRunEntries.js";

const HOUR = 3_600_000;
const START = Date.parse("2025-09-16T01:00:00Z");
const window = { start: new Date(START).toISOString(), end: new Date(START + HOUR).toISOString() };

/** Two services in the window, plus entries the filter must leave out: before, at the end, another service. */
function dataset(perService: number): { all: RestEntry[]; wanted: Set<string> } {
  const all = [
    ...cloudRunEntries("api", START, HOUR, perService),
    ...cloudRunEntries("web", START, HOUR, perService),
    ...cloudRunEntries("other", START, HOUR, 20),
    cloudRunEntry("api", "error-json", START - 1, 90_001),
    cloudRunEntry("api", "error-json", START + HOUR, 90_002),
    cloudRunEntry("web", "request-503", START + HOUR - 1, 90_003),
  ];
  const wanted = new Set<string>();
  for (const e of all) {
    const kind = kindOf(e);
    const t = Date.parse(String(e.timestamp));
    const service = (e.resource as { labels: { service_name: string } }).labels.service_name;
    if (WANTED[kind] && t >= START && t < START + HOUR && (service === "api" || service === "web")) wanted.add(String(e.insertId));
  }
  return { all, wanted };
}

function kindOf(e: RestEntry): Kind {
  const log = String(e.logName);
  if (log.endsWith("requests")) return (e.httpRequest as { status: number }).status >= 500 ? "request-503" : "request-200";
  if (log.includes("varlog")) return "system-warning";
  if (e.jsonPayload) return "error-json";
  if (String(e.textPayload).startsWith("Traceback")) return "traceback-default";
  return e.severity === "INFO" ? "info-stdout" : "default-chatter";
}

let server: FakeLoggingServer;
beforeAll(async () => {
  server = await startLoggingServer({ project: PROJECT });
});
afterAll(async () => server.close());

const grpcEndpoint = (): LoggingEndpoint => ({ kind: "grpc-insecure", host: "127.0.0.1", port: server.grpcPort });
const restEndpoint = (): LoggingEndpoint => ({ kind: "rest-plain", host: "127.0.0.1", port: Number(new URL(server.restUrl).port) });

async function readAll(options: Partial<CloudLoggingSourceOptions> & { endpoint?: LoggingEndpoint }, services = ["api", "web"]) {
  const sleeps: number[] = [];
  const source = cloudLoggingSource({
    logging: createLoggingClient(PROJECT, options.endpoint ?? grpcEndpoint()),
    projectId: PROJECT,
    pageBudget: 40,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  const read = source.read({ services, window });
  const ids: string[] = [];
  const severities: string[] = [];
  const errorish: boolean[] = [];
  for await (const batch of read.batches) for (const item of batch) {
    if (item.kind !== "value") throw new Error("unexpected skip");
    const n = normalizeEntry(item.value);
    if (!n.ok) throw new Error(`not normalisable: ${n.reason}`);
    ids.push(n.entry.insertId ?? "");
    severities.push(n.entry.severity);
    errorish.push(severityRank(n.entry.severity) >= severityRank("ERROR") || n.entry.message.startsWith("Traceback"));
  }
  return { ids, severities, errorish, outcome: read.outcome() as ReadOutcome, sleeps };
}

describe("the entries.list filter", () => {
  it("parenthesises every OR group: errors and rest partition the base filter exactly", () => {
    const f = buildReadFilters({ services: ["api", "web"], window });
    const { all, wanted } = dataset(70);
    const base = parseFilter(f.base);
    const errors = parseFilter(f.errors);
    const rest = parseFilter(f.rest);
    let inErrors = 0;
    for (const e of all) {
      const b = matches(base, e);
      expect(b).toBe(wanted.has(String(e.insertId)));
      const er = matches(errors, e);
      const re = matches(rest, e);
      expect(er && re).toBe(false);
      expect(er || re).toBe(b);
      if (er) inErrors++;
    }
    expect(inErrors).toBe(61); // error-json, traceback-default and request-503 of both services (3 × 10 × 2), + the 503 just before the end
  });

  it("catches DEFAULT lines that look like errors and leaves plain chatter out", () => {
    const f = parseFilter(buildReadFilters({ services: ["api"], window }).errors);
    const at = (textPayload: string) => ({ ...cloudRunEntry("api", "default-chatter", START + 5, 1), textPayload });
    for (const line of [
      "[2025-09-16 01:40:53 +0000] [14] [ERROR] Exception in worker process",
      "ERROR:root:payment failed",
      "2025-09-16 01:40:53 | ERROR | app:main:12 - boom",
      "Worker (pid:14) exited with code 3",
      "TypeError: Cannot read properties of undefined (reading 'id')",
      "panic: runtime error: index out of range",
    ]) expect([line, matches(f, at(line))]).toEqual([line, true]);
    for (const line of ["GET /health 200", "no errors found in 3 files", "user errored out? no"]) expect([line, matches(f, at(line))]).toEqual([line, false]);
  });

  it("refuses more services than fit in 20,000 characters with a one-line reason", () => {
    const services = Array.from({ length: 500 }, (_, i) => `service-number-${i}`);
    expect(() => buildReadFilters({ services, window })).toThrow(UserError);
    expect(() => buildReadFilters({ services, window })).toThrow(new RegExp(`over the API's ${MAX_FILTER_CHARS}`));
  });
});

describe("Cloud Logging source on the real @google-cloud/logging client (gRPC)", () => {
  it("reads every wanted entry once, errors first, in 1000-entry pages ascending", async () => {
    const { all, wanted } = dataset(1200);
    server.setEntries(all);
    server.requests.length = 0;
    const r = await readAll({});
    expect(r.outcome).toEqual({ complete: true });
    expect(r.ids.length).toBe(wanted.size);
    expect(new Set(r.ids)).toEqual(wanted);
    const firstNonError = r.errorish.indexOf(false);
    expect(r.errorish.slice(firstNonError).every((x) => !x)).toBe(true);
    expect(server.requests.every((q) => q.pageSize === 1000 && q.orderBy === "timestamp asc" && q.resourceNames[0] === `projects/${PROJECT}`)).toBe(true);
    const errors = r.errorish.filter(Boolean).length;
    expect(errors).toBe(1031); // error-json 172 + traceback 172 + 503 171 per service, + the 503 just before the end
    expect(server.requests.length).toBe(Math.ceil(errors / 1000) + Math.ceil((wanted.size - errors) / 1000));
  });

  it("waits out a 429 storm with growing backoff and loses nothing", async () => {
    const { all, wanted } = dataset(100);
    server.setEntries(all);
    server.failNext("RESOURCE_EXHAUSTED", 5);
    const r = await readAll({});
    expect(r.outcome).toEqual({ complete: true });
    expect(new Set(r.ids)).toEqual(wanted);
    expect(r.ids.length).toBe(wanted.size);
    expect(r.sleeps.length).toBe(5);
    for (let i = 1; i < r.sleeps.length; i++) expect(r.sleeps[i]!).toBeGreaterThanOrEqual(r.sleeps[i - 1]! * 0.8);
    expect(r.sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it("reports a page that keeps failing mid-run as an incomplete read the next pass redoes", async () => {
    const { all } = dataset(100);
    server.setEntries(all);
    // Page size 10: request 3 is the third page of the error pass; it fails on every attempt.
    for (let i = 0; i < 4; i++) server.failRequest(3 + i, "UNAVAILABLE");
    const r = await readAll({ pageSize: 10, backoff: { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 100 } });
    expect(r.ids.length).toBe(20);
    expect(r.outcome).toMatchObject({ complete: false, reason: "failure" });
    const note = (r.outcome as { note: string }).note;
    expect(note).toContain("UNAVAILABLE 4 times in a row on page 3 (error pass)");
    expect(note).toContain("read 20 entries in 2 pages");
    expect(note).toContain("the next pass reads this window again");
  });

  it("spends the page budget on errors first and estimates the rest per severity", async () => {
    const { all, wanted } = dataset(140);
    server.setEntries(all);
    const r = await readAll({ pageSize: 10, pageBudget: 10 }); // 2 services -> 20 pages
    const errorsWanted = all.filter((e) => wanted.has(String(e.insertId)) && ["error-json", "traceback-default", "request-503"].includes(kindOf(e))).length;
    expect(r.outcome.complete).toBe(false);
    const o = r.outcome as Extract<ReadOutcome, { complete: false }>;
    expect(o.reason).toBe("budget");
    expect(errorsWanted).toBe(121);
    // 13 pages of errors (the last holds 1), then 7 full pages of the rest.
    expect(r.ids.length).toBe(121 + 70);
    expect(r.errorish.filter(Boolean).length).toBe(errorsWanted);
    expect(new Set(r.ids).size).toBe(191);
    expect(o.note).toContain("every ERROR-and-above entry was read");
    expect(o.note).toContain(`read 191 entries in 20 pages (${errorsWanted} in the error pass`);
    // The rest (WARNING + INFO requests, 160 in all) is estimated from the share of the window read.
    const est = o.estimatedBySeverity!;
    expect(est.ERROR).toBe(all.filter((e) => wanted.has(String(e.insertId)) && e.severity === "ERROR").length);
    const restTrue = [...wanted].length - errorsWanted;
    const restEstimated = (est.INFO ?? 0) + (est.WARNING ?? 0);
    expect(Math.abs(restEstimated - restTrue) / restTrue).toBeLessThan(0.1);
  });

  it("turns PERMISSION_DENIED into a one-line reason to fix", async () => {
    server.setEntries(dataset(10).all);
    server.failNext("PERMISSION_DENIED");
    await expect(readAll({})).rejects.toThrow(/roles\/logging\.viewer/);
  });
});

describe("Cloud Logging source over REST (an http:// LOGGING_API_ENDPOINT)", () => {
  it("reads the same entries as over gRPC, and backs off on 429", async () => {
    const { all, wanted } = dataset(300);
    server.setEntries(all);
    const viaGrpc = await readAll({});
    server.failNext("RESOURCE_EXHAUSTED", 2);
    const viaRest = await readAll({ endpoint: restEndpoint() });
    expect(viaRest.outcome).toEqual({ complete: true });
    expect(viaRest.sleeps.length).toBe(2);
    expect(viaRest.ids).toEqual(viaGrpc.ids);
    expect(new Set(viaRest.ids)).toEqual(wanted);
    expect(viaRest.severities).toEqual(viaGrpc.severities);
  });
});
