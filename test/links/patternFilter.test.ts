import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import type { Cluster } from "../../shared/clustering/cluster.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { createEventAssembler } from "../../shared/events/createEventAssembler.js";
import { requestSignature } from "../../shared/clustering/signatureOf.js";
import { patternFilter, regexLiteral } from "../../shared/links/patternFilter.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";
import { describeWithSharedData, SAMPLE_HOUR, SHARED_DATA } from "../realdata/sharedData.js";

/**
 * The filters are judged the way Cloud Logging would judge them: the test fake's implementation of the
 * query language runs each cluster's filter over the raw entries that built the clusters.
 */
function clusterAndMatch(raw: Array<Record<string, unknown>>) {
  const assembler = createEventAssembler();
  const clusterer = createClusterer();
  const leadOf = new Map<string, Cluster>();
  const stitched = new Set<Cluster>();
  const audit = new Set<Cluster>();
  const onEvents = (events: ReturnType<typeof assembler.flush>) => {
    for (const ev of events) {
      const c = clusterer.add(ev);
      if (ev.entry.insertId) leadOf.set(ev.entry.insertId, c);
      if (ev.parts > 1) stitched.add(c);
      if (ev.entry.payloadKind === "proto") audit.add(c);
    }
  };
  for (const r of raw) {
    const n = normalizeEntry(r);
    if (n.ok) onEvents(assembler.add(n.entry));
  }
  onEvents(assembler.flush());
  const { clusters } = clusterer.result();
  return clusters.map((c) => {
    const f = patternFilter({ kind: c.kind, template: c.template, ...(c.exceptionType ? { exceptionType: c.exceptionType } : {}), ...(c.samples[0] ? { sample: c.samples[0] } : {}) });
    if (!f) return { c, filter: undefined, leads: 0, leadsMatched: 0, matched: 0, stitched: stitched.has(c), audit: audit.has(c) };
    const node = parseFilter(f);
    let leads = 0;
    let leadsMatched = 0;
    let matched = 0;
    for (const r of raw) {
      const hit = matches(node, r);
      if (hit) matched++;
      if (leadOf.get(String(r.insertId)) === c) {
        leads++;
        if (hit) leadsMatched++;
      }
    }
    return { c, filter: f, leads, leadsMatched, matched, stitched: stitched.has(c), audit: audit.has(c) };
  });
}

function load(path: string): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(path, "utf8")) as Array<Record<string, unknown>>;
}

describe("patternFilter on the sample hour", () => {
  const results = clusterAndMatch(load(SAMPLE_HOUR));

  it("gives every cluster a filter", () => {
    expect(results.filter((r) => !r.filter).map((r) => r.c.template)).toEqual([]);
  });

  it("selects the lead entry of every event of every cluster", () => {
    for (const r of results) {
      if (r.c.kind === "exception" && r.stitched) continue; // the exception line is not the lead: checked below
      expect({ template: r.c.template, matched: r.leadsMatched }).toEqual({ template: r.c.template, matched: r.leads });
    }
  });

  it("selects at least one entry per event, and not much else", () => {
    for (const r of results) {
      expect(r.matched).toBeGreaterThanOrEqual(r.c.count);
      // Precision: the exception and platform filters select only their own events' entries. (A request
      // filter also selects the same route's requests that Cloud Run failed itself: the right answer.)
      // A chained traceback split over entries names its exception on two of them: stitched patterns
      // may select two entries per event.
      if (r.stitched) expect(r.matched).toBeLessThanOrEqual(2 * r.c.count);
      else if (r.c.kind === "exception" || r.c.kind === "platform") expect({ template: r.c.template, matched: r.matched }).toEqual({ template: r.c.template, matched: r.c.count });
    }
  });

  it("matches requests by method, route and status class, whatever the host or query string", () => {
    const f = patternFilter({ kind: "request", template: requestSignature("GET", "https://x.run.app/api/v1/products/42?q=1", 404, "").template }) as string;
    const node = parseFilter(f);
    const entry = (url: string, status: number, method = "GET") => ({ httpRequest: { requestMethod: method, requestUrl: url, status } });
    expect(matches(node, entry("https://h.a.run.app/api/v1/products/7", 404))).toBe(true);
    expect(matches(node, entry("/api/v1/products/abc-123?x=1", 410))).toBe(true);
    expect(matches(node, entry("https://h/api/v1/products/7", 200))).toBe(false);
    expect(matches(node, entry("https://h/api/v1/products/7/reviews", 404))).toBe(false);
    expect(matches(node, entry("https://h/api/v1/products/7", 404, "POST"))).toBe(false);
  });

  it("escapes regex metacharacters so that template text matches only itself", () => {
    const text = "a.b*c+d?(e)[f]{g}|h$i^j\\k";
    const re = new RegExp(`^${regexLiteral(text)}$`);
    expect(re.test(text)).toBe(true);
    expect(re.test(text.replace(".", "X"))).toBe(false);
  });
});

describe("patternFilter on a template that redaction changed", () => {
  it("treats the redacted piece as a variable, so the filter still selects the entries (which hold the secret)", () => {
    // A secret constant in every entry stays in the template, redacted; Cloud Logging holds it in clear.
    const line = ["DEBUG loaded credentials key=-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw"].join("\n");
    const raw = Array.from({ length: 4 }, (_, i) => ({
      insertId: `r${i}`,
      timestamp: `2026-03-02T10:0${i}:00Z`,
      severity: "ERROR",
      textPayload: line,
      logName: "projects/p/logs/run.googleapis.com%2Fstderr",
      resource: { type: "cloud_run_revision", labels: { project_id: "p", service_name: "s", revision_name: "s-00001-abc" } },
    }));
    const [r] = clusterAndMatch(raw);
    expect(r?.c.template).toContain("[REDACTED private key]");
    expect(r?.filter).not.toContain("REDACTED");
    expect(r?.matched).toBe(4);
  });
});

describeWithSharedData("patternFilter on real Cloud Logging exports", () => {
  const dir = join(SHARED_DATA, "cloud-logging");
  const files = [
    "01-cloudrun-stderr-python-traceback-gunicorn-errorgroups.json",
    "02-cloudrun-stderr-python-traceback-modulenotfound.json",
    "03-cloudrun-stderr-jsonpayload-error-python-logger.json",
    "04-cloudrun-requests-503-malformed-response.json",
    "05-cloudrun-system-container-exit-warning.json",
    "07-cloudrun-stderr-no-severity-gunicorn-worker-failed.json",
    "08-cloudrun-requests-500-and-fastapi-traceback-pair.json",
    "10-cloudrun-requests-502-cloud-scheduler-60s-timeout.json",
    "netra-backend-staging-crashloop-1000.json",
    "netra-staging-mixed-services-100.json",
  ];
  // Audit log entries (deploys) carry their text in several protoPayload fields that the summary joins:
  // only their status message is queried, so those patterns may select nothing. They are linked from the
  // worklog's deploy list instead.
  it.each(files)("%s: every cluster's filter selects at least one entry per event", (file) => {
    const raw = load(join(dir, file));
    const results = clusterAndMatch(Array.isArray(raw) ? raw : [raw]);
    const short = results.filter((r) => r.filter && !r.audit && r.matched < r.c.count).map((r) => ({ template: r.c.template.slice(0, 120), count: r.c.count, matched: r.matched }));
    expect(short).toEqual([]);
    expect(results.filter((r) => r.filter).length).toBeGreaterThan(0);
  });
});
