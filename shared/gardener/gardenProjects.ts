import type { SkipReason } from "../entries/entry.js";
import { isUserError, UserError } from "../util/userError.js";
import type { TimeWindow } from "../worklog/worklog.js";
import { runGardener, type GardenerConfig, type GardenerDeps, type GardenerResult, type ServiceOutcome } from "./runGardener.js";

/** One project of a pass and the services to garden in it (empty = every Cloud Run service found). */
export interface ProjectToGarden {
  projectId: string;
  services: readonly string[];
}

export type ProjectOutcome =
  | {
      project: string;
      kind: "gardened";
      services: ServiceOutcome[];
      skipped: GardenerResult["skipped"];
      otherResources: GardenerResult["otherResources"];
      itemsRead: number;
      discovered?: string[];
    }
  /** The project's pass failed; the other projects were still gardened. `userError`: the reason is the user's to fix. */
  | { project: string; kind: "failed"; error: string; userError: boolean; cause: unknown };

/**
 * Gardens several projects, one after the other: each with its own adapters (its own read quota, so
 * its own page budget, and its own worklog and state folder, built by `depsFor`), and each project's
 * failure its own. A project named without services gardens every Cloud Run service that wrote
 * entries in the span the pass could read (`discoveryWindow`), as the project's whole-window counter
 * sees them; without a counter, or when it cannot count, the project fails with the reason.
 */
export async function gardenProjects(
  projects: readonly ProjectToGarden[],
  depsFor: (projectId: string) => Promise<GardenerDeps>,
  config: Omit<GardenerConfig, "services">,
  discoveryWindow: TimeWindow,
): Promise<ProjectOutcome[]> {
  const out: ProjectOutcome[] = [];
  for (const p of projects) {
    try {
      const deps = await depsFor(p.projectId);
      let services = [...p.services];
      let discovered: string[] | undefined;
      if (!services.length) {
        discovered = await discoverServices(deps, p.projectId, discoveryWindow);
        services = discovered;
        deps.progress?.(`${p.projectId}: ${services.length ? `gardening every service found: ${services.join(", ")}` : "no Cloud Run service wrote entries"}`);
      }
      const result: GardenerResult = services.length ? await runGardener(deps, { ...config, services }) : { services: [], skipped: {}, otherResources: {}, itemsRead: 0 };
      out.push({
        project: p.projectId,
        kind: "gardened",
        services: result.services,
        skipped: result.skipped,
        otherResources: result.otherResources,
        itemsRead: result.itemsRead,
        ...(discovered ? { discovered } : {}),
      });
    } catch (err) {
      out.push({ project: p.projectId, kind: "failed", error: (err as Error)?.message ?? String(err), userError: isUserError(err), cause: err });
    }
  }
  return out;
}

async function discoverServices(deps: GardenerDeps, projectId: string, window: TimeWindow): Promise<string[]> {
  if (!deps.counter) throw new Error(`project ${projectId} is named without services, and this source has no counter to find them`);
  const counted = await deps.counter.count({ services: [], window });
  if (counted.kind === "unavailable") {
    throw new UserError(`cannot list the Cloud Run services of ${projectId} (${counted.detail}): name them as ${projectId}/SERVICE in GARDENER_PROJECT_IDS`);
  }
  return [...counted.services.keys()].sort();
}

/** Every project's skips and other resources added up, and every unit's outcome, for a one-line summary. */
export function flatten(outcomes: readonly ProjectOutcome[]): GardenerResult {
  const services: ServiceOutcome[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const otherResources: Record<string, number> = {};
  let itemsRead = 0;
  for (const o of outcomes) {
    if (o.kind !== "gardened") continue;
    services.push(...o.services);
    for (const [r, n] of Object.entries(o.skipped) as Array<[SkipReason, number]>) skipped[r] = (skipped[r] ?? 0) + n;
    for (const [r, n] of Object.entries(o.otherResources)) otherResources[r] = (otherResources[r] ?? 0) + n;
    itemsRead += o.itemsRead;
  }
  return { services, skipped, otherResources, itemsRead };
}
