import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { platformMessageOf } from "../../shared/clustering/platformMessages.js";
import { requestSignature, routeOf, structuredSignatureOf } from "../../shared/clustering/signatureOf.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { toEvent } from "../../shared/events/toEvent.js";
import { describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";

describe("Cloud Run platform messages", () => {
  it.each([
    ["Container called exit(3).", "container_exit:3"],
    ["Container called exit(0).", "container_exit:0"],
    ["Container terminated on signal 9.", "container_signal:9"],
    ["Memory limit of 512 MiB exceeded with 530 MiB used. Consider increasing the memory limit.", "memory_limit_exceeded"],
    ["Memory limit of 2048 MiB exceeded with 2101 MiB used.", "memory_limit_exceeded"],
    ['Default STARTUP TCP probe failed 1 time consecutively for container "api-1" on port 8080. The instance was not started.', "probe_failed:startup:tcp"],
    ['Default STARTUP TCP probe succeeded after 1 attempt for container "netra-backend-staging-1" on port 8000.', "probe_succeeded:startup:tcp"],
    ["Starting new instance. Reason: AUTOSCALING - Instance started due to configured scaling factors.", "starting_instance:autoscaling"],
    ["The request was aborted because there was no available instance. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#abort-request", "no_available_instance"],
    ["The request has been terminated because it has reached the maximum request timeout. To change this limit, see https://cloud.google.com/run/docs/configuring/request-timeout", "request_timeout"],
    ["While handling this request, the container instance was found to be using too much memory and was terminated. This is likely to cause a new container instance to be used for the next request to this revision.", "request_memory_terminated"],
  ])("%s -> %s, with a meaning", (text, key) => {
    const p = platformMessageOf(text);
    expect(p?.key).toBe(key);
    expect(p?.meaning.length).toBeGreaterThan(20);
    expect(p?.template).not.toMatch(/\d{3}/);
  });
  it("knows nothing of application text", () => {
    expect(platformMessageOf("User called exit on the session")).toBeUndefined();
  });
});

describe("request signatures", () => {
  it("masks ids, uuids, hashes and numbers in the route", () => {
    expect(routeOf("https://api.example.com/users/123/orders/5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56?x=1")).toBe("/users/<*>/orders/<*>");
    expect(routeOf("/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toBe("/blobs/<*>");
    expect(routeOf("https://h.run.app")).toBe("/");
    expect(routeOf("/health/ready")).toBe("/health/ready");
    // API versions are part of the route.
    expect(routeOf("https://h/api/v1/products/6833")).toBe("/api/v1/products/<*>");
    expect(routeOf("/api/v2beta1/items/abc123")).toBe("/api/v2beta1/items/<*>");
  });
  it("keys on method, route and status class", () => {
    const a = requestSignature("GET", "https://h/users/1", 404, "");
    const b = requestSignature("get", "https://other/users/2", 410, "");
    expect(a.key).toBe(b.key);
    expect(requestSignature("POST", "https://h/users/1", 404, "").key).not.toBe(a.key);
    expect(requestSignature("GET", "https://h/users/1", 500, "").key).not.toBe(a.key);
  });
  it("gives each method and route its own shared signature, even for methods and routes that write the same text", () => {
    const a = requestSignature("GET", "https://h/a/b", 200, "");
    expect(requestSignature("GET", "https://h/a/b?x=1", 200, "")).toBe(a); // one frozen object per route and class
    expect(Object.isFrozen(a)).toBe(true);
    // Hostile methods: "GET /a" + "/b" and "GET" + "/a /b" both read "GET /a /b 2xx"; each keeps its own parts.
    const spaced = requestSignature("GET /a", "https://h/b", 200, "");
    const plain = requestSignature("GET", "https://h/a /b", 200, "");
    expect(spaced.request).toEqual({ method: "GET /A", route: "/b", statusClass: "2xx" });
    expect(plain.request).toEqual({ method: "GET", route: "/a /b", statusClass: "2xx" });
    expect(requestSignature("GET /a", "https://h/b", 200, "").request?.method).toBe("GET /A");
    // A method or route too long to keep is answered afresh, with the same text.
    const long = requestSignature("X".repeat(40), "https://h/r", 200, "");
    expect(long.template).toBe(`${"X".repeat(40)} /r 2xx`);
    expect(Object.isFrozen(long)).toBe(false);
  });

  it("keys a platform failure on the failure, whatever the route", () => {
    const text = "The request failed because either the HTTP response was malformed or connection to the instance had an error.";
    const a = requestSignature("GET", "/health", 503, text);
    const b = requestSignature("POST", "/api/auth/verify", 503, text);
    expect(a.key).toBe(b.key);
    expect(a.meaning).toBeDefined();
  });
});

describeWithSharedData("platform messages in the real single-entry files", () => {
  const sig = (file: string) => {
    const raw = JSON.parse(readFileSync(join(SHARED_DATA, "cloud-logging", file), "utf8")) as unknown;
    const first = Array.isArray(raw) ? raw[0] : raw;
    const n = normalizeEntry(first);
    if (!n.ok) throw new Error(n.detail);
    return structuredSignatureOf(toEvent(n.entry), 16384);
  };
  it("reads the 503, the exit and the autoscaling start", () => {
    expect(sig("04-cloudrun-requests-503-malformed-response.json")).toMatchObject({ kind: "request", key: "request|5xx|platform:request_failed_malformed_or_connection_error" });
    expect(sig("05-cloudrun-system-container-exit-warning.json")).toMatchObject({ kind: "platform", key: "container_exit:3" });
    expect(sig("06-cloudrun-system-starting-new-instance-autoscaling.json")).toMatchObject({ kind: "platform", key: "starting_instance:autoscaling" });
  });
  it("reads the Python and Node stacks", () => {
    expect(sig("02-cloudrun-stderr-python-traceback-modulenotfound.json")).toMatchObject({ kind: "exception", exceptionType: "ModuleNotFoundError" });
    expect(sig("01-cloudrun-stderr-python-traceback-gunicorn-errorgroups.json")).toMatchObject({ kind: "exception", exceptionType: "RuntimeError" });
    expect(sig("09-gcf-gen2-node22-stderr-grpc-stack-errorgroups.json")).toMatchObject({ kind: "exception", exceptionType: "Error" });
  });
});
