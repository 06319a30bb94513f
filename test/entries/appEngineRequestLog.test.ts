import { describe, expect, it } from "@jest/globals";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { toEvent } from "../../shared/events/toEvent.js";
import { logScopeOf, patternQuery, patternScopeOf } from "../../shared/links/evidenceLinks.js";
import { unitKey } from "../../shared/resources/gardenedUnit.js";
import { unitOf } from "../../shared/resources/unitOf.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";

/**
 * An App Engine request log as the platform writes it (appengine.googleapis.com/request_log): the
 * request lives in a google.appengine.logging.v1.RequestLog payload, the entry's own httpRequest holds
 * the status at most, and the app's lines of that request are inside it.
 */
function requestLog(path: string, status: number, lines: Array<{ severity: string; logMessage: string }> = [], i = 0) {
  return {
    timestamp: `2026-03-10T14:0${i}:05.060251Z`,
    severity: lines.some((l) => l.severity === "ERROR") ? "ERROR" : "INFO",
    logName: "projects/p/logs/appengine.googleapis.com%2Frequest_log",
    resource: { type: "gae_app", labels: { module_id: "default", version_id: "v7", zone: "europe-west1-1", project_id: "p" } },
    insertId: `req-${i}`,
    httpRequest: { status },
    protoPayload: {
      "@type": "type.googleapis.com/google.appengine.logging.v1.RequestLog",
      method: "GET",
      resource: path,
      status,
      latency: "0.005489s",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
      ip: "198.51.100.7",
      versionId: "v7",
      line: lines.map((l) => ({ time: `2026-03-10T14:0${i}:05.0652Z`, ...l })),
    },
  };
}

const entryOf = (raw: object) => {
  const n = normalizeEntry(raw);
  if (!n.ok) throw new Error(n.detail);
  return n.entry;
};

describe("App Engine request logs", () => {
  it("are requests: method, path, status and latency come from the payload", () => {
    const e = entryOf(requestLog("/favicon.ico", 404, [{ severity: "INFO", logMessage: "This request caused a new process to be started for your application." }]));
    expect(e.httpRequest).toEqual({ method: "GET", url: "/favicon.ico", status: 404, latencyMs: 5.489, userAgent: "Mozilla/5.0 (X11; Linux x86_64)" });
    // Lines below WARNING are not the request's message: it is clustered as a plain request.
    expect(e.message).toBe("");
  });

  it("is a request even when the payload names only the client's address (which is not kept)", () => {
    const e = entryOf({
      timestamp: "2026-03-10T14:00:00Z",
      logName: "projects/p/logs/appengine.googleapis.com%2Frequest_log",
      resource: { type: "gae_app", labels: { module_id: "default" } },
      protoPayload: { "@type": "type.googleapis.com/google.appengine.logging.v1.RequestLog", ip: "198.51.100.7", line: [{ severity: "WARNING", logMessage: "DeprecationWarning: x" }] },
    });
    expect(e.httpRequest).toEqual({});
    expect(toEvent(e).codeWarning).toBeFalsy();
  });

  it("keep the app's warnings and errors of the request as its message", () => {
    const e = entryOf(requestLog("/checkout", 500, [{ severity: "INFO", logMessage: "start" }, { severity: "ERROR", logMessage: "Traceback (most recent call last):\n  File \"main.py\", line 9\nKeyError: 'cart'" }]));
    expect(e.message).toBe("Traceback (most recent call last):\n  File \"main.py\", line 9\nKeyError: 'cart'");
    expect(e.httpRequest?.status).toBe(500);
  });

  it("let the entry's own httpRequest win where it says something", () => {
    const raw = requestLog("/a", 200);
    const e = entryOf({ ...raw, httpRequest: { status: 200, requestUrl: "https://p.appspot.com/a?x=1" } });
    expect(e.httpRequest?.url).toBe("https://p.appspot.com/a?x=1");
    expect(e.httpRequest?.method).toBe("GET");
  });

  it("are found again by their pattern's Logs Explorer query", () => {
    const raws = [requestLog("/favicon.ico", 404, [], 1), requestLog("/favicon.ico", 404, [], 2), requestLog("/", 200, [], 3)];
    const clusterer = createClusterer();
    for (const r of raws) clusterer.add(toEvent(entryOf(r)));
    const c = clusterer.result().clusters.find((x) => x.template === "GET /favicon.ico 4xx");
    expect(c?.count).toBe(2);
    const found = unitOf(entryOf(raws[0] as object));
    if (found.kind !== "unit") throw new Error("no unit");
    const query = patternQuery(logScopeOf({ service: unitKey(found.unit), unit: found.unit }), patternScopeOf(c as NonNullable<typeof c>));
    const node = parseFilter(query);
    expect(raws.filter((r) => matches(node, r)).map((r) => r.insertId)).toEqual(["req-1", "req-2"]);
  });
});
