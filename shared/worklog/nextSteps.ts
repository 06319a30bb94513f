import { num } from "../util/format.js";
import type { WorklogCluster, WorklogIncident, WorklogJson } from "./worklog.js";

/**
 * Next steps, stated as facts and commands, each only when the worklog's numbers support it:
 * - rollback: a failure began with a revision, and an earlier revision served requests healthily in
 *   this window or the previous one: the command that sends all traffic back to it;
 * - a missing module, a missing secret, a denied permission or a disabled API named in the log text of
 *   a failing pattern: the command that checks it.
 * Nothing is suggested on a hunch: no match, no step.
 */
export type NextStepKind = "rollback" | "missing-module" | "missing-secret" | "permission-denied" | "api-disabled";

export interface NextStep {
  kind: NextStepKind;
  /** The incident it is for. */
  incident: string;
  /** The pattern(s) whose text or numbers support it. */
  clusters: string[];
  /** What the data says, in one or two sentences. */
  fact: string;
  /** Shell commands, one per line, that check or act on it. */
  commands: string[];
}

/** A revision "served healthily" with at least this many requests... */
const MIN_HEALTHY_REQUESTS = 20;
/** ...of which fewer than this share failed with 5xx (the P1 failed-request rule's threshold). */
const MAX_HEALTHY_5XX_SHARE = 0.05;
/** Steps listed per incident and per pass: the worklog says what to do first, not everything. */
const MAX_STEPS = 8;

/** Names that go into a shell command unquoted must be plain: Cloud Run and GCP names always are. */
const PLAIN_NAME = /^[a-z0-9][a-z0-9.:-]{0,98}$/;
/** Module, secret, permission and API names from log text: only these characters reach a command. */
const SAFE_TOKEN = /^[A-Za-z0-9_.@/-]{1,200}$/;

export function nextSteps(w: WorklogJson, previous?: WorklogJson): NextStep[] {
  const out: NextStep[] = [];
  const byId = new Map(w.clusters.map((c) => [c.id, c]));
  for (const inc of w.incidents) {
    if (inc.kind === "warning" || inc.priority === "P3") continue;
    const rollback = rollbackStep(w, inc, previous);
    if (rollback) out.push(rollback);
    out.push(...environmentSteps(w, inc, byId));
    if (out.length >= MAX_STEPS) break;
  }
  return out.slice(0, MAX_STEPS);
}

function scope(w: WorklogJson): { project?: string; region?: string; service?: string } {
  return {
    ...(w.project && PLAIN_NAME.test(w.project) ? { project: w.project } : {}),
    ...(w.location && PLAIN_NAME.test(w.location) ? { region: w.location } : {}),
    ...(PLAIN_NAME.test(w.service) ? { service: w.service } : {}),
  };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pct(x: number): string {
  const p = x * 100;
  return `${p < 1 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

function rollbackStep(w: WorklogJson, inc: WorklogIncident, previous: WorklogJson | undefined): NextStep | undefined {
  const bad = inc.revision?.startedWith ? inc.revision.name : undefined;
  const s = scope(w);
  if (!bad || !PLAIN_NAME.test(bad) || !s.project || !s.region || !s.service) return undefined;
  const badSeen = w.revisions.find((r) => r.name === bad);
  const deployedAt = Date.parse(badSeen?.firstSeen ?? inc.firstSeen);
  type Candidate = { name: string; total: number; failed5xx: number; lastSeen: string; where: string };
  const candidates: Candidate[] = [];
  for (const r of w.revisions) {
    if (r.name === bad || !r.requests || Date.parse(r.firstSeen) >= deployedAt) continue;
    candidates.push({ name: r.name, ...r.requests, lastSeen: r.lastSeen, where: "in this window" });
  }
  if (previous && previous.service === w.service) {
    for (const r of previous.revisions ?? []) {
      if (r.name === bad || !r.requests || candidates.some((c) => c.name === r.name)) continue;
      candidates.push({ name: r.name, ...r.requests, lastSeen: r.lastSeen, where: `in the previous worklog's window (${previous.window.start} to ${previous.window.end})` });
    }
  }
  const healthy = candidates
    .filter((c) => PLAIN_NAME.test(c.name) && c.total >= MIN_HEALTHY_REQUESTS && c.failed5xx / c.total < MAX_HEALTHY_5XX_SHARE)
    .sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
  const good = healthy[0];
  if (!good) return undefined;
  return {
    kind: "rollback",
    incident: inc.id,
    clusters: [inc.rootCause],
    fact:
      `${capitalised(inc.revision?.reason ?? `started with revision ${bad}`)}. ` +
      `Revision ${good.name} served ${num(good.total)} requests ${good.where}, ${num(good.failed5xx)} (${pct(good.failed5xx / good.total)}) failed with 5xx. ` +
      `To send all traffic back to it:`,
    commands: [`gcloud run services update-traffic ${s.service} --to-revisions=${good.name}=100 --region=${s.region} --project=${s.project}`],
  };
}

interface Finding {
  kind: Exclude<NextStepKind, "rollback">;
  name: string;
}

