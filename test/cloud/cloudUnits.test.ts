import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { safePath } from "../../shared/adapters/worklogPaths.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";

/**
 * Every kind of unit read from Cloud Logging (the real client, REST, against the fake): the filter
 * selects each unit's resources, and each unit's worklog holds exactly its entries. The entries are
 * hand-written in the shapes of the real ones in ../shared/data (realworld/other-resources, the gen2
 * function of cloud-logging/09).
 */
const PROJECT = "units-project-1";
const T0 = Date.parse("2025-09-16T01:00:00Z");
let n = 0;
function entry(resource: RestEntry, extra: RestEntry, log: string): RestEntry {
  n++;
  return {
    insertId: `e${n}`,
    timestamp: new Date(T0 + n * 1000).toISOString(),
    severity: "ERROR",
    textPayload: `failure number ${n}`,
    logName: `projects/${PROJECT}/logs/${encodeURIComponent(log)}`,
    resource,
    ...extra,
  };
}
const ENTRIES: Array<[string, RestEntry]> = [
  // A gen2 function: its Cloud Run service's entries (lowercase) and its own audit entry (mixed case).
  ["onwrite-food-listings", entry({ type: "cloud_run_revision", labels: { service_name: "onwrite-food-listings", location: "us-central1", project_id: PROJECT } }, { labels: { "goog-managed-by": "cloudfunctions" } }, "run.googleapis.com/stderr")],
  ["onwrite-food-listings", entry({ type: "cloud_function", labels: { function_name: "onWrite_Food_Listings", region: "us-central1", project_id: PROJECT } }, { severity: "NOTICE", textPayload: "UpdateFunction" }, "cloudaudit.googleapis.com/activity")],
  // A gen1 function: an error, and the DEBUG line that says an invocation crashed.
  ["orch-test-1", entry({ type: "cloud_function", labels: { function_name: "orch-test-1", region: "europe-west1", project_id: PROJECT } }, {}, "cloudfunctions.googleapis.com/cloud-functions")],
  ["orch-test-1", entry({ type: "cloud_function", labels: { function_name: "orch-test-1", region: "europe-west1", project_id: PROJECT } }, { severity: "DEBUG", textPayload: "Function execution took 60003 ms, finished with status: 'crash'" }, "cloudfunctions.googleapis.com/cloud-functions")],
  ["run-job/nightly", entry({ type: "cloud_run_job", labels: { job_name: "nightly", location: "europe-west1", project_id: PROJECT } }, {}, "run.googleapis.com/stderr")],
  ["app-engine/default", entry({ type: "gae_app", labels: { module_id: "default", version_id: "v1", zone: "us14", project_id: PROJECT } }, {}, "appengine.googleapis.com/stderr")],
  // GKE: by GKE's workload label, by the container when there is none, and the legacy resource.
  ["gke/prod/api", entry({ type: "k8s_container", labels: { namespace_name: "prod", container_name: "server", cluster_name: "c1", location: "europe-west1", project_id: PROJECT } }, { labels: { "logging.gke.io/top_level_controller_name": "api" } }, "stderr")],
  ["gke/prod/api", entry({ type: "k8s_container", labels: { namespace_name: "prod", container_name: "api", cluster_name: "c1", location: "europe-west1", project_id: PROJECT } }, {}, "stderr")],
  ["gke/default/legacy-app", entry({ type: "container", labels: { namespace_id: "default", container_name: "legacy-app", cluster_name: "c0", zone: "europe-west1-d", project_id: PROJECT } }, {}, "legacy-app")],
  // Not selected: another function, another namespace's api, and a build.
  ["", entry({ type: "cloud_function", labels: { function_name: "onWrite_Other", region: "us-central1", project_id: PROJECT } }, {}, "cloudfunctions.googleapis.com/cloud-functions")],
  ["", entry({ type: "k8s_container", labels: { namespace_name: "staging", container_name: "api", cluster_name: "c1", location: "europe-west1", project_id: PROJECT } }, {}, "stderr")],
  ["", entry({ type: "build", labels: { build_id: "b1", project_id: PROJECT } }, {}, "cloudbuild")],
];

let logging: FakeLoggingServer;
beforeAll(async () => {
  logging = await startLoggingServer({ project: PROJECT, entries: ENTRIES.map(([, e]) => e) });
});
afterAll(async () => logging.close());

describe("every kind of unit, read from Cloud Logging", () => {
  it("reads each selected unit's resources, and nothing of the others", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-units-"));
    const selectors = ["onWrite_Food_Listings", "ORCH-TEST-1", "run-job/nightly", "app-engine/default", "gke/prod/api", "gke/default/legacy-app"];
    const r = await cli(
      ["run", "--project", PROJECT, ...selectors.flatMap((s) => ["--service", s]), "--start", "2025-09-16T01:00:00Z", "--end", "2025-09-16T02:00:00Z", "--out", out],
      { LOGGING_API_ENDPOINT: logging.restUrl },
    );
    expect(r.code).toBe(0);
    const want = new Map<string, number>();
    for (const [key] of ENTRIES) if (key) want.set(key, (want.get(key) ?? 0) + 1);
    for (const [key, count] of want) {
      const json = JSON.parse(await readFile(join(out, safePath(key), "latest.json"), "utf8")) as WorklogJson;
      expect([key, json.totals.entries]).toEqual([key, count]);
    }
    const fn = JSON.parse(await readFile(join(out, "onwrite-food-listings", "latest.json"), "utf8")) as WorklogJson;
    expect(fn.unit).toMatchObject({ kind: "cloud-function", name: "onWrite_Food_Listings", generation: 2, key: "onwrite-food-listings" });
    // The filter selected exactly these units: nothing of the others was read at all.
    expect(fn.totals.skipped).toEqual({});
    expect(fn.totals.otherResources).toBeUndefined();
    expect(r.out.trim().split("\n").map((l) => l.split(/[ :]/)[0]).sort()).toEqual([...want.keys()].sort());
  });
});
