import { describe, expect, it } from "@jest/globals";
import { rewriteNullable } from "../../scripts/extract-github-openapi.js";
import { cloudLoggingLink } from "../../shared/issues/cloudLoggingLink.js";
import { desiredLabels } from "../../shared/issues/issueLabels.js";
import { fingerprintIn, fingerprintMarker, isStatusComment, statusMarker, windowEndIn, windowMarker } from "../../shared/issues/issueMarker.js";
import { breakReferences, inlineText, plainText } from "../../shared/worklog/markdownSafe.js";
import { issueTitle } from "../../shared/issues/issueTitle.js";

const ZWJ = "\u200d";

describe("hidden markers", () => {
  it("round-trip the fingerprint and window end, and tell services' status comments apart", () => {
    const body = `${fingerprintMarker("af819e52e0d60f43")}\n${windowMarker("2026-03-02T01:00:00Z")}\ntext`;
    expect(fingerprintMarker("af819e52e0d60f43")).toBe("<!-- log-gardener:fingerprint=af819e52e0d60f43 -->");
    expect(fingerprintIn(body)).toBe("af819e52e0d60f43");
    expect(windowEndIn(body)).toBe("2026-03-02T01:00:00.000Z");
    const status = statusMarker("af819e52e0d60f43", "shop-api");
    expect(isStatusComment(`${status}\n...`, "af819e52e0d60f43", "shop-api")).toBe(true);
    expect(isStatusComment(`${status}\n...`, "af819e52e0d60f43", "cart-api")).toBe(false);
    expect(fingerprintIn("a person's issue mentioning log-gardener")).toBeUndefined();
  });

  it("refuse a fingerprint that could break out of the comment", () => {
    expect(() => fingerprintMarker("x --> <img src=x>")).toThrow(/cannot go into a marker/);
  });
});

describe("Cloud Logging link", () => {
  it("queries the service at ERROR and above for exactly the window, in the project", () => {
    const link = cloudLoggingLink({ project: "acme-prod", service: "shop-api" }, { start: "2026-03-02T00:00:00Z", end: "2026-03-02T01:00:00Z" });
    const u = new URL(link);
    expect(u.host).toBe("console.cloud.google.com");
    expect(u.searchParams.get("project")).toBe("acme-prod");
    const parts = Object.fromEntries(u.pathname.split(";").slice(1).map((p) => p.split("=").map(decodeURIComponent) as [string, string]));
    expect(parts.query).toBe('resource.type="cloud_run_revision"\nresource.labels.service_name="shop-api"\nseverity>=ERROR');
    expect(parts.startTime).toBe("2026-03-02T00:00:00.000Z");
    expect(parts.endTime).toBe("2026-03-02T01:00:00.000Z");
    expect(link).not.toMatch(/[()\s]/); // safe inside a Markdown (link)
  });
});

describe("inert text", () => {
  it.each([
    ["@org/team please", `@${ZWJ}org/team please`],
    ["fixes #1 and owner/repo#22", `fixes #${ZWJ}1 and owner/repo#${ZWJ}22`],
    ["see GH-12", `see GH${ZWJ}-12`],
    ["mail a@b", `mail a@${ZWJ}b`],
  ])("breakReferences(%j)", (input, out) => {
    expect(breakReferences(input)).toBe(out);
  });

  it("plainText escapes HTML and Markdown and breaks references", () => {
    const out = plainText("<img src=x onerror=alert(1)> **bold** @org #1");
    expect(out).not.toMatch(/(^|[^\\])[<*]/); // every < and * escaped
    expect(out).not.toMatch(/@org|#1/);
    expect(out).toContain("\\<img");
  });

  it("inlineText is one bounded line with control and bidi characters shown as escapes", () => {
    expect(inlineText("a\nb\u202Ec\u0007 @x", 13)).toBe(`a b\\u{202E}c…`);
    expect(inlineText("ping @x #2")).toBe(`ping @${ZWJ}x #${ZWJ}2`);
  });
});

describe("labels", () => {
  it("replace the priority, keep a person's labels, add service and gardener labels once", () => {
    expect(desiredLabels(["log-gardener", "priority:P2", "team:payments", "service:shop-api"], "shop-api", "P1").sort()).toEqual([
      "log-gardener",
      "priority:P1",
      "service:shop-api",
      "team:payments",
    ]);
  });
});

describe("OpenAPI fixture extraction", () => {
  it("rewrites nullable without a type so ajv accepts null, leaves typed nullable alone", () => {
    expect(rewriteNullable({ properties: { m: { allOf: [{ $ref: "#/x" }], nullable: true, description: "d" } } })).toEqual({
      properties: { m: { description: "d", anyOf: [{ allOf: [{ $ref: "#/x" }] }, { enum: [null] }] } },
    });
    expect(rewriteNullable({ type: "string", nullable: true })).toEqual({ type: "string", nullable: true });
  });
});

describe("issue title", () => {
  it("keeps the summary of a service named like a secret (password-reset, auth-token, secret-sync): the name is not a key", () => {
    for (const service of ["password-reset", "auth-token", "secret-sync", "api-key-rotator", "session-store"]) {
      expect(issueTitle(service, { priority: "P1", title: "KeyError: 'user_id'" })).toBe(`[P1] ${service}: KeyError: 'user_id'`);
    }
  });

  it("still redacts a secret in the summary", () => {
    const title = issueTitle("password-reset", { priority: "P1", title: "login failed for password=hunter2Xy9Q" });
    expect(title).not.toContain("hunter2Xy9Q");
    expect(title).toMatch(/^\[P1\] password-reset: login failed for password=\[REDACTED password\]$/);
  });
});
