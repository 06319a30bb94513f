import type { Incident } from "../analysis/analyze.js";
import { priorityRank } from "../analysis/priority.js";
import type { Cluster } from "../clustering/cluster.js";
import type { SkipReason } from "../entries/entry.js";
import { severityRank, type Severity } from "../entries/severity.js";
import type { ServiceTally } from "../gardener/serviceTally.js";
import type { ReadOutcome } from "../gardener/ports.js";
import type { IssueOutcome } from "../issues/issueOutcome.js";
import { isoMs } from "../util/format.js";
import type { TimeWindow, WorklogCluster, WorklogIncident, WorklogJson } from "./worklog.js";

export interface WorklogInput {
  tally: ServiceTally;
  clusters: Cluster[];
  incidents: Incident[];
  issues: IssueOutcome[];
  window: TimeWindow;
  source: { kind: "file" | "cloud-logging"; description: string; outcome: ReadOutcome };
  skipped: Partial<Record<SkipReason, number>>;
  drops: WorklogJson["totals"]["clusteringDrops"];
  generatedAt: string;
  version: string;
  previous?: WorklogJson["previous"];
}

/** Clusters ordered the way a reader triages: worst severity first, then most frequent. */
export function orderClusters(clusters: Cluster[]): Cluster[] {
  return [...clusters].sort((a, b) => worst(b) - worst(a) || b.count - a.count || a.fingerprint.localeCompare(b.fingerprint));
}

function worst(c: Cluster): number {
  let w = 0;
  for (const s of Object.keys(c.bySeverity)) w = Math.max(w, severityRank(s as Severity));
  return w;
}

export function buildWorklog(input: WorklogInput): WorklogJson {
  const ordered = orderClusters(input.clusters);
  const ids = new Map<Cluster, string>(ordered.map((c, i) => [c, `C${i + 1}`]));
  const clusters: WorklogCluster[] = ordered.map((c) => toWorklogCluster(c, ids.get(c) as string));
  const incidents: WorklogIncident[] = [...input.incidents]
    .sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || b.rootCause.count - a.rootCause.count)
    .map((inc, i) => ({
      id: `I${i + 1}`,
      title: inc.title,
      priority: inc.priority,
      priorityReasons: inc.priorityReasons,
      rootCause: ids.get(inc.rootCause) as string,
      fingerprint: inc.rootCause.fingerprint,
      clusters: inc.clusters.map((c) => ids.get(c) as string),
      evidence: inc.evidence,
      count: inc.clusters.reduce((n, c) => n + c.count, 0),
      firstSeen: isoMs(Math.min(...inc.clusters.map((c) => c.firstMs))),
      lastSeen: isoMs(Math.max(...inc.clusters.map((c) => c.lastMs))),
    }));
  const t = input.tally;
  const out: WorklogJson = {
    schemaVersion: 1,
    generator: { name: "log-gardener", version: input.version },
    generatedAt: input.generatedAt,
    service: t.service,
    window: input.window,
    source: {
      kind: input.source.kind,
      description: input.source.description,
      complete: input.source.outcome.complete,
      ...(input.source.outcome.complete ? {} : { note: input.source.outcome.note }),
    },
    totals: {
      entries: t.entries,
      bySeverity: t.bySeverity,
      inferredBySeverity: t.inferredBySeverity,
      events: t.events,
      truncated: !input.source.outcome.complete,
      skipped: input.skipped,
      clusteringDrops: input.drops,
    },
    revisions: [...t.revisions.entries()]
      .sort((a, b) => a[1].firstMs - b[1].firstMs)
      .map(([name, r]) => ({ name, entries: r.entries, firstSeen: isoMs(r.firstMs), lastSeen: isoMs(r.lastMs) })),
    clusters,
    incidents,
    issues: input.issues,
  };
  if (t.project) out.project = t.project;
  if (t.location) out.location = t.location;
  if (input.previous) out.previous = input.previous;
  return out;
}

function toWorklogCluster(c: Cluster, id: string): WorklogCluster {
  const out: WorklogCluster = {
    id,
    fingerprint: c.fingerprint,
    aliases: c.aliases,
    kind: c.kind,
    template: c.template,
    count: c.count,
    bySeverity: c.bySeverity,
    inferredSeverity: c.inferredSeverity,
    firstSeen: isoMs(c.firstMs),
    lastSeen: isoMs(c.lastMs),
    samples: c.samples,
    instances: c.instances.size,
    revisions: Object.fromEntries(c.revisions),
    timeline: [...c.perMinute.entries()].sort((a, b) => a[0] - b[0]).map(([m, n]) => [isoMs(m), n]),
  };
  if (c.exceptionType) out.exceptionType = c.exceptionType;
  if (c.meaning) out.meaning = c.meaning;
  return out;
}
