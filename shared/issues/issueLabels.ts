import type { Priority } from "../analysis/priority.js";

/** Every issue the gardener files carries this label; reconciliation lists by it. */
export const GARDENER_LABEL = "log-gardener";
/** A person adds this to tell the gardener never to touch the issue again. */
export const IGNORE_LABEL = "log-gardener:ignore";
/** Prefix of the short-lived labels that serialise filing between concurrent passes (see claim in githubTracker). */
export const CLAIM_LABEL_PREFIX = "log-gardener:filing:";
const PRIORITY_PREFIX = "priority:";
const SERVICE_PREFIX = "service:";
/** GitHub label names are at most 50 characters. */
const MAX_LABEL_CHARS = 50;

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

const PRIORITY_COLORS: Record<Priority, string> = { P0: "b60205", P1: "d93f0b", P2: "fbca04", P3: "c5def5" };

export function priorityLabel(p: Priority): LabelSpec {
  return { name: `${PRIORITY_PREFIX}${p}`, color: PRIORITY_COLORS[p], description: `Priority ${p}, set by log-gardener from measured counts` };
}

export function serviceLabel(service: string): LabelSpec {
  return { name: `${SERVICE_PREFIX}${service}`.slice(0, MAX_LABEL_CHARS), color: "1d76db", description: "Cloud Run service (log-gardener)" };
}

export const GARDENER_LABEL_SPEC: LabelSpec = { name: GARDENER_LABEL, color: "0e8a16", description: "Filed and kept current by log-gardener" };

export function isPriorityLabel(name: string): boolean {
  return name.startsWith(PRIORITY_PREFIX);
}

/** The labels an issue should carry: the person's own labels kept, the priority replaced. */
export function desiredLabels(current: readonly string[], service: string, priority: Priority): string[] {
  const keep = current.filter((l) => !isPriorityLabel(l));
  const want = [GARDENER_LABEL, serviceLabel(service).name, priorityLabel(priority).name];
  return [...new Set([...keep, ...want])];
}

export function labelSpecs(service: string, priority: Priority): LabelSpec[] {
  return [GARDENER_LABEL_SPEC, serviceLabel(service), priorityLabel(priority)];
}
