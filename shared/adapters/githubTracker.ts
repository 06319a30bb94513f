import { priorityRank, type Priority } from "../analysis/priority.js";
import { systemClock, type Clock, type IssueInput, type IssueTracker } from "../gardener/ports.js";
import { renderComment, type CommentReason } from "../issues/issueComment.js";
import { CLAIM_LABEL_PREFIX, desiredLabels, GARDENER_LABEL, IGNORE_LABEL, labelSpecs, type LabelSpec } from "../issues/issueLabels.js";
import { fingerprintIn, isStatusComment, windowEndIn } from "../issues/issueMarker.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { issueSnapshot, type IssueSnapshot } from "../issues/issueSnapshot.js";
import type { GardenerState, IssueRecord } from "../state/gardenerState.js";
import { classifyGithubError, statusOf } from "./githubErrors.js";
import type { GithubClient } from "./githubClient.js";
import { planningTracker } from "./planningTracker.js";

/**
 * A claim label older than this was left by a pass that died between claiming and releasing; filing an
 * issue takes seconds, and the client's rate-limit waits at most a few minutes.
 */
const CLAIM_STALE_MS = 10 * 60_000;
/** Pending actions kept in the state; beyond this the oldest are dropped (and said so), so the state stays small. */
const MAX_PENDING = 50;
/** Issues GitHub returns per page (its maximum): fewer round trips when listing. */
const PER_PAGE = 100;

export interface GithubTrackerOptions {
  client: GithubClient;
  owner: string;
  repo: string;
  minPriority: Priority;
  /** New issues this run may open (over all services); the rest are deferred. */
  maxNewIssues: number;
  /** A recurring problem gets a new comment only after this long; otherwise its status comment is edited. */
  commentQuietMs: number;
  clock?: Clock;
  progress?: (message: string) => void;
}

interface GhIssue {
  number: number;
  html_url?: string;
  body?: string | null;
  state?: string;
  state_reason?: string | null;
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
}

interface GhComment {
  id: number;
  body?: string;
  created_at: string;
}

const labelNames = (i: GhIssue): string[] => i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);

/** Why a person's decision keeps the gardener away from an issue, or undefined. */
function humanDecision(i: GhIssue): string | undefined {
  if (labelNames(i).includes(IGNORE_LABEL)) return `a person labelled it ${IGNORE_LABEL}`;
  if (i.state === "closed" && i.state_reason === "not_planned") return "a person closed it as not planned";
  if (i.state === "closed" && i.state_reason === "duplicate") return "a person closed it as a duplicate";
  if (!labelNames(i).includes(GARDENER_LABEL)) return `a person removed the ${GARDENER_LABEL} label`;
  return undefined;
}

function recordFrom(i: GhIssue, previous?: IssueRecord): IssueRecord {
  const labels = labelNames(i);
  // `priority` is what THIS service last reported, never read back from the labels: another service
  // sharing the fingerprint may label the issue differently, and comparing with its label would
  // relabel back and forth every pass. An adopted issue gets it from its first update.
  const rec: IssueRecord = { ...previous, number: i.number, state: i.state === "closed" ? "closed" : "open", labels };
  const decision = humanDecision(i);
  if (decision) Object.assign(rec, { ignored: true, ignoredBecause: decision });
  else {
    delete rec.ignored;
    delete rec.ignoredBecause;
  }
  const windowEnd = windowEndIn(i.body);
  if (!rec.lastWindowEnd && windowEnd) rec.lastWindowEnd = windowEnd;
  return rec;
}

class NotAttempted extends Error {}

/**
 * Files and keeps current one GitHub issue per incident, keyed by the root cause's fingerprint.
 *
 * The state's fingerprint → issue index is the source of truth, reconciled each pass by listing the
 * issues labelled `log-gardener` (state=all, paginated; never the search API, which lags). Anything that
 * creates (an issue, a new comment, a reopen) first takes a per-fingerprint claim, a label that GitHub
 * creates at most once, then looks on GitHub for the result of an earlier or concurrent pass (hidden
 * markers carry the fingerprint and the window end), so retries and concurrent passes never double.
 * Build one per run: it counts the new issues of the run.
 */
