import { priorityRank, type Priority } from "../analysis/priority.js";
import { systemClock, type Clock, type IssueInput, type IssueTracker } from "../gardener/ports.js";
import { renderComment } from "../issues/issueComment.js";
import { desiredLabels, GARDENER_LABEL, IGNORE_LABEL, labelSpecs, type LabelSpec } from "../issues/issueLabels.js";
import { fingerprintsIn, isStatusComment, windowEndIn } from "../issues/issueMarker.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { issueSnapshot, type IssueSnapshot } from "../issues/issueSnapshot.js";
import { meetsThreshold, belowThresholdReason, nextIssueAction, type IssueAction, type IssuePolicy } from "../issues/nextIssueAction.js";
import type { GardenerState, IssueRecord } from "../state/gardenerState.js";
import { classifyGithubError, statusOf } from "./githubErrors.js";
import type { GithubClient } from "./githubClient.js";
import { planningTracker } from "./planningTracker.js";

/** Pending actions kept in the state; beyond this the oldest are dropped (and said so), so the state stays small. */
const MAX_PENDING = 50;
/** Issues GitHub returns per page (its maximum): fewer round trips when listing. */
const PER_PAGE = 100;
/**
 * Attempts at one create (issue or comment). Each is sent without the retry plugin (a 502 may come
 * after GitHub stored the write, and the plugin would blindly send it again); before another attempt
 * the tracker looks for what landed. Past this the action stays pending for the next pass.
 */
const MAX_CREATE_ATTEMPTS = 3;

export interface GithubTrackerOptions {
  client: GithubClient;
  owner: string;
  repo: string;
  minPriority: Priority;
  /** New issues this run may open (over all services); the rest are deferred. */
  maxNewIssues: number;
  /** A recurring problem gets a new comment only after this long; otherwise its status comment is edited. */
  commentQuietMs: number;
  /** What log text issues carry (GARDENER_ISSUE_SAMPLES): "redacted" (default) or "none" (public repositories). */
  issueSamples?: "redacted" | "none";
  /** Wait before another attempt at a create after a server error, in ms times the attempt (default 1000; tests pass 1). */
  createRetryDelayMs?: number;
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

/** Lowest-numbered issue carrying each fingerprint or alias in its markers (the first one filed wins). */
function indexByFingerprint(issues: GhIssue[]): Map<string, GhIssue> {
  const byFp = new Map<string, GhIssue>();
  for (const i of issues) {
    if (i.pull_request) continue;
    for (const fp of fingerprintsIn(i.body)) {
      const prev = byFp.get(fp);
      if (!prev || i.number < prev.number) byFp.set(fp, i);
    }
  }
  return byFp;
}

const keysOf = (s: IssueSnapshot): string[] => [s.fingerprint, ...(s.aliases ?? [])];

/**
 * Files and keeps current one GitHub issue per incident, keyed by the root cause's fingerprint and
 * found by any of its aliases (an earlier template, an Error Reporting group).
 *
 * What to do is decided by the pure `nextIssueAction`; this only carries it out. The state's
 * fingerprint → issue index is the source of truth, reconciled each pass by listing the issues
 * labelled `log-gardener` (state=all, paginated; never the search API, which lags); that listing is
 * also the look before a create, so a pass that filed and died before committing its state is found
 * again by its hidden marker. Creates are idempotent across retries: sent without the retry plugin,
 * and after a server error the tracker looks for what landed before sending again. Concurrent passes
 * over one service are kept apart by the pass's lease on the state (see runGardener), which costs no
 * GitHub writes. Build one per run: it counts the new issues of the run.
 */
export function githubTracker(options: GithubTrackerOptions): IssueTracker {
  const { client, owner, repo } = options;
  const clock = options.clock ?? systemClock;
  const progress = options.progress ?? (() => {});
  const fullRepo = `${owner}/${repo}`;
  const policy: IssuePolicy = { minPriority: options.minPriority, commentQuietMs: options.commentQuietMs };
  const retryDelayMs = options.createRetryDelayMs ?? 1000;
  let createdThisRun = 0;
  let knownLabels: Set<string> | undefined;

  async function listLabelled(newestPageOnly = false): Promise<GhIssue[]> {
    if (newestPageOnly) {
      const r = await client.rest.issues.listForRepo({ owner, repo, labels: GARDENER_LABEL, state: "all", sort: "created", direction: "desc", per_page: PER_PAGE });
      return r.data as GhIssue[];
    }
    return (await client.paginate(client.rest.issues.listForRepo, { owner, repo, labels: GARDENER_LABEL, state: "all", per_page: PER_PAGE })) as GhIssue[];
  }

  /** Refreshes every known record from GitHub; returns the marker index of the labelled issues. */
  async function reconcile(state: GardenerState): Promise<Map<string, GhIssue>> {
    const issues = await listLabelled();
    const byNumber = new Map(issues.map((i) => [i.number, i]));
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
    return indexByFingerprint(issues);
  }

  /** The record of a snapshot's issue: in the state by fingerprint or alias, else on GitHub by marker. */
  function recordOf(state: GardenerState, s: IssueSnapshot, onGithub: Map<string, GhIssue>): IssueRecord | undefined {
    for (const key of keysOf(s)) {
      const rec = state.issues[key];
      if (!rec) continue;
      if (key !== s.fingerprint) {
        // Known by an older name: keep it under the current one.
        delete state.issues[key];
        state.issues[s.fingerprint] = rec;
      }
      return rec;
    }
    for (const key of keysOf(s)) {
      const i = onGithub.get(key);
      if (i) return (state.issues[s.fingerprint] = recordFrom(i));
    }
    return undefined;
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

  /**
   * A create that is safe to repeat: each attempt without the retry plugin; after a server error, look
   * (`landed`) for the result of the attempt before sending another.
   */
  async function createOnce<T>(doing: string, send: () => Promise<T>, landed: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (classifyGithubError(err, fullRepo, doing).kind !== "transient" || attempt >= MAX_CREATE_ATTEMPTS) throw err;
        const found = await landed();
        if (found !== undefined) {
          progress(`${doing} on ${fullRepo}: the server failed after the write landed; using it`);
          return found;
        }
        await new Promise((r) => setTimeout(r, retryDelayMs * attempt));
      }
    }
  }