const FINDERS: Array<{ kind: Finding["kind"]; re: RegExp }> = [
  // Python: ModuleNotFoundError / ImportError: No module named 'x'
  { kind: "missing-module", re: /No module named '([^']+)'/ },
  // Node: Cannot find module 'x' / Cannot find package 'x' (ERR_MODULE_NOT_FOUND)
  { kind: "missing-module", re: /Cannot find (?:module|package) '([^']+)'/ },
  // Secret Manager, or Cloud Run's own message about a secret it could not mount
  { kind: "missing-secret", re: /secrets\/([A-Za-z0-9_-]+)(?:\/versions\/[A-Za-z0-9_-]+)?\]?[^\n]{0,80}?(?:not found|NOT_FOUND|does not exist|has no versions|is in (?:DISABLED|DESTROYED) state)/ },
  { kind: "permission-denied", re: /Permission '([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,4})' denied/ },
  { kind: "permission-denied", re: /does not have ([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,4}) access/ },
  { kind: "api-disabled", re: /(?:API|api) has not been used in project [^\s]+ before or it is disabled[^\n]*?apis\/api\/([a-z0-9.-]+\.googleapis\.com)/ },
  { kind: "api-disabled", re: /SERVICE_DISABLED[^\n]*?([a-z0-9-]+\.googleapis\.com)/ },
];

function findingsOf(c: WorklogCluster): Finding[] {
  const text = [c.template, ...c.samples].join("\n");
  const out: Finding[] = [];
  for (const f of FINDERS) {
    const m = f.re.exec(text);
    const name = m?.[1];
    if (name && SAFE_TOKEN.test(name) && !name.includes("<*>") && !out.some((o) => o.kind === f.kind && o.name === name)) out.push({ kind: f.kind, name });
  }
  return out;
}

function environmentSteps(w: WorklogJson, inc: WorklogIncident, byId: Map<string, WorklogCluster>): NextStep[] {
  const s = scope(w);
  const p = s.project ?? "PROJECT";
  const r = s.region ?? "REGION";
  const svc = s.service ?? "SERVICE";
  const revision = inc.revision?.name && PLAIN_NAME.test(inc.revision.name) ? inc.revision.name : undefined;
  const seen = new Set<string>();
  const out: NextStep[] = [];
  for (const id of inc.clusters) {
    const c = byId.get(id);
    if (!c) continue;
    for (const f of findingsOf(c)) {
      const key = `${f.kind}:${f.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const times = `${num(c.count)} time${c.count === 1 ? "" : "s"}`;
      switch (f.kind) {
        case "missing-module": {
          const python = /No module named/.test([c.template, ...c.samples].join("\n"));
          const rev = revision ?? Object.keys(c.revisions)[0];
          const image = rev && PLAIN_NAME.test(rev)
            ? `IMAGE=$(gcloud run revisions describe ${rev} --region=${r} --project=${p} --format='value(spec.containers[0].image)')`
            : `IMAGE=$(gcloud run services describe ${svc} --region=${r} --project=${p} --format='value(spec.template.spec.containers[0].image)')`;
          out.push({
            kind: f.kind,
            incident: inc.id,
            clusters: [c.id],
            fact: `${c.id} says module ${f.name} cannot be found (${times}${rev ? `, revision ${rev}` : ""}). Check whether the image holds it:`,
            commands: [image, python ? `docker run --rm --entrypoint python "$IMAGE" -c 'import ${f.name}'` : `docker run --rm --entrypoint node "$IMAGE" -e 'require.resolve("${f.name}")'`],
          });
          break;
        }
        case "missing-secret":
          out.push({
            kind: f.kind,
            incident: inc.id,
            clusters: [c.id],
            fact: `${c.id} says secret ${f.name} or its version was not found (${times}). Check its versions and what the service mounts:`,
            commands: [
              `gcloud secrets versions list ${f.name} --project=${p}`,
              `gcloud run services describe ${svc} --region=${r} --project=${p} --format='yaml(spec.template.spec.containers[0].env)'`,
            ],
          });
          break;
        case "permission-denied":
          out.push({
            kind: f.kind,
            incident: inc.id,
            clusters: [c.id],
            fact: `${c.id} says permission ${f.name} was denied (${times}). Check the roles of the service's account:`,
            commands: [
              `SA=$(gcloud run services describe ${svc} --region=${r} --project=${p} --format='value(spec.template.spec.serviceAccountName)')`,
              `gcloud projects get-iam-policy ${p} --flatten='bindings[].members' --filter="bindings.members:serviceAccount:$SA" --format='value(bindings.role)'`,
            ],
          });
          break;
        case "api-disabled":
          out.push({
            kind: f.kind,
            incident: inc.id,
            clusters: [c.id],
            fact: `${c.id} says ${f.name} is not enabled in the project (${times}). Check, then enable it:`,
            commands: [`gcloud services list --enabled --project=${p} --filter='config.name=${f.name}'`, `gcloud services enable ${f.name} --project=${p}`],
          });
          break;
      }
    }
  }
  return out;
}
