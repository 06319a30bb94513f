import { unitKey, type UnitKind } from "./gardenedUnit.js";

/**
 * A unit named by a person (`--service`, GARDENER_SERVICES), matched case-insensitively by key:
 *
 *   NAME                   a Cloud Run service or a Cloud Function (gen1 or gen2), e.g. checkout-api, onWrite_listings
 *   run-job/NAME           a Cloud Run job
 *   app-engine/NAME        an App Engine service (default, api, …)
 *   gke/NAMESPACE/WORKLOAD a GKE workload (its controller, or its container when the entries name no controller)
 */
export interface UnitSelector {
  /** As written. */
  text: string;
  /** The key of the unit(s) it selects (see unitKey). */
  key: string;
  /** The kinds a unit with that key can be. */
  kinds: readonly UnitKind[];
  /** The name part, as written (GKE: namespace/workload). */
  name: string;
}

export type ParsedSelector = { ok: true; selector: UnitSelector } | { ok: false; problem: string };

/** Cloud Functions: a letter, then up to 62 letters, digits, `-` or `_`, ending with a letter or digit; Cloud Run service names are a subset. */
const SERVICE_OR_FUNCTION = /^[A-Za-z](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
/** Cloud Run jobs and App Engine services: DNS labels. */
const DNS_LABEL = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Kubernetes names: DNS subdomains (a Deployment may have dots); namespaces are labels, a subset. */
const K8S_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i;

const FORMS = "NAME (Cloud Run service or Cloud Function), run-job/NAME, app-engine/NAME or gke/NAMESPACE/WORKLOAD";

export function parseUnitSelector(text: string): ParsedSelector {
  const bad = (why: string): ParsedSelector => ({ ok: false, problem: `service ${JSON.stringify(text)} ${why}: use ${FORMS}` });
  const parts = text.split("/");
  const head = (parts[0] ?? "").toLowerCase();
  const make = (kinds: readonly UnitKind[], name: string): ParsedSelector => ({
    ok: true,
    selector: { text, key: unitKey({ kind: kinds[0] as UnitKind, name }), kinds, name },
  });
  if (parts.length === 1) {
    return SERVICE_OR_FUNCTION.test(text) ? make(["cloud-run-service", "cloud-function"], text) : bad("is not a Cloud Run service or function name");
  }
  if (head === "run-job" && parts.length === 2) return DNS_LABEL.test(parts[1] as string) ? make(["cloud-run-job"], parts[1] as string) : bad("is not a Cloud Run job name");
  if (head === "app-engine" && parts.length === 2) return DNS_LABEL.test(parts[1] as string) ? make(["app-engine-service"], parts[1] as string) : bad("is not an App Engine service name");
  if (head === "gke" && parts.length === 3) {
    const [, ns, workload] = parts as [string, string, string];
    return DNS_LABEL.test(ns) && K8S_NAME.test(workload) ? make(["gke-workload"], `${ns}/${workload}`) : bad("is not a GKE namespace/workload");
  }
  return bad("is not a unit the gardener knows");
}