export function githubTracker(options: GithubTrackerOptions): IssueTracker {
  const { client, owner, repo } = options;
  const clock = options.clock ?? systemClock;
  const progress = options.progress ?? (() => {});
  const fullRepo = `${owner}/${repo}`;
  let createdThisRun = 0;
  let knownLabels: Set<string> | undefined;

  async function listLabelled(sortNewestFirstOnePage = false): Promise<GhIssue[]> {
    if (sortNewestFirstOnePage) {
      const r = await client.rest.issues.listForRepo({ owner, repo, labels: GARDENER_LABEL, state: "all", sort: "created", direction: "desc", per_page: PER_PAGE });
      return r.data as GhIssue[];
    }
    return (await client.paginate(client.rest.issues.listForRepo, { owner, repo, labels: GARDENER_LABEL, state: "all", per_page: PER_PAGE })) as GhIssue[];
  }

  /** Lowest-numbered issue carrying the fingerprint's marker (the first one filed wins). */
  function indexByFingerprint(issues: GhIssue[]): Map<string, GhIssue> {
    const byFp = new Map<string, GhIssue>();
    for (const i of issues) {
      if (i.pull_request) continue;
      const fp = fingerprintIn(i.body);
      if (!fp) continue;
      const prev = byFp.get(fp);
      if (!prev || i.number < prev.number) byFp.set(fp, i);
    }
    return byFp;
  }

  async function reconcile(state: GardenerState, wanted: ReadonlySet<string>): Promise<void> {
    const issues = await listLabelled();
    const byNumber = new Map(issues.map((i) => [i.number, i]));
    const byFp = indexByFingerprint(issues);
    for (const [fp, rec] of Object.entries(state.issues)) {
      let found: GhIssue | undefined = byNumber.get(rec.number);
      if (!found) {
        // Not labelled any more (a person removed the label) or gone (deleted, transferred).
        try {
          found = (await client.rest.issues.get({ owner, repo, issue_number: rec.number })).data as GhIssue;
        } catch (err) {
          const s = statusOf(err);
          if (s !== 404 && s !== 410) throw err;
          progress(`issue #${rec.number} of ${fp} is gone from ${fullRepo} (${s}); it will be filed again if the problem recurs`);
          delete state.issues[fp];
          continue;
        }
      }
      state.issues[fp] = recordFrom(found, rec);
    }
    for (const fp of wanted) {
      const i = byFp.get(fp);
      if (i && !state.issues[fp]) state.issues[fp] = recordFrom(i);
    }
  }

  async function ensureLabels(specs: LabelSpec[]): Promise<void> {
    if (!knownLabels) {
      const all = await client.paginate(client.rest.issues.listLabelsForRepo, { owner, repo, per_page: PER_PAGE });
      knownLabels = new Set(all.map((l) => l.name));
    }
    for (const spec of specs) {
      if (knownLabels.has(spec.name)) continue;
      try {
        await client.rest.issues.createLabel({ owner, repo, ...spec });
      } catch (err) {
        if (statusOf(err) !== 422) throw err; // 422: created meanwhile by someone else
      }
      knownLabels.add(spec.name);
    }
  }

  /** Takes the per-fingerprint claim; undefined when another live pass holds it. */
  async function claim(fp: string): Promise<string | undefined> {
    const name = `${CLAIM_LABEL_PREFIX}${fp}`.slice(0, 50);
    const now = clock.now();
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await client.rest.issues.createLabel({ owner, repo, name, color: "ededed", description: `log-gardener pass filing since ${now.toISOString()}` });
        return name;
      } catch (err) {
        if (statusOf(err) !== 422) throw err;
      }
      const held = await client.rest.issues.getLabel({ owner, repo, name }).catch((err: unknown) => {
        if (statusOf(err) === 404) return undefined; // released meanwhile: try again
        throw err;
      });
      if (!held) continue;
      const since = Date.parse(/since (\S+)$/.exec(held.data.description ?? "")?.[1] ?? "");
      if (Number.isFinite(since) && now.getTime() - since < CLAIM_STALE_MS) return undefined;
      progress(`claim ${name} on ${fullRepo} is stale (${held.data.description ?? "no time"}): taking it over`);
      await release(name);
    }
    return undefined;
  }

  async function release(name: string): Promise<void> {
    try {
      await client.rest.issues.deleteLabel({ owner, repo, name });
    } catch (err) {
      if (statusOf(err) === 404) return;
      // Not fatal: the claim goes stale after CLAIM_STALE_MS and the next pass takes it over.
      progress(`could not release claim ${name} on ${fullRepo}: ${(err as Error).message.split("\n")[0]}`);
    }
  }

  async function withClaim<T>(fp: string, held: boolean, work: () => Promise<T>): Promise<T | "busy"> {
    if (held) return work();
    const name = await claim(fp);
    if (!name) return "busy";
    try {
      return await work();
    } finally {
      await release(name);
    }
  }

  async function listComments(issueNumber: number): Promise<GhComment[]> {
    return (await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: PER_PAGE })) as GhComment[];
  }

  /** The newest status comment of this fingerprint and service on the issue. */
  async function latestStatusComment(issueNumber: number, s: IssueSnapshot): Promise<GhComment | undefined> {
    const mine = (await listComments(issueNumber)).filter((c) => isStatusComment(c.body, s.fingerprint, s.service));
    return mine[mine.length - 1];
  }

  /**
   * Creates an issue without the retry plugin: a 5xx may come after GitHub stored the issue, so on a
   * transient failure look for the marker first and create again only if nothing landed.
   */
  async function createIssue(s: IssueSnapshot): Promise<GhIssue> {
    const params = { owner, repo, title: s.title, body: s.body, labels: desiredLabels([], s.service, s.priority) };
    try {
      return (await client.rest.issues.create({ ...params, request: { retries: 0 } })).data as GhIssue;
    } catch (err) {
      if (classifyGithubError(err, fullRepo, "creating an issue").kind !== "transient") throw err;
      const landed = indexByFingerprint(await listLabelled(true)).get(s.fingerprint);
      if (landed) return landed;
      return (await client.rest.issues.create(params)).data as GhIssue;
    }
  }

  /** Posts a comment the same careful way: a comment that landed despite an error is not posted twice. */
  async function createComment(issueNumber: number, s: IssueSnapshot, body: string): Promise<GhComment> {
    try {
      return (await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, request: { retries: 0 } })).data as GhComment;
    } catch (err) {
      if (classifyGithubError(err, fullRepo, "commenting").kind !== "transient") throw err;
      const landed = await latestStatusComment(issueNumber, s);
      if (landed && windowEndIn(landed.body) === windowEndIn(body)) return landed;
      return (await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body })).data as GhComment;
    }
  }

  async function fileNew(s: IssueSnapshot, state: GardenerState, pend: (reason: string) => void): Promise<IssueOutcome> {
    const fp = s.fingerprint;
    if (createdThisRun >= options.maxNewIssues) {
      const reason = `the cap of ${options.maxNewIssues} new issues per pass is reached (GARDENER_MAX_NEW_ISSUES); this ${s.priority} waits for the next pass`;
      pend(reason);
      return { action: "deferred", fingerprint: fp, reason };
    }
    const result = await withClaim(fp, false, async (): Promise<IssueOutcome> => {
      // Find before create: a concurrent pass, or a pass that died before committing its state, may have filed it.
      const found = indexByFingerprint(await listLabelled(true)).get(fp);
      if (found) {
        state.issues[fp] = recordFrom(found);
        return update(s, state, state.issues[fp] as IssueRecord, true);
      }
      await ensureLabels(labelSpecs(s.service, s.priority));
      const issue = await createIssue(s);
      createdThisRun++;
      state.issues[fp] = { number: issue.number, priority: s.priority, state: "open", labels: labelNames(issue), lastWindowEnd: s.window.end };
      return { action: "created", fingerprint: fp, number: issue.number, title: s.title, ...(issue.html_url ? { url: issue.html_url } : {}) };
    });
    if (result === "busy") {
      const reason = "another pass is filing this issue right now; it is checked again next pass";
      pend(reason);
      return { action: "deferred", fingerprint: fp, reason };
    }
    return result;
  }

  async function update(s: IssueSnapshot, state: GardenerState, rec: IssueRecord, claimed: boolean): Promise<IssueOutcome> {
    const fp = s.fingerprint;
    const number = rec.number;
    if (rec.ignored) return { action: "skipped", fingerprint: fp, number, reason: `${rec.ignoredBecause ?? "a person decided"}: never touched again` };
    if (rec.lastWindowEnd && Date.parse(rec.lastWindowEnd) >= Date.parse(s.window.end)) {
      return { action: "skipped", fingerprint: fp, number, reason: `already reported up to ${rec.lastWindowEnd} (a retried or overlapping pass)` };
    }
    const now = clock.now();
    const quietOver = rec.lastCommentAt !== undefined && now.getTime() - Date.parse(rec.lastCommentAt) >= options.commentQuietMs;
    const priorityChanged = rec.priority !== undefined && rec.priority !== s.priority;
    if (rec.state !== "closed" && !priorityChanged && !quietOver && rec.statusCommentId !== undefined) {
      try {
        await client.rest.issues.updateComment({ owner, repo, comment_id: rec.statusCommentId, body: renderComment(s, { kind: "status" }) });
        Object.assign(rec, { lastWindowEnd: s.window.end, priority: s.priority });
        return { action: "commented", fingerprint: fp, number, comment: "edited" };
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
        delete rec.statusCommentId; // a person deleted it: post a new one below
      }
    }
    const result = await withClaim(fp, claimed, async (): Promise<IssueOutcome> => {
      // Look on GitHub for what an earlier or concurrent pass already wrote for this window.
      const latest = await latestStatusComment(number, s);
      const latestEnd = windowEndIn(latest?.body);
      if (latest && latestEnd && Date.parse(latestEnd) >= Date.parse(s.window.end)) {
        Object.assign(rec, { statusCommentId: latest.id, lastWindowEnd: latestEnd, lastCommentAt: rec.lastCommentAt ?? latest.created_at, state: "open" as const, priority: s.priority });
        return { action: "skipped", fingerprint: fp, number, reason: `already reported up to ${latestEnd} by another pass` };
      }
      if (latest && rec.statusCommentId === undefined) {
        rec.statusCommentId = latest.id;
        rec.lastCommentAt ??= latest.created_at;
      }
      const quiet = rec.lastCommentAt !== undefined && now.getTime() - Date.parse(rec.lastCommentAt) >= options.commentQuietMs;
      let reason: CommentReason;
      if (rec.state === "closed") reason = { kind: "regressed" };
      else if (priorityChanged) reason = { kind: "priority", from: rec.priority as string, to: s.priority };
      else if (rec.statusCommentId === undefined) reason = { kind: "status" };
      else if (quiet) reason = { kind: "quiet-interval", since: rec.lastCommentAt as string };
      else {
        await client.rest.issues.updateComment({ owner, repo, comment_id: rec.statusCommentId, body: renderComment(s, { kind: "status" }) });
        Object.assign(rec, { lastWindowEnd: s.window.end, priority: s.priority });
        return { action: "commented", fingerprint: fp, number, comment: "edited" };
      }
      if (reason.kind === "regressed" || reason.kind === "priority") {
        await ensureLabels(labelSpecs(s.service, s.priority));
        const labels = desiredLabels(rec.labels ?? [], s.service, s.priority);
        await client.rest.issues.update({ owner, repo, issue_number: number, labels, ...(reason.kind === "regressed" ? { state: "open" as const } : {}) });
        Object.assign(rec, { labels, priority: s.priority, state: "open" as const });
      }
      const comment = await createComment(number, s, renderComment(s, reason));
      Object.assign(rec, { statusCommentId: comment.id, lastCommentAt: now.toISOString(), lastWindowEnd: s.window.end, priority: s.priority });
      if (reason.kind === "regressed") return { action: "reopened", fingerprint: fp, number, reason: "closed, and seen again" };
      const why =
        reason.kind === "priority" ? `priority changed from ${reason.from} to ${reason.to} (relabelled)` : reason.kind === "quiet-interval" ? `the last comment is older than the quiet interval` : "first status comment";
      return { action: "commented", fingerprint: fp, number, comment: "new", reason: why };
    });
    if (result === "busy") throw new NotAttempted("another pass is updating this issue right now; it is checked again next pass");
    return result;
  }

  return {
    kind: "github",
    async sync(input: IssueInput): Promise<IssueOutcome[]> {
      if (input.dryRun) return planningTracker({ minPriority: options.minPriority }).sync(input);
      const state = input.state;
      const now = clock.now().toISOString();
      const outcomes: IssueOutcome[] = [];
      const work: Array<{ s: IssueSnapshot; since?: string }> = [];
      for (const incident of input.incidents) {
        const fp = incident.rootCause.fingerprint;
        if (priorityRank(incident.priority) > priorityRank(options.minPriority)) {
          outcomes.push({ action: "skipped", fingerprint: fp, ...(state.issues[fp] ? { number: state.issues[fp].number } : {}), reason: `${incident.priority} is below the issue threshold ${options.minPriority} (GARDENER_ISSUE_MIN_PRIORITY)` });
          continue;
        }
        work.push({ s: issueSnapshot({ service: input.service, ...(input.project ? { project: input.project } : {}), window: input.window, worklogLocation: input.worklogLocation, incident }) });
      }
      // Actions left by earlier passes: superseded by this pass's view of the same problem, or done from their snapshot.
      const fresh = new Set(work.map((w) => w.s.fingerprint));
      const previous = state.pending;
      state.pending = [];
      const since = new Map(previous.map((p) => [p.fingerprint, p.since]));
      for (const p of previous) {
        if (fresh.has(p.fingerprint)) continue;
        if (p.snapshot) work.push({ s: p.snapshot, since: p.since });
        else outcomes.push({ action: "skipped", fingerprint: p.fingerprint, reason: `pending since ${p.since} (${p.reason}) without details to act on, and not seen in this window` });
      }
      for (const w of work) if (!w.since && since.has(w.s.fingerprint)) w.since = since.get(w.s.fingerprint) as string;
      if (!work.length) return outcomes;

      const pend = (s: IssueSnapshot, sinceAt: string | undefined, reason: string) => {
        state.pending.push({ fingerprint: s.fingerprint, reason, since: sinceAt ?? now, snapshot: s });
      };
      try {
        await reconcile(state, new Set(work.map((w) => w.s.fingerprint)));
      } catch (err) {
        const f = classifyGithubError(err, fullRepo, "listing the log-gardener issues");
        if (f.kind === "config") throw f.error;
        for (const w of work) {
          outcomes.push({ action: "failed", fingerprint: w.s.fingerprint, reason: f.reason });
          pend(w.s, w.since, f.reason);
        }
        return outcomes;
      }
      // Updates first (never capped), then new issues by priority, oldest pending first, then size.
      work.sort((a, b) => {
        const ea = state.issues[a.s.fingerprint] ? 0 : 1;
        const eb = state.issues[b.s.fingerprint] ? 0 : 1;
        return ea - eb || priorityRank(a.s.priority) - priorityRank(b.s.priority) || (a.since ?? now).localeCompare(b.since ?? now) || b.s.events - a.s.events;
      });
      let broken: string | undefined;
      for (const w of work) {
        const fp = w.s.fingerprint;
        const rec = state.issues[fp];
        if (broken) {
          const reason = `not attempted: ${broken}`;
          outcomes.push({ action: "failed", fingerprint: fp, ...(rec ? { number: rec.number } : {}), reason });
          pend(w.s, w.since, reason);
          continue;
        }
        try {
          outcomes.push(rec ? await update(w.s, state, rec, false) : await fileNew(w.s, state, (reason) => pend(w.s, w.since, reason)));
        } catch (err) {
          if (err instanceof NotAttempted) {
            outcomes.push({ action: "deferred", fingerprint: fp, reason: err.message });
            pend(w.s, w.since, err.message);
            continue;
          }
          const f = classifyGithubError(err, fullRepo, rec ? `updating issue #${rec.number}` : "filing an issue");
          if (f.kind === "config") throw f.error;
          outcomes.push({ action: "failed", fingerprint: fp, ...(state.issues[fp] ? { number: (state.issues[fp] as IssueRecord).number } : {}), reason: f.reason });
          pend(w.s, w.since, f.reason);
          broken = f.reason; // GitHub is struggling: do not hammer it with the rest
        }
      }
      if (state.pending.length > MAX_PENDING) {
        state.pending.sort((a, b) => a.since.localeCompare(b.since));
        for (const dropped of state.pending.splice(0, state.pending.length - MAX_PENDING)) {
          outcomes.push({ action: "skipped", fingerprint: dropped.fingerprint, reason: `dropped from the pending actions (more than ${MAX_PENDING}); pending since ${dropped.since}` });
        }
      }
      return outcomes;
    },
  };
}
