/**
 * What the gardener gardens: one unit of a runtime people deploy, with one worklog and one state per
 * unit. Closed set: anything else in the logs (builds, audited resources, Dataflow steps, …) is counted
 * by resource type and not gardened.
 */
export const UNIT_KINDS = ["cloud-run-service", "cloud-run-job", "cloud-function", "app-engine-service", "gke-workload"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface GardenedUnit {
  kind: UnitKind;
  /**
   * The name as the platform spells it, case kept: a Cloud Run service or job, a function's own name
   * (mixed case allowed), an App Engine service, a GKE workload as `namespace/workload`.
   */
  name: string;
  project?: string;
  /** Region, zone or GKE location, as the entries give it. */
  location?: string;
  /** Cloud Functions: 2 when the entries come from the function's Cloud Run service, 1 from gen1 execution logs. */
  generation?: 1 | 2;
  /** GKE: the cluster the workload's entries came from (the first one seen). */
  cluster?: string;
}

/** Words for people: "Cloud Run service checkout-api", "GKE workload prod/api". */
export const KIND_LABEL: Record<UnitKind, string> = {
  "cloud-run-service": "Cloud Run service",
  "cloud-run-job": "Cloud Run job",
  "cloud-function": "Cloud Function",
  "app-engine-service": "App Engine service",
  "gke-workload": "GKE workload",
};

/** "Cloud Run services, Cloud Run jobs, Cloud Functions, App Engine services and GKE workloads": what is gardened, for messages. */
export const GARDENED_KINDS_TEXT = UNIT_KINDS.map((k) => `${KIND_LABEL[k]}s`)
  .join(", ")
  .replace(/, ([^,]*)$/, " and $1");

/**
 * Prefix of the key of each kind. Cloud Run services and Cloud Functions share the unprefixed space:
 * a gen2 function IS a Cloud Run service (named after the function, lowercased, `_` as `-`), so the
 * two kinds of entry of one function land on one key, and the keys (hence paths) of existing Cloud Run
 * services stay what they were. Other kinds live under a prefix no Cloud Run service name can collide
 * with at the same level (a service's own objects are `latest.*` and year folders).
 */
const KEY_PREFIX: Record<UnitKind, string> = {
  "cloud-run-service": "",
  "cloud-function": "",
  "cloud-run-job": "run-job/",
  "app-engine-service": "app-engine/",
  "gke-workload": "gke/",
};

/** A function name as the name of the Cloud Run service that runs it (gen2): lowercase, `_` written `-`. */
export function runServiceNameOf(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/**
 * The unit's key: what worklog paths, state objects and `--service` selectors derive from. The same
 * whatever the window held (a function's lowercase service entries or its mixed-case audit entries),
 * so a unit's worklogs and state stay in one place; `/` separates path segments (GKE namespace and
 * workload), each of them made path-safe where it is used.
 */
export function unitKey(unit: Pick<GardenedUnit, "kind" | "name">): string {
  // The pass asks once per entry, nearly always for the unit it asked for last: remember that answer.
  if (unit.kind === lastKey.kind && unit.name === lastKey.name) return lastKey.key;
  const name = unit.kind === "cloud-function" || unit.kind === "cloud-run-service" ? runServiceNameOf(unit.name) : unit.name.toLowerCase();
  const key = `${KEY_PREFIX[unit.kind]}${name}`;
  lastKey = { kind: unit.kind, name: unit.name, key };
  return key;
}

/** unitKey's last answer (a pure cache: the key depends on kind and name only). */
let lastKey: { kind: UnitKind | ""; name: string; key: string } = { kind: "", name: "", key: "" };

/** "Cloud Function onWrite_listings, gen2", "GKE workload prod/api, cluster c1". */
export function describeUnit(unit: GardenedUnit): string {
  const extra = unit.kind === "cloud-function" && unit.generation ? `, gen${unit.generation}` : unit.kind === "gke-workload" && unit.cluster ? `, cluster ${unit.cluster}` : "";
  return `${KIND_LABEL[unit.kind]} ${unit.name}${extra}`;
}

/**
 * Folds what one more entry says about a unit into what is known (same key): the kind
 * `cloud-function` over `cloud-run-service` (a gen2 function's service entries may come first), the
 * function's own name over its service's (the one that is not already lowercase-with-hyphens keeps the
 * case and underscores the service name lost), and attributes once known. Cheap when nothing is new:
 * it runs once per entry.
 */
export function mergeUnit(known: GardenedUnit, seen: GardenedUnit): void {
  if (seen.kind === "cloud-function" && known.kind === "cloud-run-service") known.kind = "cloud-function";
  if (seen.name !== known.name && known.name === runServiceNameOf(known.name) && seen.name !== runServiceNameOf(seen.name)) known.name = seen.name;
  if (seen.generation && (known.generation ?? 0) < seen.generation) known.generation = seen.generation;
  if (!known.project && seen.project) known.project = seen.project;
  if (!known.location && seen.location) known.location = seen.location;
  if (!known.cluster && seen.cluster) known.cluster = seen.cluster;
}
