import type { Cluster } from "../clustering/cluster.js";
import type { ChainedException } from "../events/exceptionChain.js";
import { chainOf, isConsequence, isFailure, isWarningOnly, statedCause } from "./clusterRole.js";
import { precedence, type InstanceTimeline } from "./instanceTimeline.js";
import { linkReasons } from "./linkClusters.js";

/** A group of patterns that are one failure: a root cause and the symptoms it explains. */
export interface IncidentDraft {
  kind: "failure" | "warning";
  rootCause: Cluster;
  /** Root cause first. */
  clusters: Cluster[];
  /** Per symptom (by fingerprint): why it belongs to the root cause. */
  links: Map<string, string[]>;
  /** Why this pattern is the root cause, in words. */
  rootReasons: string[];
  rootCauseException?: ChainedException;
}

/**
 * Links failure patterns into incidents by evidence (shared traces, one quoting the other's error,
 * same instances that then died) and picks in each the pattern that explains the others. Warnings that
 * no failure explains become separate low-priority items.
 */
/**
 * Failure patterns compared pairwise for links, the most frequent first. Pairs grow with the square:
 * 300 patterns are 45,000 comparisons (milliseconds); an hour with more failure patterns than this is
 * dominated by the largest ones, and the rest stay incidents of their own (counted, never dropped).
 */
export const MAX_LINKED_FAILURES = 300;

export function buildIncidents(clusters: Cluster[], timeline: InstanceTimeline, label: (c: Cluster) => string): IncidentDraft[] {
  const failures = clusters.filter(isFailure).sort((a, b) => b.count - a.count);
  const linkable = failures.slice(0, MAX_LINKED_FAILURES);
  const parent = new Map<Cluster, Cluster>(failures.map((c) => [c, c]));
  const find = (c: Cluster): Cluster => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r) as Cluster;
    parent.set(c, r);
    return r;
  };
  const pairReasons = new Map<Cluster, Map<Cluster, string[]>>();
  for (let i = 0; i < linkable.length; i++) {
    for (let j = i + 1; j < linkable.length; j++) {
      const a = linkable[i] as Cluster;
      const b = linkable[j] as Cluster;
      const why = linkReasons(a, b, timeline, label);
      if (!why.length) continue;
      parent.set(find(a), find(b));
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const m = pairReasons.get(x) ?? new Map<Cluster, string[]>();
        m.set(y, why);
        pairReasons.set(x, m);
      }
    }
  }
  const groups = new Map<Cluster, Cluster[]>();
  for (const c of failures) {
    const r = find(c);
    groups.set(r, [...(groups.get(r) ?? []), c]);
  }

  const drafts: IncidentDraft[] = [];
  for (const members of groups.values()) {
    const { root, reasons } = pickRoot(members, timeline, label);
    const links = new Map<string, string[]>();
    for (const m of members) {
      if (m === root) continue;
      const direct = pairReasons.get(root)?.get(m);
      if (direct) links.set(m.fingerprint, direct);
      else {
        // Linked through another symptom: say through which.
        // Prefer a partner linked to the root directly, then evidence from instances over looser links.
        const score = ([partner, why]: [Cluster, string[]]) =>
          (pairReasons.get(root)?.has(partner) ? 2 : 0) + (why.some((w) => w.includes("same instances")) ? 1 : 0);
        const via = [...(pairReasons.get(m)?.entries() ?? [])].sort((x, y) => score(y) - score(x))[0];
        links.set(m.fingerprint, via ? [`linked through ${label(via[0])}: ${via[1].join("; ")}`] : []);
      }
    }
    const ordered = [root, ...members.filter((m) => m !== root).sort((a, b) => a.firstMs - b.firstMs || b.count - a.count)];
    const exc = chainOf(root)[0];
    drafts.push({ kind: "failure", rootCause: root, clusters: ordered, links, rootReasons: reasons, ...(exc ? { rootCauseException: exc } : {}) });
  }
  for (const c of clusters) {
    if (!isWarningOnly(c)) continue;
    drafts.push({ kind: "warning", rootCause: c, clusters: [c], links: new Map(), rootReasons: ["a warning no failure in this window explains"] });
  }
  return drafts;
}

/**
 * The root cause: among patterns that are not mere consequences (failed requests, exits, dead workers),
 * the one whose error the others quote, then one that reports an exception, then the one that came
 * first on the instances they share, then the earliest.
 */
function pickRoot(members: Cluster[], timeline: InstanceTimeline, label: (c: Cluster) => string): { root: Cluster; reasons: string[] } {
  if (members.length === 1) return { root: members[0] as Cluster, reasons: [] };
  const causes = members.filter((c) => !isConsequence(c));
  const pool = causes.length ? causes : members;
  const quotedBy = (c: Cluster) => {
    const cause = statedCause(c);
    return cause ? members.filter((o) => o !== c && o.samples.some((s) => s.includes(cause))) : [];
  };
  const firstOn = (c: Cluster) => {
    let wins = 0;
    for (const o of members) {
      if (o === c) continue;
      const p = precedence(timeline, c.fingerprint, o.fingerprint);
      if (p.aFirst > p.bFirst) wins++;
    }
    return wins;
  };
  const scored = pool.map((c) => ({ c, quoted: quotedBy(c), exception: chainOf(c).length > 0 || c.kind === "exception", first: firstOn(c) }));
  scored.sort(
    (x, y) =>
      y.quoted.length - x.quoted.length ||
      Number(y.exception) - Number(x.exception) ||
      y.first - x.first ||
      x.c.firstMs - y.c.firstMs ||
      y.c.count - x.c.count,
  );
  const best = scored[0] as (typeof scored)[number];
  const reasons: string[] = [];
  const chain = chainOf(best.c);
  if (chain.length > 1) {
    reasons.push(`its traceback chain starts with ${chain[0]?.type}, and ${chain.slice(1).map((e) => e.type).join(" then ")} ${chain.length === 2 ? "was" : "were"} raised while handling it`);
  }
  if (best.quoted.length) reasons.push(`${best.quoted.map(label).join(", ")} quote${best.quoted.length === 1 ? "s" : ""} its error`);
  if (causes.length && causes.length < members.length) {
    reasons.push(`failed requests, exits and dead workers are consequences, not causes (${members.filter((m) => !causes.includes(m)).map(label).join(", ")})`);
  }
  if (best.first) reasons.push(`on the instances they share, it appeared before ${best.first === members.length - 1 ? "every other pattern" : `${best.first} of the other ${members.length - 1} patterns`}`);
  return { root: best.c, reasons };
}