  function createIssue(s: IssueSnapshot): Promise<GhIssue> {
    const params = { owner, repo, title: s.title, body: s.body, labels: desiredLabels([], s.service, s.priority), request: { retries: 0 } };
    return createOnce(
      "creating an issue",
      async () => (await client.rest.issues.create(params)).data as GhIssue,
      async () => indexByFingerprint(await listLabelled(true)).get(s.fingerprint),
    );
  }

  async function listComments(issueNumber: number): Promise<GhComment[]> {
    return (await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: PER_PAGE })) as GhComment[];
  }

  /** The newest status comment of this fingerprint and service on the issue. */
  async function latestStatusComment(issueNumber: number, s: IssueSnapshot): Promise<GhComment | undefined> {
    const mine = (await listComments(issueNumber)).filter((c) => isStatusComment(c.body, s.fingerprint, s.service));
    return mine[mine.length - 1];
  }

  function createComment(issueNumber: number, s: IssueSnapshot, body: string): Promise<GhComment> {
    return createOnce(
      "commenting",
      async () => (await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, request: { retries: 0 } })).data as GhComment,
      async () => {
        const latest = await latestStatusComment(issueNumber, s);
        return latest && windowEndIn(latest.body) === windowEndIn(body) ? latest : undefined;
      },
    );
  }

  async function create(s: IssueSnapshot, state: GardenerState, pend: (reason: string) => void): Promise<IssueOutcome> {
    const fp = s.fingerprint;
    if (createdThisRun >= options.maxNewIssues) {
      const reason = `the cap of ${options.maxNewIssues} new issues per pass is reached (GARDENER_MAX_NEW_ISSUES); this ${s.priority} waits for the next pass`;
      pend(reason);
      return { action: "deferred", fingerprint: fp, reason };
    }
    await ensureLabels(labelSpecs(s.service, s.priority));
    const issue = await createIssue(s);
    createdThisRun++;
    state.issues[fp] = { number: issue.number, priority: s.priority, state: "open", labels: labelNames(issue), lastWindowEnd: s.window.end };
    return { action: "created", fingerprint: fp, number: issue.number, title: s.title, ...(issue.html_url ? { url: issue.html_url } : {}) };
  }

  async function editStatus(s: IssueSnapshot, rec: IssueRecord, commentId: number): Promise<IssueOutcome | undefined> {
    try {
      await client.rest.issues.updateComment({ owner, repo, comment_id: commentId, body: renderComment(s, { kind: "status" }) });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      delete rec.statusCommentId; // a person deleted it: a new one is posted instead
      return undefined;
    }
    Object.assign(rec, { lastWindowEnd: s.window.end, priority: s.priority });
    return { action: "commented", fingerprint: s.fingerprint, number: rec.number, comment: "edited" };
  }

  async function update(s: IssueSnapshot, rec: IssueRecord, decided: Exclude<IssueAction, { kind: "create" } | { kind: "skip" }>): Promise<IssueOutcome> {
    const fp = s.fingerprint;
    const number = rec.number;
    let action: Extract<IssueAction, { kind: "comment" }>;
    if (decided.kind === "edit-status") {
      const edited = await editStatus(s, rec, decided.commentId);
      if (edited) return edited;
      action = { kind: "comment", reason: { kind: "status" }, relabel: false, reopen: false };
    } else action = decided;
    // Before a new comment, look for one an earlier pass posted for this window and did not record.
    const latest = await latestStatusComment(number, s);
    const latestEnd = windowEndIn(latest?.body);
    if (latest && latestEnd && Date.parse(latestEnd) >= Date.parse(s.window.end)) {
      Object.assign(rec, { statusCommentId: latest.id, lastWindowEnd: latestEnd, lastCommentAt: rec.lastCommentAt ?? latest.created_at, state: "open" as const, priority: s.priority });
      return { action: "skipped", fingerprint: fp, number, reason: `already reported up to ${latestEnd} by another pass` };
    }
    if (latest && rec.statusCommentId === undefined && rec.state !== "closed") {
      Object.assign(rec, { statusCommentId: latest.id, lastCommentAt: rec.lastCommentAt ?? latest.created_at });
      const again = nextIssueAction(rec, s, clock.now(), policy);
      if (again.kind === "edit-status") return (await editStatus(s, rec, again.commentId)) ?? update(s, rec, { kind: "comment", reason: { kind: "status" }, relabel: false, reopen: false });
      if (again.kind === "comment") action = again;
    }
    const reason = action.reason;
    if (action.relabel || action.reopen) {
      await ensureLabels(labelSpecs(s.service, s.priority));
      const labels = desiredLabels(rec.labels ?? [], s.service, s.priority);
      await client.rest.issues.update({ owner, repo, issue_number: number, labels, ...(action.reopen ? { state: "open" as const } : {}) });
      Object.assign(rec, { labels, priority: s.priority, state: "open" as const });
    }
    const comment = await createComment(number, s, renderComment(s, reason));
    Object.assign(rec, { statusCommentId: comment.id, lastCommentAt: clock.now().toISOString(), lastWindowEnd: s.window.end, priority: s.priority });
    if (reason.kind === "regressed") return { action: "reopened", fingerprint: fp, number, reason: "closed, and seen again" };
    const why =
      reason.kind === "priority" ? `priority changed from ${reason.from} to ${reason.to} (relabelled)` : reason.kind === "quiet-interval" ? `the last comment is older than the quiet interval` : "first status comment";
    return { action: "commented", fingerprint: fp, number, comment: "new", reason: why };
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
        if (!meetsThreshold(incident.priority, options.minPriority)) {
          outcomes.push({ action: "skipped", fingerprint: fp, ...(state.issues[fp] ? { number: state.issues[fp].number } : {}), reason: belowThresholdReason(incident.priority, options.minPriority) });
          continue;
        }
        work.push({ s: issueSnapshot({ service: input.service, ...(input.unit ? { unit: input.unit } : {}), ...(input.project ? { project: input.project } : {}), window: input.window, worklogLocation: input.worklogLocation, incident, samples: options.issueSamples ?? "redacted" }) });
      }
      // Actions left by earlier passes: superseded by this pass's view of the same problem, or done from their snapshot.
      const fresh = new Set(work.flatMap((w) => keysOf(w.s)));
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
      let onGithub: Map<string, GhIssue>;
      try {
        onGithub = await reconcile(state);
      } catch (err) {
        const f = classifyGithubError(err, fullRepo, "listing the log-gardener issues");
        if (f.kind === "config") throw f.error;
        for (const w of work) {
          outcomes.push({ action: "failed", fingerprint: w.s.fingerprint, reason: f.reason });
          pend(w.s, w.since, f.reason);
        }
        return outcomes;
      }
      const records = new Map(work.map((w) => [w, recordOf(state, w.s, onGithub)]));
      // Updates first (never capped), then new issues by priority, oldest pending first, then size.
      work.sort((a, b) => {
        const ea = records.get(a) ? 0 : 1;
        const eb = records.get(b) ? 0 : 1;
        return ea - eb || priorityRank(a.s.priority) - priorityRank(b.s.priority) || (a.since ?? now).localeCompare(b.since ?? now) || b.s.events - a.s.events;
      });
      let broken: string | undefined;
      for (const w of work) {
        const fp = w.s.fingerprint;
        const rec = records.get(w);
        if (broken) {
          const reason = `not attempted: ${broken}`;
          outcomes.push({ action: "failed", fingerprint: fp, ...(rec ? { number: rec.number } : {}), reason });
          pend(w.s, w.since, reason);
          continue;
        }
        const action = nextIssueAction(rec, w.s, clock.now(), policy);
        try {
          if (action.kind === "skip") outcomes.push({ action: "skipped", fingerprint: fp, ...(rec ? { number: rec.number } : {}), reason: action.reason });
          else if (action.kind === "create" || !rec) outcomes.push(await create(w.s, state, (reason) => pend(w.s, w.since, reason)));
          else outcomes.push(await update(w.s, rec, action));
        } catch (err) {
          const f = classifyGithubError(err, fullRepo, rec ? `updating issue #${rec.number}` : "filing an issue");
          if (f.kind === "config") throw f.error;
          const number = state.issues[fp]?.number;
          outcomes.push({ action: "failed", fingerprint: fp, ...(number !== undefined ? { number } : {}), reason: f.reason });
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
