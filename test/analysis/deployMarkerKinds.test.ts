import { describe, expect, it } from "@jest/globals";
import { deployMarkerOf } from "../../shared/analysis/deployMarker.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";

/** An audit entry as Cloud Logging writes it, with the method and resource the platform puts there. */
function audit(log: "activity" | "system_event", methodName: string, resource: object, extra: object = {}) {
  return {
    timestamp: "2026-03-10T14:05:00Z",
    severity: "NOTICE",
    logName: `projects/p/logs/cloudaudit.googleapis.com%2F${log}`,
    resource,
    protoPayload: { "@type": "type.googleapis.com/google.cloud.audit.AuditLog", methodName, resourceName: "projects/p/locations/us-central1/x", authenticationInfo: { principalEmail: "dev@example.com" }, ...extra },
  };
}
const markerOf = (raw: object) => {
  const n = normalizeEntry(raw);
  if (!n.ok) throw new Error(n.detail);
  return deployMarkerOf(n.entry);
};

const FUNCTION = { type: "cloud_function", labels: { function_name: "onWrite", region: "us-central1", project_id: "p" } };
const GAE = { type: "gae_app", labels: { module_id: "default", version_id: "v2", project_id: "p" } };
const JOB = { type: "cloud_run_job", labels: { job_name: "nightly", location: "us-central1", project_id: "p" } };
const RUN = { type: "cloud_run_revision", labels: { service_name: "web", revision_name: "web-00002-abc", location: "us-central1", project_id: "p" } };

describe("deploy markers of every gardened runtime", () => {
  it.each([
    ["a gen2 function created", "google.cloud.functions.v2.FunctionService.CreateFunction", FUNCTION],
    ["a gen2 function updated", "google.cloud.functions.v2.FunctionService.UpdateFunction", FUNCTION],
    ["a gen1 function updated", "google.cloud.functions.v1.CloudFunctionsService.UpdateFunction", FUNCTION],
    ["an App Engine version created", "google.appengine.v1.Versions.CreateVersion", GAE],
    ["a Cloud Run job replaced (v1)", "google.cloud.run.v1.Jobs.ReplaceJob", JOB],
    ["a Cloud Run job updated (v2)", "google.cloud.run.v2.Jobs.UpdateJob", JOB],
    ["a Cloud Run service replaced", "google.cloud.run.v1.Services.ReplaceService", RUN],
  ])("%s is a deploy request", (_what, method, resource) => {
    const m = markerOf(audit("activity", method, resource));
    expect(m?.kind).toBe("deploy-requested");
    expect(m?.text).toContain(method);
    expect(m?.text).not.toContain("dev@example.com");
  });

  it.each([
    ["a function deleted", "google.cloud.functions.v2.FunctionService.DeleteFunction", FUNCTION],
    ["an App Engine version listed", "google.appengine.v1.Versions.ListVersions", GAE],
    ["IAM policy read", "google.iam.v1.IAMPolicy.GetIamPolicy", RUN],
  ])("%s is not", (_what, method, resource) => {
    expect(markerOf(audit("activity", method, resource))).toBeUndefined();
  });

  it("a revision that never became Ready is a deploy that failed, not a revision that was already running", () => {
    const failed = markerOf(
      audit("system_event", "/Services.CreateService", RUN, { status: { code: 9, message: "Ready condition status changed to False for Revision web-00002-abc with message: The user-provided container failed to start." } }),
    );
    expect(failed).toMatchObject({ kind: "revision-not-ready", revision: "web-00002-abc" });
    const ready = markerOf(audit("system_event", "/Services.CreateService", RUN, { status: { message: "Ready condition status changed to True for Revision web-00002-abc." } }));
    expect(ready).toMatchObject({ kind: "revision-ready", revision: "web-00002-abc" });
  });
});
