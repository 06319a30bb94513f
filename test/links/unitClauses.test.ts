import { describe, expect, it } from "@jest/globals";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { logScopeOf, revisionsPageUrl, serviceClauses, serviceLogsUrl } from "../../shared/links/evidenceLinks.js";
import { unitKey } from "../../shared/resources/gardenedUnit.js";
import { unitOf } from "../../shared/resources/unitOf.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";

/** One entry of each kind of unit, all named alike, so that a query by name alone would match several. */
const RAW: Array<Record<string, unknown>> = [
  { insertId: "run", resource: { type: "cloud_run_revision", labels: { service_name: "web", revision_name: "web-00001-abc", location: "europe-west1", project_id: "p" } } },
  { insertId: "gen1", resource: { type: "cloud_function", labels: { function_name: "Web_Hook", region: "us-central1", project_id: "p" } } },
  { insertId: "gen2", resource: { type: "cloud_run_revision", labels: { service_name: "web-hook", revision_name: "web-hook-00002-xyz", location: "us-central1", project_id: "p" } }, labels: { "goog-managed-by": "cloudfunctions" } },
  { insertId: "job", resource: { type: "cloud_run_job", labels: { job_name: "web", location: "europe-west1", project_id: "p" } } },
  { insertId: "gae", resource: { type: "gae_app", labels: { module_id: "web", version_id: "v1", zone: "us-east4-3", project_id: "p" } } },
  {
    insertId: "gke",
    resource: { type: "k8s_container", labels: { namespace_name: "shop", container_name: "web", pod_name: "web-7d9f-abcde", cluster_name: "c1", location: "us-west2", project_id: "p" } },
    labels: { "logging.gke.io/top_level_controller_name": "web", "logging.gke.io/top_level_controller_type": "Deployment" },
  },
].map((r, i) => ({ ...r, timestamp: `2026-03-10T14:0${i}:00Z`, severity: "ERROR", textPayload: "boom", logName: "projects/p/logs/stderr" }));

describe("links query the unit's own resource", () => {
  const units = RAW.map((raw) => {
    const n = normalizeEntry(raw);
    if (!n.ok) throw new Error(n.detail);
    const found = unitOf(n.entry);
    if (found.kind !== "unit") throw new Error(`no unit for ${String(raw.insertId)}`);
    return { id: String(raw.insertId), unit: found.unit };
  });

  it.each(units.map((u) => [u.id, u] as const))("%s: the Logs Explorer query matches its entries and no other unit's", (_id, { id, unit }) => {
    const scope = logScopeOf({ service: unitKey(unit), unit, project: "p" });
    const node = parseFilter(serviceClauses(scope).join(" AND "));
    const hits = RAW.filter((r) => matches(node, r)).map((r) => r.insertId);
    // A gen2 function's entries are its Cloud Run service's: from either side, the function's query finds both.
    const expected = id === "gen1" || id === "gen2" ? (unit.kind === "cloud-function" ? ["gen1", "gen2"] : [id]) : [id];
    expect(hits).toEqual(expect.arrayContaining(expected));
    expect(hits).toHaveLength(expected.length);
    // The same clauses reach the URL the worklog and the issues link to.
    expect(decodeURIComponent(serviceLogsUrl({ ...scope, window: { start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" } }))).toContain(serviceClauses(scope).join("\n"));
  });

  it("links a Cloud Run revisions page only for units that run as a Cloud Run service", () => {
    const page = (id: string) => {
      const { unit } = units.find((u) => u.id === id) as (typeof units)[number];
      return revisionsPageUrl({ ...logScopeOf({ service: unitKey(unit), unit, project: "p" }), location: "us-central1" });
    };
    expect(page("run")).toBe("https://console.cloud.google.com/run/detail/us-central1/web/revisions?project=p");
    expect(page("gen2")).toBeDefined();
    for (const id of ["gen1", "job", "gae", "gke"]) expect(page(id)).toBeUndefined();
  });

  it("keeps the Cloud Run query of a worklog that names no unit (written before units had kinds)", () => {
    expect(serviceClauses({ service: "web" })).toEqual(['resource.type="cloud_run_revision"', 'resource.labels.service_name="web"']);
  });
});
