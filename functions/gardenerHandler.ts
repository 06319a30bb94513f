import type { HttpFunction, Request, Response } from "@google-cloud/functions-framework";
import type { Config } from "../shared/config/loadConfig.js";
import { parseRfc3339, validateWindow } from "../shared/config/validateWindow.js";
import type { WindowPlan } from "../shared/gardener/planWindow.js";
import { discoveryWindow } from "../shared/gardener/discoveryWindow.js";
import { flatten, gardenProjects } from "../shared/gardener/gardenProjects.js";
import type { GardenerDeps } from "../shared/gardener/runGardener.js";
import { withTrace, type Logger } from "../shared/logging/createLogger.js";
import { isUserError } from "../shared/util/userError.js";
import { VERSION } from "../shared/util/version.js";

/** What a caller may ask of one pass (all optional: Cloud Scheduler sends nothing). */
export interface PassRequest {
  window?: { start: string; end: string };
  dryRun?: boolean;
}

export type ParsedBody = { ok: true; request: PassRequest } | { ok: false; error: string };

/** Validates the optional JSON body; every problem in one line. */
export function parsePassRequest(body: unknown, now: Date = new Date()): ParsedBody {
  if (body === undefined || body === null || body === "" || (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0)) {
    return { ok: true, request: {} };
  }
  if (typeof body !== "object" || Array.isArray(body)) return { ok: false, error: 'the body must be a JSON object such as {"window": {"start": "...", "end": "..."}, "dryRun": true}' };
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const request: PassRequest = {};
  for (const key of Object.keys(b)) if (key !== "window" && key !== "dryRun") problems.push(`unknown field ${JSON.stringify(key)} (allowed: window, dryRun)`);
  if (b.dryRun !== undefined) {
    if (typeof b.dryRun !== "boolean") problems.push("dryRun must be true or false");
    else request.dryRun = b.dryRun;
  }
  if (b.window !== undefined) {
    const w = b.window as Record<string, unknown> | null;
    const start = typeof w?.start === "string" ? parseRfc3339(w.start) : undefined;
    const end = typeof w?.end === "string" ? parseRfc3339(w.end) : undefined;
    if (start === undefined || end === undefined) problems.push("window must be {start, end} in RFC 3339, e.g. 2025-09-16T01:00:00Z");
    else {
      const checked = validateWindow(start, end, now, { start: "window.start", end: "window.end" });
      if (checked.ok) request.window = checked.value;
      else problems.push(checked.problem);
    }
  }
  return problems.length ? { ok: false, error: problems.join("; ") } : { ok: true, request };
}

/** The one method that starts a pass: what Cloud Scheduler sends (terraform/scheduler.tf). */
export const PASS_METHOD = "POST";

/**
 * Answers 405 to anything but POST, so a GET from a browser, a crawler or a health probe never starts a
 * pass (nor logs a failed one, which would page someone). True when the request may go on.
 */
function onlyPost(req: Request, res: Response, logger: Logger): boolean {
  if (req.method === PASS_METHOD) return true;
  logger.warn({ method: req.method }, `rejected a ${req.method} request: only ${PASS_METHOD} starts a pass`);
  res.set("Allow", PASS_METHOD).status(405).json({ ok: false, error: `method ${req.method} not allowed: only ${PASS_METHOD} starts a pass` });
  return false;
}

/**
 * The HTTP function: one gardening pass per POST over every configured service, answered with a JSON
 * summary. Config is validated once at start by the caller; `makeDeps` builds the adapters per pass
 * (clients may be reused across warm starts; per-run state never is).
 */
export function createGardenerHandler(options: {
  config: Config;
  /** The adapters of one project's pass (each project of GARDENER_PROJECT_IDS gets its own). */
  makeDeps: (config: Config, dryRun: boolean, projectId?: string) => GardenerDeps | Promise<GardenerDeps>;
  logger: Logger;
  /** The time a request body's window is checked against (tests pass their clock). */
  now?: () => Date;
}): HttpFunction {
  const { config, logger } = options;
  return async (req, res) => {
    const log = withTrace(logger, config.projectId, req.get("x-cloud-trace-context") ?? undefined);
    if (!onlyPost(req, res, log)) return;
    const parsed = parsePassRequest(req.body, (options.now ?? (() => new Date()))());
    if (!parsed.ok) {
      log.warn({ error: parsed.error }, "rejected a pass request");
      res.status(400).json({ ok: false, error: parsed.error });
      return;
    }
    const dryRun = parsed.request.dryRun ?? config.dryRun;
    const window: WindowPlan = parsed.request.window
      ? { kind: "fixed", window: parsed.request.window }
      : { kind: "watermark", lengthMs: config.windowMs, lagMs: config.ingestionLagMs, maxCatchUpMs: config.maxCatchUpMs };
    const started = Date.now();
    const now = (options.now ?? (() => new Date()))();
    const projects = config.projects.length ? config.projects : [{ projectId: config.projectId ?? "", services: config.services }];
    const outcomes = await gardenProjects(
      projects,
      async (projectId) => ({ ...(await options.makeDeps(config, dryRun, projectId)), progress: (message: string) => log.debug(message) }),
      { window, dryRun, version: VERSION },
      discoveryWindow(window, now),
    );
    const failed = outcomes.filter((o) => o.kind === "failed");
    const { services, skipped } = flatten(outcomes);
    const seconds = (Date.now() - started) / 1000;
    if (!config.multiProject) {
      // One project: the pass failed or it did not, as before several projects existed.
      const f = failed[0];
      if (f) {
        const message = f.userError ? f.error : "internal error";
        log.error({ err: f.cause, error: message }, `gardening pass failed: ${f.error}`);
        // The caller gets the user-facing reason; an internal error's details stay in the function's logs.
        res.status(f.userError ? 422 : 500).json({ ok: false, error: f.userError ? message : "internal error: see the function's logs" });
        return;
      }
      const summary = { ok: true, version: VERSION, dryRun, seconds, services, skipped };
      log.info({ summary }, "gardening pass finished");
      res.status(200).json(summary);
      return;
    }
    // Several projects: each project's failure is its own; the others were gardened and are reported.
    for (const f of failed) {
      if (f.kind === "failed") log.error({ err: f.cause, project: f.project, error: f.userError ? f.error : "internal error" }, `gardening pass failed for project ${f.project}: ${f.error}`);
    }
    const perProject = outcomes.map((o) =>
      o.kind === "gardened"
        ? { project: o.project, ok: true, services: o.services, skipped: o.skipped, ...(o.discovered ? { discovered: o.discovered } : {}) }
        : { project: o.project, ok: false, error: o.userError ? o.error : "internal error: see the function's logs" },
    );
    const summary = { ok: !failed.length, version: VERSION, dryRun, seconds, projects: perProject, services, skipped };
    if (!failed.length) log.info({ summary }, "gardening pass finished");
    res.status(failed.length ? (failed.every((f) => f.kind === "failed" && f.userError) ? 422 : 500) : 200).json(summary);
  };
}

/** Answers every call with the configuration problems found at start, so the failure shows where people look. */
export function misconfiguredHandler(problem: string, logger: Logger): HttpFunction {
  return (req, res) => {
    if (!onlyPost(req, res, logger)) return;
    logger.error({ error: problem }, `gardening pass failed: configuration invalid: ${problem}`);
    res.status(500).json({ ok: false, error: `configuration invalid: ${problem}` });
  };
}
