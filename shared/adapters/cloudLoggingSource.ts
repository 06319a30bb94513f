import type { Logging } from "@google-cloud/logging";
import { parseSeverity, SEVERITIES, type Severity } from "../entries/severity.js";
import type { LogSource, ReadOutcome, ReadRequest, SourceItem, SourceRead } from "../gardener/ports.js";
import { UserError } from "../util/userError.js";
import { buildReadFilters } from "./loggingFilter.js";
import { backoffDelayMs, classifyLoggingError, DEFAULT_BACKOFF, type Backoff } from "./loggingBackoff.js";
import type { ApiContext } from "./environmentError.js";

/** entries.list's largest page: fewest calls against the 60-calls-a-minute read quota. */
export const PAGE_SIZE = 1000;

export interface CloudLoggingSourceOptions {
  logging: Logging;
  projectId: string;
  /**
   * What entries.list reads (its resourceNames): log views (projects/P/locations/L/buckets/B/views/V),
   * which need only roles/logging.viewAccessor on each view; absent or empty = the whole project
   * (roles/logging.viewer). The client adds the project only when this list is empty.
   */
  resourceNames?: readonly string[];
  /** Pages (successful entries.list calls) one read may use per service. */
  pageBudget: number;
  pageSize?: number;
  backoff?: Backoff;
  /** Injected so tests do not wait out real backoff. */
  sleep?: (ms: number) => Promise<void>;
  /** What the worklog says the source was (transport, endpoint). */
  description?: string;
  /** The project, views and endpoint, for one-line messages about the environment (credentials, permission, network). */
  api?: ApiContext;
}

type Pass = "errors" | "rest";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Cloud Run logs from Cloud Logging, read in two passes over the window, both in ascending time:
 * first every ERROR-and-above entry (and DEFAULT lines that look like errors), then the rest. The
 * two filters are complements within the same base filter, so no entry is read twice. Pages are
 * fetched one at a time (`autoPaginate: false`) and handed on entry by entry, so memory stays flat in
 * the number of entries. The page budget is shared by both passes, so when it runs out the errors
 * have been read first; the outcome then gives the exact counts read and an estimate per severity.
 */
