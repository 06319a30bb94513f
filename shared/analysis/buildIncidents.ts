import type { Cluster } from "../clustering/cluster.js";
import type { ChainedException } from "../events/exceptionChain.js";
import { chainOf, errorStrength, isConsequence, isDeath, isFailure, isWarningOnly, statedCause } from "./clusterRole.js";
import { precedence } from "./instanceTimeline.js";
import { linkReasons, type LinkContext } from "./linkClusters.js";
import { messageCore, quotesCore, together } from "./quotedMessage.js";

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
 * 300 patterns are 45,000 comparisons (milliseconds for most; a quote is looked for in a pair's
 * samples only when the two were logged together); an hour with more failure patterns than this is
 * dominated by the largest ones, and the rest stay incidents of their own (counted, never dropped).
 */
export const MAX_LINKED_FAILURES = 300;

/**
 * Share of a warning's instances that must have died for the warning to stand for their deaths: one
 * that most surviving instances log too (a boot-time notice) tells nothing about why some died.
 */
export const DEATH_SPECIFIC_SHARE = 0.8;

export function buildIncidents(clusters: Cluster[], ctx: LinkContext): IncidentDraft[] {
  const { label } = ctx;
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
  const link = (a: Cluster, b: Cluster, why: string[]) => {
    parent.set(find(a), find(b));
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const m = pairReasons.get(x) ?? new Map<Cluster, string[]>();
      m.set(y, why);
      pairReasons.set(x, m);
    }
  };
  for (let i = 0; i < linkable.length; i++) {
    for (let j = i + 1; j < linkable.length; j++) {
      const a = linkable[i] as Cluster;
      const b = linkable[j] as Cluster;
      const why = linkReasons(a, b, ctx);
      if (why.length) link(a, b, why);
    }
  }
  // A warning logged on the instances that then died, and hardly anywhere else, is a candidate cause of
  // their deaths when the application logged no error: a program that prints its fatal problem with no
  // level (read from its words), or a platform follow-up. Warnings every instance logs at boot, dying
  // or not, explain nothing.
  const groupsOf = () => {
    const g = new Map<Cluster, Cluster[]>();
    for (const c of parent.keys()) {
      const r = find(c);
      g.set(r, [...(g.get(r) ?? []), c]);
    }
    return g;
  };
  const joined = new Set<Cluster>();
  const lastOn = (a: Cluster, b: Cluster) => lastOnWith(ctx.timeline, a, b);
  for (const members of groupsOf().values()) {
    const deaths = members.filter(isDeath);
    if (!deaths.length || members.some((m) => m.kind !== "platform" && m.kind !== "request" && errorStrength(m) >= 3)) continue;
    const dying = new Set<string>();
    for (const d of deaths) for (const i of d.instances) dying.add(i);
    const candidates: Array<{ w: Cluster; onDying: number; links: Array<[Cluster, string[]]> }> = [];
    for (const w of clusters) {
      if (!isWarningOnly(w) || !w.instances.size || joined.has(w)) continue;
      const onDying = [...w.instances].filter((i) => dying.has(i)).length;
      if (onDying / w.instances.size < DEATH_SPECIFIC_SHARE) continue;
      const links = deaths.map((d): [Cluster, string[]] => [d, linkReasons(w, d, ctx).filter((r) => r.includes("which then died"))]).filter(([, why]) => why.length);
      if (links.length) candidates.push({ w, onDying, links });
    }
    // One cause: the strongest words, on most dying instances, the last before the deaths (see pickRoot).
    candidates.sort((a, b) => errorStrength(b.w) - errorStrength(a.w) || b.onDying - a.onDying || lastOn(b.w, a.w) - lastOn(a.w, b.w));
    const best = candidates[0];
    if (!best) continue;
    if (!parent.has(best.w)) parent.set(best.w, best.w);
    for (const [d, why] of best.links) link(best.w, d, why);
    joined.add(best.w);
  }
  const groups = groupsOf();

  const drafts: IncidentDraft[] = [];
  for (const members of groups.values()) {
    const { root, reasons } = pickRoot(members, ctx);
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
    if (!isWarningOnly(c) || joined.has(c)) continue;
    drafts.push({ kind: "warning", rootCause: c, clusters: [c], links: new Map(), rootReasons: ["a warning no failure in this window explains"] });
  }
  return drafts;
}

/** On how many instances `a` first appeared after `b`. */
function lastOnWith(timeline: LinkContext["timeline"], a: Cluster, b: Cluster): number {
  return precedence(timeline, a, b).bFirst;
}

/**
 * The root cause: among patterns that are not mere consequences (failed requests, exits, dead workers,
 * failed deploys, the platform's follow-ups), what the application said over what the platform said;
 * then the one whose error the others quote; then the strongest evidence of failure (a stack, an
 * error, a stated warning, words of failure); then the one present on most of the instances that
 * died; then the one that came first on the instances they share; then the earliest.
 */
function pickRoot(members: Cluster[], ctx: LinkContext): { root: Cluster; reasons: string[] } {
  const { timeline, label } = ctx;
  if (members.length === 1) return { root: members[0] as Cluster, reasons: [] };
  const causes = members.filter((c) => !isConsequence(c));
  const pool = causes.length ? causes : members;
  const dying = new Set<string>();
  for (const m of members) if (isDeath(m)) for (const i of m.instances) dying.add(i);
  const quotedBy = (c: Cluster) => {
    const cause = statedCause(c);
    if (cause) return members.filter((o) => o !== c && o.samples.some((s) => s.includes(cause)));
    const core = messageCore(c);
    return core ? members.filter((o) => o !== c && together(o, c) && quotesCore(o, core)) : [];
  };
  const firstOn = (c: Cluster) => {
    let wins = 0;
    for (const o of members) {
      if (o === c) continue;
      const p = precedence(timeline, c, o);
      if (p.aFirst > p.bFirst) wins++;
    }
    return wins;
  };
  const scored = pool.map((c) => ({
    c,
    app: c.kind !== "platform" && c.kind !== "request",
    quoted: quotedBy(c),
    strength: errorStrength(c),
    onDying: [...c.instances].filter((i) => dying.has(i)).length,
    // An error starts the cascade, so the first one is the cause; a program that only warned dies right
    // after its fatal line, so of two warnings the later one is.
    first: errorStrength(c) >= 3 ? firstOn(c) : -firstOn(c),
  }));
  scored.sort(
    (x, y) =>
      Number(y.app) - Number(x.app) ||
      y.quoted.length - x.quoted.length ||
      y.strength - x.strength ||
      y.onDying - x.onDying ||
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
    reasons.push(`failed requests, exits, dead workers and the platform's reports are consequences, not causes (${members.filter((m) => !causes.includes(m)).map(label).join(", ")})`);
  }
  if (best.onDying && dying.size) reasons.push(`it was logged on ${best.onDying} of the ${dying.size} instances that died`);
  if (best.strength === 2 && (best.c.inferredFromWords ?? 0) > 0) reasons.push("it states no level: its words say something failed, and nothing on the dying instances says more");
  if (best.first > 0) reasons.push(`on the instances they share, it appeared before ${best.first === members.length - 1 ? "every other pattern" : `${best.first} of the other ${members.length - 1} patterns`}`);
  return { root: best.c, reasons };
}
