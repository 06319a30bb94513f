import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createLoggingClient, type LoggingEndpoint } from "../../shared/adapters/cloudLoggingClient.js";
import { cloudLoggingSource } from "../../shared/adapters/cloudLoggingSource.js";
import { loadConfig } from "../../shared/config/loadConfig.js";
import { startLoggingServer, type FakeLoggingServer, type RestEntry } from "../fakes/loggingServer.js";
import { bucketOf, parseViewFilter } from "../fakes/loggingViews.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { loadTfDir, variable, type TfDir } from "../terraform/tfConfig.js";
import { cloudRunEntries, cloudRunEntry, PROJECT } from "./cloudRunEntries.js";

/**
 * Reading through log views (terraform/logs.tf, log_access = "view"): the function holds
 * roles/logging.viewAccessor on two views and nothing on the project, so entries.list must name the
 * views and only them. The Logging fake applies the view filter Terraform writes.
 */

const HOUR = 3_600_000;
const START = Date.parse("2025-09-16T01:00:00Z");
const window = { start: new Date(START).toISOString(), end: new Date(START + HOUR).toISOString() };

let tf: TfDir;
let viewName: string;
let viewFilter: string;
let requiredView: string;

/** Terraform's expression with the module's locals and defaults filled in for one project. */
function evaluate(expr: string): string {
  return expr
    .replace(/\$\{local\.logs_project_id\}/g, PROJECT)
    .replace(/\$\{var\.log_bucket_location\}/g, String(variable(tf, "log_bucket_location").default))
    .replace(/\$\{var\.function_name\}/g, String(variable(tf, "function_name").default));
}

const log = (id: string) => `projects/${PROJECT}/logs/${encodeURIComponent(id)}`;
const base = (id: string, t: number) => ({
  insertId: id,
  timestamp: new Date(t).toISOString(),
  resource: { type: "cloud_run_revision", labels: { project_id: PROJECT, service_name: "api", revision_name: "api-00043-xyz", configuration_name: "api", location: "europe-west1" } },
});
/**
 * Entries beside Cloud Run's own (audit payloads as JSON: the REST client cannot decode an AuditLog Any):
 * deploy audit entries (_Required), a Data Access audit entry and a VM's error (_Default).
 */
const EXTRA: RestEntry[] = [
  { ...base("audit-activity", START + 60_000), severity: "NOTICE", logName: log("cloudaudit.googleapis.com/activity"), jsonPayload: { methodName: "google.cloud.run.v2.Services.UpdateService", serviceName: "run.googleapis.com" } },
  { ...base("audit-ready", START + 120_000), severity: "INFO", logName: log("cloudaudit.googleapis.com/system_event"), textPayload: "Ready condition status changed to True for Revision api-00043-xyz." },
  { ...base("audit-data-access", START + 180_000), severity: "ERROR", logName: log("cloudaudit.googleapis.com/data_access"), jsonPayload: { methodName: "google.cloud.run.v2.Services.GetService", status: { code: 7 } } },
  { insertId: "vm-error", timestamp: new Date(START + 240_000).toISOString(), severity: "ERROR", logName: log("syslog"), resource: { type: "gce_instance", labels: { instance_id: "1" } }, textPayload: "kernel: oops" },
];
const ENTRIES = [...cloudRunEntries("api", START, HOUR, 140), ...EXTRA];

let server: FakeLoggingServer;
beforeAll(async () => {
  tf = await loadTfDir(join(PROJECT_ROOT, "terraform"));
  viewFilter = evaluate(String(tf.locals.cloud_run_view_filter));
  viewName = `${evaluate(String(tf.locals.default_log_bucket))}/views/${evaluate(String((tf.resources.find((r) => r.type === "google_logging_log_view")?.body as { name: string }).name))}`;
  requiredView = evaluate(String(tf.locals.required_log_view));
  server = await startLoggingServer({ project: PROJECT, entries: ENTRIES, views: { [viewName]: viewFilter } });
});
afterAll(async () => server.close());

const endpoints: Array<[string, () => LoggingEndpoint]> = [
  ["gRPC", () => ({ kind: "grpc-insecure", host: "127.0.0.1", port: server.grpcPort })],
  ["REST", () => ({ kind: "rest-plain", host: "127.0.0.1", port: Number(new URL(server.restUrl).port) })],
];

