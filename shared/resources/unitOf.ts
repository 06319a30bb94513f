import type { Entry } from "../entries/entry.js";
import type { GardenedUnit } from "./gardenedUnit.js";

/**
 * Which unit an entry belongs to, decided by its monitored resource (never by the log's text):
 * - `unit`: gardened;
 * - `unnamed`: a resource type the gardener gardens, but the entry names no unit (skipped as no_service);
 * - `other`: a resource type the gardener does not garden (build, audited_resource, dataflow_step, …),
 *   counted by type in the worklog's header. `resourceType` is "" when the entry has none.
 */
export type UnitOf = { kind: "unit"; unit: GardenedUnit } | { kind: "unnamed"; resourceType: string } | { kind: "other"; resourceType: string };

/** Entry labels Cloud Functions (gen2) puts on the entries of the Cloud Run service that runs a function. */
const MANAGED_BY = "goog-managed-by";
/** GKE's label naming the workload (Deployment, StatefulSet, Job, …) that owns the pod. */
const GKE_WORKLOAD = "logging.gke.io/top_level_controller_name";
/** Legacy `container` resources carry the namespace as an entry label as well. */
const LEGACY_NAMESPACE = "container.googleapis.com/namespace_name";
/** gen1 functions write their own output and execution lines to this log; gen2 ones to Cloud Run's. */
const GEN1_LOG = "cloudfunctions.googleapis.com/cloud-functions";

export function unitOf(e: Entry): UnitOf {
  const r = e.resourceLabels;
  const project = r.project_id || undefined;
  switch (e.resourceType || typeOfLabels(r)) {
    case "cloud_run_revision": {
      const name = r.service_name || r.configuration_name || serviceOfAuditedResource(e);
      if (e.labels[MANAGED_BY] === "cloudfunctions") return unit(e, { kind: "cloud-function", name: name ?? "", generation: 2 }, r.location, project);
      return unit(e, { kind: "cloud-run-service", name: name ?? "" }, r.location, project);
    }
    case "cloud_run_job":
      return unit(e, { kind: "cloud-run-job", name: r.job_name ?? "" }, r.location, project);
    case "cloud_function":
      return unit(e, { kind: "cloud-function", name: r.function_name ?? "" }, r.region, project, undefined, e.logId === GEN1_LOG ? 1 : undefined);
    case "gae_app":
      return unit(e, { kind: "app-engine-service", name: r.module_id ?? "" }, r.zone, project);
    case "k8s_container": {
      const workload = e.labels[GKE_WORKLOAD] || r.container_name;
      const ns = r.namespace_name;
      return unit(e, { kind: "gke-workload", name: ns && workload ? `${ns}/${workload}` : "" }, r.location, project, r.cluster_name);
    }
    case "container": {
      const ns = r.namespace_id || e.labels[LEGACY_NAMESPACE];
      const workload = r.container_name;
      return unit(e, { kind: "gke-workload", name: ns && workload ? `${ns}/${workload}` : "" }, r.zone ?? r.location, project, r.cluster_name);
    }
    case "":
      return { kind: "unnamed", resourceType: "" };
    default:
      return { kind: "other", resourceType: e.resourceType };
  }
}

/**
 * Completes a unit that names itself, keys in the order they always had: location, generation (gen1),
 * cluster and project only when given (empty ones are
 * left out, not deleted afterwards: this runs once per entry, and a deleted key makes the object a
 * slow dictionary for everything that reads it after).
 */
function unit(e: Entry, u: GardenedUnit, location: string | undefined, project: string | undefined, cluster?: string, generation?: 1): UnitOf {
  if (!u.name) return { kind: "unnamed", resourceType: e.resourceType };
  if (location) u.location = location;
  if (generation) u.generation = generation;
  if (cluster) u.cluster = cluster;
  if (project) u.project = project;
  return { kind: "unit", unit: u };
}

/**
 * A resource written without its type (hand-made or trimmed exports): the label that names the unit
 * says which resource it is; none of them = an entry that names no resource ("").
 */
function typeOfLabels(r: Record<string, string>): string {
  if (r.service_name) return "cloud_run_revision";
  if (r.function_name) return "cloud_function";
  if (r.job_name) return "cloud_run_job";
  if (r.module_id) return "gae_app";
  return "";
}

/**
 * Cloud Run's audit entries sometimes leave the resource labels empty; the audited resource's own
 * name then says which service it was: `namespaces/P/services/NAME` or
 * `projects/P/locations/L/services/NAME`.
 */
function serviceOfAuditedResource(e: Entry): string | undefined {
  const name = e.payloadKind === "proto" ? e.payload?.resourceName : undefined;
  if (typeof name !== "string") return undefined;
  return /(?:^|\/)services\/([a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)$/.exec(name)?.[1];
}
