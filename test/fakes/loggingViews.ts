import type { RestEntry } from "./loggingServer.js";

/**
 * Log buckets and views for the Logging fake. Cloud Logging routes Admin Activity, System Event and
 * Access Transparency audit logs to a project's _Required bucket and everything else to _Default; a
 * view is a filter over one bucket, in the restricted language of LogView.filter: a conjunction (AND)
 * of SOURCE("projects/P"), resource.type = "T" and LOG_ID("L"), each possibly negated with NOT. Every
 * bucket also has the view _AllLogs. Reading a view name in entries.list returns the bucket's entries
 * the view's filter keeps (and then the request's own filter applies).
 */

const REQUIRED_LOG_IDS = new Set(["cloudaudit.googleapis.com/activity", "cloudaudit.googleapis.com/system_event", "cloudaudit.googleapis.com/access_transparency"]);

const VIEW_NAME = /^(projects\/[^/]+)\/locations\/[^/]+\/buckets\/([^/]+)\/views\/([^/]+)$/;

/** The project and log id of an entry's logName (projects/P/logs/URL-ENCODED-ID). */
function logNameParts(e: RestEntry): { project: string; logId: string } | undefined {
  const m = /^(projects\/[^/]+)\/logs\/(.+)$/.exec(String(e.logName ?? ""));
  return m ? { project: m[1] as string, logId: decodeURIComponent(m[2] as string) } : undefined;
}

export function bucketOf(e: RestEntry): "_Required" | "_Default" {
  return REQUIRED_LOG_IDS.has(logNameParts(e)?.logId ?? "") ? "_Required" : "_Default";
}

type Term = { negated: boolean; test: (e: RestEntry) => boolean };

/** Parses a LogView.filter; throws on anything the API would refuse (OR, other fields, operators). */
export function parseViewFilter(filter: string): (e: RestEntry) => boolean {
  const terms: Term[] = [];
  for (const raw of filter.split(/\s+AND\s+/)) {
    const part = raw.trim();
    const negated = /^NOT\s+/.test(part);
    const body = part.replace(/^NOT\s+/, "");
    let m: RegExpExecArray | null;
    if ((m = /^SOURCE\("([^"]+)"\)$/.exec(body))) {
      const source = m[1] as string;
      terms.push({ negated, test: (e) => logNameParts(e)?.project === source });
    } else if ((m = /^resource\.type\s*=\s*"([^"]+)"$/.exec(body))) {
      const type = m[1] as string;
      terms.push({ negated, test: (e) => (e.resource as { type?: string } | undefined)?.type === type });
    } else if ((m = /^LOG_ID\("([^"]+)"\)$/.exec(body))) {
      const id = m[1] as string;
      terms.push({ negated, test: (e) => logNameParts(e)?.logId === id });
    } else {
      throw new Error(`a log view filter may only AND SOURCE(), resource.type = and LOG_ID(), each optionally negated: ${JSON.stringify(part)}`);
    }
  }
  return (e) => terms.every((t) => t.test(e) !== t.negated);
}

/**
 * Which entries a resource name of entries.list reads: a project (projects/P: every entry logged by P)
 * or a view (its bucket's entries of the view's project, filtered). Undefined = no such view.
 */
export function resourceSelector(name: string, views: Record<string, string>): ((e: RestEntry) => boolean) | undefined {
  if (/^projects\/[^/]+$/.test(name)) return (e) => String(e.logName ?? "").startsWith(`${name}/logs/`);
  const m = VIEW_NAME.exec(name);
  if (!m) return undefined;
  const [, project, bucket, view] = m as unknown as [string, string, string, string];
  const inBucket = (e: RestEntry) => logNameParts(e)?.project === project && bucketOf(e) === bucket;
  if (view === "_AllLogs") return inBucket;
  const filter = views[name];
  if (filter === undefined) return undefined;
  const keep = parseViewFilter(filter);
  return (e) => inBucket(e) && keep(e);
}