export function cloudLoggingSource(options: CloudLoggingSourceOptions): LogSource {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? realSleep;
  const description = options.description ?? `Cloud Logging (project ${options.projectId})`;
  const resourceNames = options.resourceNames?.length ? [...options.resourceNames] : [`projects/${options.projectId}`];

  return {
    kind: "cloud-logging",
    describe: () => description,
    selection: () =>
      "the Cloud Logging filter: every ERROR-and-above entry and DEFAULT line that looks like an error first, then warnings, request logs, Cloud Run's platform log and deploy markers; INFO and plain DEFAULT lines are left out",
    read(request: ReadRequest): SourceRead {
      const window = request.window;
      if (!window) throw new UserError("reading Cloud Logging needs a window (--start/--end or --window)");
      const filters = buildReadFilters({ services: request.services, window });
      const budget = options.pageBudget * Math.max(1, request.services.length);
      const read: Record<Pass, Record<Severity, number>> = { errors: zeroCounts(), rest: zeroCounts() };
      let pages = 0;
      let lastRestMs: number | undefined;
      let outcome: ReadOutcome = { complete: false, note: "the read was not consumed to its end", reason: "failure" };

      type Fetched = { kind: "page"; entries: unknown[]; next?: string } | { kind: "failed"; note: string } | { kind: "fatal"; error: Error };

      /** One page with backoff. Resolves (never rejects) so that a page fetched ahead is never an unhandled rejection. */
      async function fetchPage(pass: Pass, filter: string, pageToken: string | undefined, pageNumber: number): Promise<Fetched> {
        for (let attempt = 1; ; attempt++) {
          try {
            const [entries, nextQuery] = await options.logging.getEntries({
              resourceNames,
              filter,
              orderBy: "timestamp asc",
              pageSize,
              ...(pageToken ? { pageToken } : {}),
              autoPaginate: false,
              // Our own backoff decides retries: gax's default would also retry UNAVAILABLE for up to 10 minutes.
              gaxOptions: { retry: null } as never,
            });
            const next = (nextQuery as { pageToken?: string } | null | undefined)?.pageToken || undefined;
            return next ? { kind: "page", entries, next } : { kind: "page", entries };
          } catch (err) {
            const kind = classifyLoggingError(err, options.api ?? { api: "Cloud Logging", service: "logging.googleapis.com", project: options.projectId, ...(options.resourceNames?.length ? { views: options.resourceNames } : {}) });
            if (kind.kind === "fatal") return { kind: "fatal", error: kind.error };
            // No network before the first page: the user's to fix, said now rather than after minutes of backoff.
            if (kind.kind === "network" && pageNumber === 1) return { kind: "fatal", error: kind.error };
            if (attempt >= backoff.maxAttempts) {
              return { kind: "failed", note: `Cloud Logging answered ${kind.code} ${attempt} times in a row on page ${pageNumber} (${pass === "errors" ? "error pass" : "second pass"})` };
            }
            await sleep(backoffDelayMs(backoff, attempt, kind.code === "RESOURCE_EXHAUSTED"));
          }
        }
      }

      /**
       * One pass, page by page. The next page is requested while this one is handed on (at most two
       * pages in memory), which keeps the client busy while the pass clusters.
       */
      async function* pass(pass: Pass, filter: string): AsyncGenerator<SourceItem[], "done" | "budget" | { failed: string }> {
        let pending: Promise<Fetched> | undefined = pages < budget ? fetchPage(pass, filter, undefined, pages + 1) : undefined;
        for (;;) {
          if (!pending) return "budget";
          const got = await pending;
          if (got.kind === "fatal") throw got.error;
          if (got.kind === "failed") return { failed: got.note };
          pages++;
          pending = got.next && pages < budget ? fetchPage(pass, filter, got.next, pages + 1) : undefined;
          const page: SourceItem[] = [];
          for (const entry of got.entries) {
            const meta = (entry as { metadata?: { severity?: unknown; timestamp?: unknown } }).metadata ?? {};
            read[pass][parseSeverity(meta.severity) ?? "DEFAULT"]++;
            if (pass === "rest" && meta.timestamp instanceof Date) lastRestMs = meta.timestamp.getTime();
            page.push({ kind: "value", value: entry });
          }
          if (page.length) yield page;
          if (!got.next) return "done";
        }
      }

      async function* batches(): AsyncGenerator<SourceItem[]> {
        const first = yield* pass("errors", filters.errors);
        if (first !== "done") {
          outcome = cutShort(first, "errors");
          return;
        }
        const second = yield* pass("rest", filters.rest);
        outcome = second === "done" ? { complete: true } : cutShort(second, "rest");
      }

      function cutShort(why: "budget" | { failed: string }, during: Pass): ReadOutcome {
        const errorsRead = total(read.errors);
        const restRead = total(read.rest);
        const counts = `read ${errorsRead + restRead} entries in ${pages} pages (${errorsRead} in the error pass: ${describeCounts(read.errors)}; ${restRead} after: ${describeCounts(read.rest)})`;
        if (typeof why === "object") {
          return { complete: false, reason: "failure", note: `${why.failed}; ${counts}; the next pass reads this window again` };
        }
        const budgetText = `the page budget (${budget} pages of ${pageSize}) ran out`;
        if (during === "errors") {
          return {
            complete: false,
            reason: "budget",
            note: `${budgetText} while reading ERROR-and-above entries: ${counts}; lower severities were not read and errors after the last one read are missing`,
            estimatedBySeverity: { ...nonZero(read.errors) },
          };
        }
        const startMs = Date.parse(window!.start);
        const spanMs = Date.parse(window!.end) - startMs;
        const covered = lastRestMs === undefined ? 0 : Math.min(1, Math.max(1 / spanMs, (lastRestMs - startMs + 1) / spanMs));
        const estimated: Record<string, number> = {};
        for (const s of SEVERITIES) {
          const n = read.errors[s] + (covered > 0 ? Math.round(read.rest[s] / covered) : read.rest[s]);
          if (n) estimated[s] = n;
        }
        return {
          complete: false,
          reason: "budget",
          note:
            `${budgetText}: every ERROR-and-above entry was read; entries below ERROR were read up to ${lastRestMs === undefined ? "the window start" : new Date(lastRestMs).toISOString()}` +
            ` (${(covered * 100).toFixed(1)}% of the window); ${counts}; estimated in the whole window: ${describeCounts(estimated)}`,
          estimatedBySeverity: estimated,
        };
      }

      return { batches: batches(), outcome: () => outcome };
    },
  };
}

function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function total(c: Record<string, number>): number {
  return Object.values(c).reduce((a, b) => a + b, 0);
}

function nonZero(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
}

function describeCounts(c: Record<string, number>): string {
  const parts = [...SEVERITIES].reverse().filter((s) => (c[s] ?? 0) > 0).map((s) => `${c[s]} ${s}`);
  return parts.length ? parts.join(", ") : "none";
}
