import type { Severity } from "../entries/severity.js";
import { DEPRECATION_PHRASES, FAILURE_PHRASES, formatSource, LEVEL_FORMATS, levelWordsAtLeast, STACK_MARKERS } from "../events/logFormats.js";
import { filterString as quote } from "../links/patternFilter.js";
import { unitClauses } from "../links/unitClauses.js";
import { parseUnitSelector, type UnitSelector } from "../resources/unitSelector.js";
import { UserError } from "../util/userError.js";
import type { TimeWindow } from "../worklog/worklog.js";

/** Cloud Logging refuses longer filters (entries.list). */
export const MAX_FILTER_CHARS = 20_000;

/**
 * Unstructured stdout/stderr lines get no severity (DEFAULT) on Cloud Run, even `[ERROR]` or a
 * traceback, so a `severity>=ERROR` clause misses them. This is the text that severity inference
 * (shared/events/inferSeverity.ts) reads as ERROR or above, built from the same table of formats
 * (shared/events/logFormats.ts): every logger format with only its error words, and the stack and
 * crash markers. Its patterns are written so that RE2 and JavaScript read them alike.
 */
export const ERROR_LOOKING_TEXT = [...formatsAtLeast("ERROR"), ...STACK_MARKERS.map((m) => m.source)].join("|");

/** A JSON payload's message holds no logger prefix (its level is a field): only stacks and crashes are looked for there. */
export const ERROR_LOOKING_MESSAGE = STACK_MARKERS.map((m) => m.source).join("|");

/** Text that inference reads as WARNING (a logger's warning level, or words of failure) but not as an error. */
export const WARNING_LOOKING_TEXT = formatsAtLeast("WARNING").join("|");

/** Each format's pattern with only its words at or above `min` (formats with none left out). */
function formatsAtLeast(min: Severity): string[] {
  return LEVEL_FORMATS.flatMap((f) => {
    const source = formatSource(f, min);
    return source === undefined ? [] : [source];
  });
}

/**
 * A level field of a JSON payload that Cloud Run did not lift into `severity` (only `severity`
 * counts): the error words of every logger's spelling, and pino's and bunyan's numbers (50, 60).
 */
export const ERROR_LEVEL_WORD = `^(?:${levelWordsAtLeast("ERROR")}|50|60)$`;
const WARNING_LEVEL_WORD = `^(?:${levelWordsAtLeast("WARNING")}|40|50|60)$`;
/** The payload fields inference reads a level from (shared/events/inferSeverity.ts). */
export const LEVEL_FIELDS = ["level", "levelname", "lvl", "loglevel", "LogLevel", "log.level"];

/** Cloud Run log ids, %-encoded as they appear in logName. */
const REQUESTS_LOG = "run.googleapis.com%2Frequests";
const SYSTEM_LOG = "run.googleapis.com%2Fvarlog%2Fsystem";
const SYSTEM_EVENT_LOG = "cloudaudit.googleapis.com%2Fsystem_event";
const ACTIVITY_LOG = "cloudaudit.googleapis.com%2Factivity";
/** App Engine's request log (one entry per request, like Cloud Run's). */
const APP_ENGINE_REQUESTS_LOG = "appengine.googleapis.com%2Frequest_log";
/** gen1 functions' own log: each invocation ends with "Function execution took N ms, finished with status: 'crash'" at DEBUG. */
const GEN1_FUNCTION_LOG = "cloudfunctions.googleapis.com%2Fcloud-functions";

/** Entries that are errors: ERROR and above, and DEFAULT lines that look like errors. */
export const ERROR_CLAUSE =
  `(severity>=ERROR OR (severity=DEFAULT AND (` +
  `textPayload=~${quote(ERROR_LOOKING_TEXT)} OR jsonPayload.message=~${quote(ERROR_LOOKING_MESSAGE)}` +
  LEVEL_FIELDS.map((f) => ` OR jsonPayload.${f}=~${quote(ERROR_LEVEL_WORD)}`).join("") +
  `)))`;

