import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import type { WorklogCluster, WorklogJson } from "../../shared/worklog/worklog.js";
import { describeWithSharedData, REALWORLD } from "../realdata/sharedData.js";
import { runPass } from "./runPass.js";

/**
 * The incidents an on-call engineer reads in each real export (../shared/data/realworld/README.md),
 * one test per finding of issue 11. The files are read by path, as they are.
 */
const pass = async (file: string) => runPass(join(REALWORLD, file), await mkdtemp(join(tmpdir(), "lg-realworld-")));
const clusterOf = (w: WorklogJson, id: string) => w.clusters.find((c) => c.id === id) as WorklogCluster;
const byTemplate = (w: WorklogJson, re: RegExp) => w.clusters.filter((c) => re.test(c.template) || re.test(c.samples[0] ?? ""));

describeWithSharedData("incidents of the real exports", () => {
  it("toxic: the failed deploy is one incident, rooted in the missing entrypoint, with the audit trail as its symptoms; shutdowns and the favicon are normal", async () => {
    const { json: w, markdown } = await pass("toxic-cloud_run_logs.json");
    expect(w.incidents).toHaveLength(1);
    const inc = w.incidents[0] as WorklogJson["incidents"][number];
    expect(inc.priority).toBe("P2");
    expect(inc.title).toBe("Application failed to start: failed to load /docker-entrypoint.sh: no such file or directory");
    expect(inc.title).not.toContain("<*>");
    const root = clusterOf(w, inc.rootCause);
    expect(root.kind).toBe("platform");
    // Ready=False for the revision and for the service, the failed start-up probe and the exec failure: symptoms.
    const symptoms = inc.clusters.filter((id) => id !== inc.rootCause).map((id) => clusterOf(w, id));
    expect(symptoms.map((c) => c.template).sort()).toEqual([
      "Application exec likely failed",
      "Revision not Ready: The user-provided container failed to start and listen on the port defined provided by the PORT=<*> environment variable within the allocated timeout.",
      "STARTUP TCP probe failed <*> time consecutively for container <*> on port <*>.",
      "Service not Ready: The user-provided container failed to start and listen on the port defined provided by the PORT=<*> environment variable within the allocated timeout.",
    ]);
    expect(inc.facts).toMatchObject({ errors: 1, failedStarts: 1, deployFailures: 2, workerDeaths: 0, containerExits: 0 });
    // Graceful gunicorn shutdowns on SIGTERM and the favicon 404 (and Django's line for it) are no incident.
    for (const c of byTemplate(w, /Shutting down: Master|Handling signal: term|Not Found: /)) expect(w.incidents.some((i) => i.clusters.includes(c.id))).toBe(false);
    expect(w.requests?.clientErrorEchoes?.map((e) => clusterOf(w, e.cluster).samples[0])).toEqual(["WARNING 2026-02-23 08:55:50,183 log Not Found: /favicon.ico"]);
    expect(markdown).toContain("Probes (not incidents): browsers and crawlers asked for `/favicon.ico` 1.");
    // Django's cache-key notice is a warning about the code, not an incident.
    expect(w.codeWarnings?.map((x) => clusterOf(w, x.cluster).template)).toEqual([expect.stringMatching(/CacheKeyWarning: Cache key contains characters/)]);
  });

  it("donecast: the rate limiter's exception raised in the middleware is one incident, its per-route 500s paired with it by instance and time", async () => {
    const { json: w, markdown } = await pass("donecast-cloud_run_logs.utf16.json");
    expect(w.incidents).toHaveLength(1);
    const inc = w.incidents[0] as WorklogJson["incidents"][number];
    expect(inc.title).toBe("fastapi.exceptions.HTTPException: 429: Rate limit exceeded. Try again in 60 seconds.");
    expect(clusterOf(w, inc.rootCause).kind).toBe("exception");
    const routes = inc.clusters.filter((id) => id !== inc.rootCause).map((id) => clusterOf(w, id).template).sort();
    expect(routes).toEqual(["GET /api/media/main-content 5xx", "GET /api/notifications/ 5xx", "OPTIONS /api/notifications/ 5xx", "OPTIONS /api/podcasts/ 5xx", "OPTIONS /api/users/me 5xx"]);
    for (const s of inc.symptoms ?? []) expect(s.why.join(" ")).toMatch(/came with C\d+ on the same instance, within 50 ms of the answer/);
    // 8 tracebacks and 8 requests are 8 failures: counted once each, never added up.
    expect(inc.facts).toMatchObject({ errors: 8, failedRequests: 8 });
    // The export holds only WARNING and above: no failure rate, so neither the outage nor the failed-requests rule.
    expect(inc.priority).toBe("P2");
    expect(w.totals.unmeasurable).toMatch(/only WARNING and above/);
    expect(markdown).toContain("8 user requests failed with 5xx; no failure rate: the input holds only WARNING and above");
    expect(markdown).not.toMatch(/\d+% of user requests/);
  });

  it("cerberus: gunicorn's start, a Flask URL map printed over 22 lines (one event) and a graceful shutdown: nothing is wrong", async () => {
    const { json: w } = await pass("cerberus-error.concat.json");
    expect(w.incidents).toEqual([]);
    const map = byTemplate(w, /^Map\(\[<Rule/);
    expect(map).toHaveLength(1);
    expect(map[0]?.count).toBe(1);
    // Every line of the map is in its one event: the 22 entries holding a `<Rule …>`.
    expect(map[0]?.samples[0]?.split("\n")).toHaveLength(22);
    expect(map[0]?.samples[0]?.split("\n").every((l) => l.includes("<Rule"))).toBe(true);
    expect(w.totals.stitching?.byKind["object-dump"]).toBe(1);
    expect(w.clusters.length).toBeLessThan(10);
  });

  it("donecast-api: a polled admin page and Sentry's INFO line about a missing release: no incident, never an error", async () => {
    const { json: w } = await pass("donecast-api_logs.utf16.json");
    expect(w.incidents).toEqual([]);
    expect(w.totals.inferredBySeverity).toEqual({ INFO: 10 });
  });

  it("antidotum: 304s are counted as 3xx, content-hashed asset names keep one route across deploys, the SDK's deprecation is one line", async () => {
    const front = await pass("antidotum-cloud_run_logs.utf16.json");
    expect(front.json.incidents).toEqual([]);
    expect(front.json.requests?.byClass["3xx"]).toBe(front.json.requests?.routes.reduce((n, r) => n + (r.byClass["3xx"]?.count ?? 0), 0));
    expect(front.json.requests?.byClass["3xx"]).toBeGreaterThan(15);
    expect(front.markdown).toMatch(/Answers: \d+ 2xx, \d+ 3xx, 0 4xx, 0 5xx\./);

    const back = await pass("antidotum-backend-logs.utf16.json");
    expect(back.json.incidents).toEqual([]);
    // Two deploys served two bundles (index-d72a98e1….js, index-af2be619….js): one route.
    const bundles = back.json.requests?.routes.filter((r) => r.route.startsWith("/_expo/static/js/web/")) ?? [];
    expect(bundles.map((r) => [r.route, r.count])).toEqual([["/_expo/static/js/web/index-<*>.js", 3]]);
    expect(back.json.codeWarnings).toHaveLength(1);
    expect(clusterOf(back.json, back.json.codeWarnings?.[0]?.cluster ?? "").template).toMatch(/deprecated/);

    const other = await pass("antidotum-backend_logs.utf16.json");
    expect(other.json.incidents).toEqual([]);
    expect(other.json.requests?.byClass["2xx"]).toBeGreaterThan(0);
  });

  it("vidafarma: a successful deploy is no incident", async () => {
    const { json: w } = await pass("vidafarma-cloud_run_logs.json");
    expect(w.incidents).toEqual([]);
  });
});

/**
 * Issue 11's findings held against every real file at once: as many filed incidents (P0–P2, one GitHub
 * issue each) as the README names failures, no title with `<*>`, no audit Ready=False or platform exit as
 * a root beside an application cause, and lifecycle (boot, graceful shutdown, Ready=True, probes of
 * favicon/robots) never inside an incident nor counted as a worker death.
 */
const FAILURES_AN_ENGINEER_READS: ReadonlyArray<readonly [string, number]> = [
  ["toxic-cloud_run_logs.json", 1],
  ["vidafarma-cloud_run_logs.json", 0],
  ["donecast-cloud_run_logs.utf16.json", 1],
  ["donecast-api_logs.utf16.json", 0],
  ["antidotum-cloud_run_logs.utf16.json", 0],
  ["antidotum-backend-logs.utf16.json", 0],
  ["antidotum-backend_logs.utf16.json", 0],
  ["cerberus-error.concat.json", 0],
];
/** Lines of normal life in the servers and platform these files come from (gunicorn, Cloud Run, browsers). */
const LIFECYCLE = /Handling signal: term|Shutting down: Master|Worker exiting|Starting gunicorn|Booting worker|Listening at:|Starting new instance|status changed to True|favicon\.ico|robots\.txt/;
const AUDIT_OR_EXIT = /not Ready|Ready condition|Container called exit|TCP probe failed/;

describeWithSharedData("issue 11's findings on every real file", () => {
  it.each(FAILURES_AN_ENGINEER_READS)("%s: %i filed incident(s), named by their cause; lifecycle is no problem", async (file, failures) => {
    const { json: w, markdown } = await pass(file);
    const filed = w.incidents.filter((i) => i.priority !== "P3");
    expect(filed).toHaveLength(failures);
    for (const inc of w.incidents) {
      expect(inc.title).not.toContain("<*>");
      const root = clusterOf(w, inc.rootCause);
      expect([inc.title, AUDIT_OR_EXIT.test(root.template)]).toEqual([inc.title, false]);
      for (const id of inc.clusters) {
        const c = clusterOf(w, id);
        expect([inc.title, c.template, LIFECYCLE.test(`${c.template}\n${c.samples.join("\n")}`)]).toEqual([inc.title, c.template, false]);
      }
    }
    expect(markdown).not.toMatch(/worker deaths?/);
  });

  it("antidotum-backend-logs (the file of the `6 requests, 0/0/0` finding): 304s counted in a 3xx column, table and summary agree", async () => {
    const { json: w, markdown } = await pass("antidotum-backend-logs.utf16.json");
    const byClass: Partial<Record<"2xx" | "3xx", number>> = w.requests?.byClass ?? {};
    expect(byClass["3xx"]).toBeGreaterThan(0);
    expect(markdown).toContain("| route | traffic | requests | 2xx | 3xx | 4xx | 5xx |");
    expect(markdown).toContain(`Answers: ${byClass["2xx"] ?? 0} 2xx, ${byClass["3xx"]} 3xx, 0 4xx, 0 5xx.`);
    const routes = w.requests?.routes ?? [];
    expect(routes.reduce((n, r) => n + (r.byClass["3xx"]?.count ?? 0), 0)).toBe(byClass["3xx"]);
  });
});
