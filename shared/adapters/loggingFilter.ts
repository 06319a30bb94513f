import { runServiceNameOf } from "../resources/gardenedUnit.js";
import { parseUnitSelector, type UnitSelector } from "../resources/unitSelector.js";
import { UserError } from "../util/userError.js";
import type { TimeWindow } from "../worklog/worklog.js";

/** Cloud Logging refuses longer filters (entries.list). */
export const MAX_FILTER_CHARS = 20_000;

/**
 * Unstructured stdout/stderr lines get no severity (DEFAULT) on Cloud Run, even `[ERROR]` or a
 * traceback, so a `severity>=ERROR` clause misses them. These markers (the ones shared/events/
 * inferSeverity.ts raises to ERROR or above) catch them in the query. Written without backslashes
 * (`[(]`, `[[]`, `[|]`) so that the same text means the same thing to RE2 and to a JavaScript RegExp,
 * and needs no escaping inside the filter's string literal.
 */
export const ERROR_LOOKING_TEXT =
  "^Traceback [(]most recent call last[)]:" +
  "|^During handling of the above exception" +
  "|^The above exception was the direct cause" +
  "|^panic: " +
  "|^(Uncaught |Unhandled )?[A-Za-z_.$]*(Error|Exception)(: |$)" +
  "|[[](ERROR|CRITICAL|FATAL)]" +
  "|^(ERROR|CRITICAL|FATAL):" +
  "|[|] *(ERROR|CRITICAL) *[|]" +
  "|level=(error|fatal|critical)" +
  "|Worker failed to boot" +
  "|Worker [(]pid:[0-9]+[)] exited";

/** A `level`/`levelname` field that Cloud Run did not lift into `severity` (only `severity` counts). */
const ERROR_LEVEL_WORD = "^(error|ERROR|Error|fatal|FATAL|Fatal|critical|CRITICAL|Critical)$";

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
  `textPayload=~${quote(ERROR_LOOKING_TEXT)} OR jsonPayload.message=~${quote(ERROR_LOOKING_TEXT)}` +
  ` OR jsonPayload.level=~${quote(ERROR_LEVEL_WORD)} OR jsonPayload.levelname=~${quote(ERROR_LEVEL_WORD)})))`;

/**
 * What a pass wants besides errors: warnings, every request log (request rates and 5xx), the
 * platform's own messages (exits, OOM, probes, autoscaling), deploy markers, and gen1 functions'
 * execution outcomes. INFO chatter on stdout/stderr is left out: it is most of the volume and none of
 * the signal.
 */
export const INTEREST_CLAUSE =
  `(${ERROR_CLAUSE} OR severity>=WARNING OR logName:${quote(REQUESTS_LOG)} OR logName:${quote(SYSTEM_LOG)}` +
  ` OR logName:${quote(SYSTEM_EVENT_LOG)} OR logName:${quote(ACTIVITY_LOG)} OR logName:${quote(APP_ENGINE_REQUESTS_LOG)}` +
  ` OR (logName:${quote(GEN1_FUNCTION_LOG)} AND textPayload:"finished with status"))`;

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
 * The resources of one unit: a Cloud Run service or function (its gen2 service, named after it, and
 * its cloud_function entries, whose name may have any case and `_` for `-`), a job, an App Engine
 * service, or a GKE workload (by GKE's workload label, or its container when there is none; the legacy
 * `container` resource too). Entries selected here that turn out to be another unit are counted as
 * such by the pass.
 */
export function resourceClause(selector: UnitSelector): string {
  const [kind] = selector.kinds;
  const is = (type: string, ...terms: string[]) => `(resource.type=${quote(type)} AND ${terms.join(" AND ")})`;
  switch (kind) {
    case "cloud-run-service":
    case "cloud-function": {
      const service = runServiceNameOf(selector.name);
      const anyCase = `(?i)^${service.split("-").map(escapeRegex).join("[-_]")}$`;
      return `(${is("cloud_run_revision", `resource.labels.service_name=${quote(service)}`)} OR ${is("cloud_function", `resource.labels.function_name=~${quote(anyCase)}`)})`;
    }
    case "cloud-run-job":
      return is("cloud_run_job", `resource.labels.job_name=${quote(selector.name.toLowerCase())}`);
    case "app-engine-service":
      return is("gae_app", `resource.labels.module_id=${quote(selector.name.toLowerCase())}`);
    case "gke-workload": {
      const [ns, workload] = selector.name.toLowerCase().split("/") as [string, string];
      return (
        `(${is("k8s_container", `resource.labels.namespace_name=${quote(ns)}`, `(labels."logging.gke.io/top_level_controller_name"=${quote(workload)} OR resource.labels.container_name=${quote(workload)})`)}` +
        ` OR ${is("container", `resource.labels.namespace_id=${quote(ns)}`, `resource.labels.container_name=${quote(workload)}`)})`
      );
    }
    default:
      throw new UserError(`no Cloud Logging filter for ${selector.text}`);
  }
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
  const base =
    `(${clauses.join(" OR ")})` +
    ` AND timestamp>=${quote(input.window.start)} AND timestamp<${quote(input.window.end)}` +
    ` AND ${INTEREST_CLAUSE}`;
  const filters = { base, errors: `${base} AND ${ERROR_CLAUSE}`, rest: `${base} AND NOT ${ERROR_CLAUSE}` };
  if (filters.rest.length > MAX_FILTER_CHARS) {
    throw new UserError(
      `the Cloud Logging filter for ${input.services.length} services is ${filters.rest.length} characters, over the API's ${MAX_FILTER_CHARS}: garden fewer services per pass`,
    );
  }
  return filters;
}

/** RE2 and JavaScript agree on these escapes. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A Logging query string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