async function readIds(endpoint: LoggingEndpoint, resourceNames?: string[]): Promise<string[]> {
  const source = cloudLoggingSource({ logging: createLoggingClient(PROJECT, endpoint), projectId: PROJECT, pageBudget: 10, ...(resourceNames ? { resourceNames } : {}) });
  const read = source.read({ services: ["api"], window });
  const ids: string[] = [];
  for await (const batch of read.batches) for (const item of batch) if (item.kind === "value") ids.push(String((item.value as { metadata: { insertId: string } }).metadata.insertId));
  expect(read.outcome()).toEqual({ complete: true });
  return ids.sort();
}

describe("the view Terraform creates", () => {
  it("is valid log view syntax: a conjunction of SOURCE, resource.type and LOG_ID, keeping Cloud Run and dropping Data Access audit logs", () => {
    expect(viewFilter).toBe(`SOURCE("projects/${PROJECT}") AND resource.type = "cloud_run_revision" AND NOT LOG_ID("cloudaudit.googleapis.com/data_access")`);
    expect(viewName).toBe(`projects/${PROJECT}/locations/global/buckets/_Default/views/log-gardener-cloud-run`);
    expect(requiredView).toBe(`projects/${PROJECT}/locations/global/buckets/_Required/views/_AllLogs`);
    const keep = parseViewFilter(viewFilter);
    const kept = ENTRIES.filter((e) => bucketOf(e) === "_Default" && keep(e)).map((e) => e.insertId);
    expect(kept).not.toContain("audit-data-access");
    expect(kept).not.toContain("vm-error");
    expect(kept).toContain("api-0");
    // The fake refuses what the API refuses, so the check above can fail.
    expect(() => parseViewFilter('resource.type = "a" OR resource.type = "b"')).toThrow(/may only AND/);
    expect(() => parseViewFilter('resource.labels.service_name = "api"')).toThrow(/may only AND/);
  });
});

describe.each(endpoints)("reading through the views (%s)", (_name, endpoint) => {
  it("names the two views and only them, and reads the service's entries and its deploy audit entries, no Data Access log, no other resource", async () => {
    const before = server.requests.length;
    const ids = await readIds(endpoint(), [viewName, requiredView]);
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r.resourceNames).toEqual([viewName, requiredView]);
    expect(ids).toEqual(expect.arrayContaining(["audit-activity", "audit-ready"]));
    expect(ids).not.toContain("audit-data-access");
    expect(ids).not.toContain("vm-error");
    // The same as reading the whole project, less the Data Access entry the project read would include.
    const projectIds = await readIds(endpoint());
    expect(projectIds).toContain("audit-data-access");
    expect(ids).toEqual(projectIds.filter((id) => id !== "audit-data-access"));
  });

  it("fails with a one-line error naming the setting when a view does not exist", async () => {
    const missing = `projects/${PROJECT}/locations/global/buckets/_Default/views/nope`;
    const source = cloudLoggingSource({ logging: createLoggingClient(PROJECT, endpoint()), projectId: PROJECT, pageBudget: 10, resourceNames: [missing] });
    const read = source.read({ services: ["api"], window });
    await expect((async () => {
      for await (const batch of read.batches) for (const _ of batch) void _;
    })()).rejects.toThrow(/^Cloud Logging does not know project \S+ or a view of GARDENER_LOG_VIEWS .*check --project \/ GARDENER_PROJECT_ID and GARDENER_LOG_VIEWS/);
  });
});

describe("GARDENER_LOG_VIEWS", () => {
  const required = { projectId: PROJECT, services: "api", bucket: "b-unused" };
  it("takes comma-separated full view names, empty meaning the project", () => {
    expect(loadConfig(required, "function").logViews).toEqual([]);
    expect(loadConfig({ ...required, logViews: ` ${viewName} , ${requiredView} ` }, "function").logViews).toEqual([viewName, requiredView]);
  });

  it("names every entry that is not a view", () => {
    expect(() => loadConfig({ ...required, logViews: `${viewName},projects/${PROJECT},_Default` }, "function")).toThrow(
      `GARDENER_LOG_VIEWS entry "projects/${PROJECT}" is not a log view: projects/PROJECT/locations/LOCATION/buckets/BUCKET/views/VIEW; GARDENER_LOG_VIEWS entry "_Default" is not a log view: projects/PROJECT/locations/LOCATION/buckets/BUCKET/views/VIEW`,
    );
  });
});

// Keep the helper honest: a Cloud Run entry of another project is in neither view.
it("the fake's views keep to their project", () => {
  const other = { ...cloudRunEntry("api", "error-json", START, 1), logName: "projects/other-project-1/logs/run.googleapis.com%2Fstderr" };
  expect(parseViewFilter(viewFilter)(other)).toBe(false);
});