/**
 * What a pass wants besides errors: warnings (stated, or a DEFAULT line in a logger's warning format
 * or with words of failure), every request log (request rates and 5xx), the platform's own messages
 * (exits, OOM, probes, autoscaling), deploy markers, App Engine's request log and gen1 functions'
 * execution outcomes. INFO chatter on stdout/stderr is left out: it is most of the volume and none of
 * the signal.
 */
export const REST_CLAUSE =
  `(severity>=WARNING OR (severity=DEFAULT AND (textPayload=~${quote(WARNING_LOOKING_TEXT)} OR textPayload=~${quote(FAILURE_PHRASES)} OR textPayload=~${quote(DEPRECATION_PHRASES)}` +
  ` OR jsonPayload.message=~${quote(FAILURE_PHRASES)}${LEVEL_FIELDS.map((f) => ` OR jsonPayload.${f}=~${quote(WARNING_LEVEL_WORD)}`).join("")}))` +
  ` OR logName:${quote(REQUESTS_LOG)} OR logName:${quote(SYSTEM_LOG)} OR logName:${quote(SYSTEM_EVENT_LOG)} OR logName:${quote(ACTIVITY_LOG)}` +
  ` OR logName:${quote(APP_ENGINE_REQUESTS_LOG)} OR (logName:${quote(GEN1_FUNCTION_LOG)} AND textPayload:"finished with status"))`;

export interface FilterInput {
  services: readonly string[];
  window: TimeWindow;
}

/** The two reads of a pass: errors first (all of them), then the rest; together exactly the base filter, with no entry in both. */
export interface ReadFilters {
  base: string;
  errors: string;
  rest: string;
}

/**
 * The resources of one unit (see unitClauses). A bare name may be a Cloud Run service or a function, so
 * it selects both (a gen2 function's entries are its Cloud Run service's); entries selected here that
 * turn out to be another unit are counted as such by the pass.
 */
export function resourceClause(selector: UnitSelector): string {
  const kind = selector.kinds.includes("cloud-function") ? "cloud-function" : selector.kinds[0];
  if (!kind) throw new UserError(`no Cloud Logging filter for ${selector.text}`);
  const clauses = unitClauses({ kind, name: selector.name });
  return clauses.length === 1 ? (clauses[0] as string) : `(${clauses.join(" AND ")})`;
}

/**
 * The entries.list filters for the units in [start, end). Every OR group is parenthesised because OR
 * binds tighter than AND in the Logging query language, and the window is spelt out so the client
 * does not append its own 24-hour `timestamp` clause.
 */
export function buildReadFilters(input: FilterInput): ReadFilters {
  if (!input.services.length) throw new UserError("no services to read: name at least one Cloud Run service, function, job, App Engine service or GKE workload");
  const clauses = input.services.map((text) => {
    const p = parseUnitSelector(text);
    if (!p.ok) throw new UserError(p.problem);
    return resourceClause(p.selector);
  });
  const scope = `(${clauses.join(" OR ")})` + ` AND timestamp>=${quote(input.window.start)} AND timestamp<${quote(input.window.end)}`;
  const filters = {
    base: `${scope} AND (${ERROR_CLAUSE} OR ${REST_CLAUSE})`,
    errors: `${scope} AND ${ERROR_CLAUSE}`,
    rest: `${scope} AND NOT ${ERROR_CLAUSE} AND ${REST_CLAUSE}`,
  };
  const longest = Math.max(filters.errors.length, filters.rest.length);
  if (longest > MAX_FILTER_CHARS) {
    throw new UserError(
      `the Cloud Logging filter for ${input.services.length} services is ${longest} characters, over the API's ${MAX_FILTER_CHARS}: garden fewer services per pass`,
    );
  }
  return filters;
}

