import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { redact } from "../../shared/redaction/redact.js";
import { runPass } from "../analysis/runPass.js";
import { CRASHLOOP_1000, describeWithSharedData, REALWORLD } from "../realdata/sharedData.js";

/** What must stay readable: request paths are base64's alphabet, but not key lines. */
const KEPT: Array<[string, string]> = [
  ["a request path", "/api/auth/oauth/config"],
  ["another request path", "/api/discovery/services"],
  ["a CamelCase request path", "/api/v2/getUserById"],
];

describe("redact leaves ordinary text alone", () => {
  it.each(KEPT)("%s", (_what, text) => {
    expect(redact(text)).toBe(text);
  });

  it("still takes a key line printed alone", () => {
    expect(redact("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj")).toBe("[REDACTED key material]");
  });
});

describeWithSharedData("routes of real exports in the worklog", () => {
  // Before: 13 of the ~70 routes of these exports were listed as `[REDACTED key material]` (a path is
  // base64's alphabet), hiding which endpoints failed.
  it.each([CRASHLOOP_1000, join(REALWORLD, "donecast-cloud_run_logs.utf16.json"), join(REALWORLD, "antidotum-backend-logs.utf16.json")])("%s: every route is readable", async (input) => {
    const { json } = await runPass(input, await mkdtemp(join(tmpdir(), "lg-routes-")));
    const routes = json.requests?.routes.map((r) => r.route) ?? [];
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => r.includes("REDACTED"))).toEqual([]);
  });
});
