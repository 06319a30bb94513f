import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import type { Entry } from "../../shared/entries/entry.js";
import { describeUnit, mergeUnit, unitKey, type GardenedUnit } from "../../shared/resources/gardenedUnit.js";
import { unitOf } from "../../shared/resources/unitOf.js";
import { describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";

const entry = (raw: unknown): Entry => {
  const n = normalizeEntry(raw);
  if (!n.ok) throw new Error(`not an entry: ${n.detail}`);
  return n.entry;
};
const json = (...path: string[]) => JSON.parse(readFileSync(join(SHARED_DATA, ...path), "utf8")) as Array<Record<string, unknown>>;

describeWithSharedData("unitOf on real entries of every runtime (../shared/data)", () => {
  it("names the unit of each entry of the other-resources export, or says it is another resource", () => {
    const got = json("realworld", "other-resources-gke-gcf-gae.json").map((raw) => {
      const u = unitOf(entry(raw));
      return u.kind === "unit" ? [u.unit.kind, u.unit.name, unitKey(u.unit), u.unit.cluster ?? null] : [u.kind, u.resourceType];
    });
    expect(got).toEqual([
      // GKE: the controller named by GKE's workload label, else the container.
      ["gke-workload", "teama-nosidecare-rt-ns-int/env0-region-runtimepod", "gke/teama-nosidecare-rt-ns-int/env0-region-runtimepod", "dev-lon-cluster-xxxxxx"],
      ["gke-workload", "gmp-test/hello-app", "gke/gmp-test/hello-app", "gmp-cluster"],
      // Legacy GKE `container` resource.
      ["gke-workload", "default/abcghjapp-backend", "gke/default/abcghjapp-backend", "def"],
      ["cloud-function", "orch-test-1", "orch-test-1", null],
      ["cloud-function", "orch-test-1", "orch-test-1", null],
      ["other", "dataflow_step"],
      ["app-engine-service", "bigskyf4", "app-engine/bigskyf4", null],
    ]);
  });

  it("knows a gen2 function by the label Cloud Functions puts on its Cloud Run service's entries", () => {
    const raw: unknown = JSON.parse(readFileSync(join(SHARED_DATA, "cloud-logging", "09-gcf-gen2-node22-stderr-grpc-stack-errorgroups.json"), "utf8"));
    const u = unitOf(entry(raw));
    expect(u).toEqual({
      kind: "unit",
      unit: { kind: "cloud-function", name: "onwrite-food-listings", generation: 2, project: "city-helper-system-8de0d", location: "us-central1" },
    });
  });

  it("finds the Cloud Run service of audit entries whose resource labels are empty, from the audited resource's name", () => {
    const units = json("realworld", "vidafarma-cloud_run_logs.json").map((raw) => unitOf(entry(raw)));
    const names = new Map<string, number>();
    for (const u of units) {
      const k = u.kind === "unit" ? `${u.unit.kind} ${u.unit.name}` : `${u.kind} ${u.resourceType}`;
      names.set(k, (names.get(k) ?? 0) + 1);
    }
    expect(Object.fromEntries(names)).toEqual({ "cloud-run-service vidafarma-api": 10, "other build": 89, "other audited_resource": 1 });
  });
});

describe("one unit per function, whatever the resource type of its entries", () => {
  // A gen2 function's service entries carry the lowercased service name; its cloud_function audit
  // entries the function's own mixed-case name (hand-written, in the shapes of the real ones).
  const serviceEntry = entry({
    timestamp: "2025-08-23T11:33:17Z",
    textPayload: "Error: boom",
    logName: "projects/p-123456/logs/run.googleapis.com%2Fstderr",
    resource: { type: "cloud_run_revision", labels: { service_name: "onwrite-food-listings", revision_name: "onwrite-food-listings-00002-xej", location: "us-central1", project_id: "p-123456" } },
    labels: { "goog-managed-by": "cloudfunctions" },
  });
  const auditEntry = entry({
    timestamp: "2025-08-23T11:30:00Z",
    severity: "NOTICE",
    logName: "projects/p-123456/logs/cloudaudit.googleapis.com%2Factivity",
    resource: { type: "cloud_function", labels: { function_name: "onWrite_Food_Listings", region: "us-central1", project_id: "p-123456" } },
    protoPayload: { methodName: "google.cloud.functions.v2.FunctionService.UpdateFunction", resourceName: "projects/p-123456/locations/us-central1/functions/onWrite_Food_Listings" },
  });

  it("gives both entries the same key, and keeps the function's own name whichever comes first", () => {
    const a = unitOf(serviceEntry);
    const b = unitOf(auditEntry);
    if (a.kind !== "unit" || b.kind !== "unit") throw new Error("both are units");
    expect(unitKey(a.unit)).toBe("onwrite-food-listings");
    expect(unitKey(b.unit)).toBe("onwrite-food-listings");
    for (const [first, then] of [[a.unit, b.unit], [b.unit, a.unit]] as const) {
      const known: GardenedUnit = { ...first };
      mergeUnit(known, then);
      expect(known).toMatchObject({ kind: "cloud-function", name: "onWrite_Food_Listings", generation: 2 });
      expect(describeUnit(known)).toBe("Cloud Function onWrite_Food_Listings, gen2");
    }
  });

  it("makes a Cloud Run service entry a function once an entry of the same key says so", () => {
    const known: GardenedUnit = { kind: "cloud-run-service", name: "onwrite-food-listings" };
    const audit = unitOf(auditEntry);
    if (audit.kind !== "unit") throw new Error("a unit");
    mergeUnit(known, audit.unit);
    expect(known.kind).toBe("cloud-function");
  });
});

describe("unitOf on the other runtimes and on entries that name nothing", () => {
  const cases: Array<[string, Record<string, unknown>, unknown]> = [
    ["a Cloud Run job", { type: "cloud_run_job", labels: { job_name: "nightly-export", location: "europe-west1", project_id: "p-123456" } }, ["cloud-run-job", "nightly-export", "run-job/nightly-export"]],
    ["a GKE container with no workload label", { type: "k8s_container", labels: { namespace_name: "prod", container_name: "api", cluster_name: "c1", location: "europe-west1" } }, ["gke-workload", "prod/api", "gke/prod/api"]],
    ["a Cloud Run entry naming no service at all", { type: "cloud_run_revision", labels: { service_name: "", configuration_name: "", location: "europe-west1" } }, ["unnamed", "cloud_run_revision"]],
    ["an entry with no resource", {}, ["unnamed", ""]],
    ["a resource without its type but with Cloud Run's label", { labels: { service_name: "svc" } }, ["cloud-run-service", "svc", "svc"]],
    ["a Cloud Build entry", { type: "build", labels: { build_id: "b1", project_id: "p-123456" } }, ["other", "build"]],
  ];
  it.each(cases)("%s", (_name, resource, want) => {
    const u = unitOf(entry({ timestamp: "2025-01-01T00:00:00Z", textPayload: "x", resource }));
    expect(u.kind === "unit" ? [u.unit.kind, u.unit.name, unitKey(u.unit)] : [u.kind, u.resourceType]).toEqual(want);
  });
});
