import { runServiceNameOf, type GardenedUnit } from "../resources/gardenedUnit.js";
import { filterString } from "./patternFilter.js";

/** RE2 and JavaScript agree on these escapes. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The Cloud Logging clauses (to be joined by AND) that select one unit's entries, for entries.list and
 * for Logs Explorer links alike: a Cloud Run service by its service name; a Cloud Function by its gen2
 * service (named after it, lowercased, `_` as `-`) or its cloud_function entries (any case, `_` or
 * `-`); a job; an App Engine service; a GKE workload by GKE's workload label, or its container when
 * there is none (the legacy `container` resource too). Each clause is one AND term; OR groups are
 * parenthesised, because OR binds tighter than AND in the Logging query language.
 */
export function unitClauses(unit: Pick<GardenedUnit, "kind" | "name">): string[] {
  const is = (type: string, ...terms: string[]) => `(resource.type=${filterString(type)} AND ${terms.join(" AND ")})`;
  switch (unit.kind) {
    case "cloud-run-service":
      return ['resource.type="cloud_run_revision"', `resource.labels.service_name=${filterString(unit.name)}`];
    case "cloud-function": {
      const service = runServiceNameOf(unit.name);
      const anyCase = `(?i)^${service.split("-").map(escapeRegex).join("[-_]")}$`;
      return [`(${is("cloud_run_revision", `resource.labels.service_name=${filterString(service)}`)} OR ${is("cloud_function", `resource.labels.function_name=~${filterString(anyCase)}`)})`];
    }
    case "cloud-run-job":
      return ['resource.type="cloud_run_job"', `resource.labels.job_name=${filterString(unit.name.toLowerCase())}`];
    case "app-engine-service":
      return ['resource.type="gae_app"', `resource.labels.module_id=${filterString(unit.name.toLowerCase())}`];
    case "gke-workload": {
      const [ns = "", workload = ""] = unit.name.toLowerCase().split("/");
      return [
        `(${is("k8s_container", `resource.labels.namespace_name=${filterString(ns)}`, `(labels."logging.gke.io/top_level_controller_name"=${filterString(workload)} OR resource.labels.container_name=${filterString(workload)})`)}` +
          ` OR ${is("container", `resource.labels.namespace_id=${filterString(ns)}`, `resource.labels.container_name=${filterString(workload)}`)})`,
      ];
    }
  }
}
