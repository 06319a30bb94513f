import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import type { WorklogCluster, WorklogJson } from "../../shared/worklog/worklog.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";
import { runPass } from "./runPass.js";

const byTemplate = (w: WorklogJson, re: RegExp): WorklogCluster[] => w.clusters.filter((c) => re.test(c.template) || re.test(c.meaning ?? ""));

/** The export with every timestamp moved by `ms`, optionally filtered: "the next hour" of the same service. */
async function shifted(dir: string, name: string, ms: number, keep: (e: Record<string, unknown>) => boolean = () => true): Promise<string> {
  const raw = JSON.parse(await readFile(CRASHLOOP_1000, "utf8")) as Array<Record<string, unknown>>;
  const moved = raw.filter(keep).map((e) => ({ ...e, timestamp: new Date(Date.parse(e.timestamp as string) + ms).toISOString() }));
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(moved));
  return path;
}

describeWithSharedData("incidents on the real crash-loop export", () => {
  it("finds one P0 rooted in the ModuleNotFoundError, with exits, worker-boot failures and 503s as symptoms, and the two warnings apart", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-incidents-"));
    const { json: w, markdown } = await runPass(CRASHLOOP_1000, out);

    expect(w.totals.bySeverity).toMatchObject({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    // Of the 175 entries without a severity, the text of 161 states one (gunicorn levels, traceback chain lines).
    expect(w.totals.inferredBySeverity).toEqual({ ERROR: 90, INFO: 71 });
    // One event per restart cycle for the chained traceback, the gunicorn boot and the gunicorn exit.
    expect(w.totals.stitching).toEqual({ stitchedEvents: 44, stitchedEntries: 206, byKind: { "python-traceback": 15, "gunicorn-exit": 15, "gunicorn-boot": 14 }, forcedFlushes: 0 });
    expect(w.totals.events).toBe(1000 - 206 + 44);
    const p0 = w.incidents.filter((i) => i.priority === "P0");
    expect(p0).toHaveLength(1);
    const inc = p0[0] as WorklogJson["incidents"][number];

    // Root cause: the traceback chain whose original exception is the ModuleNotFoundError at import.
    const root = w.clusters.find((c) => c.id === inc.rootCause) as WorklogCluster;
    expect(root.kind).toBe("exception");
    expect(inc.rootCauseException).toEqual({ type: "ModuleNotFoundError", message: "No module named 'netra_backend.app.services.monitoring'" });
    expect(root.samples[0]).toMatch(/^[^\n]*Exception in worker process\nTraceback[\s\S]*ModuleNotFoundError[\s\S]*During handling of the above exception/);
    expect(inc.title).toBe("ModuleNotFoundError: No module named 'netra_backend.app.services.monitoring'");

    // Symptoms: exits, worker-boot failures, every 503 request pattern, the middleware-setup errors.
    const symptomIds = new Set(inc.clusters.filter((id) => id !== inc.rootCause));
    const exits = byTemplate(w, /Container called exit/);
    const workerBoot = byTemplate(w, /Worker \(pid:.*exited with code/);
    const failed503 = w.clusters.filter((c) => c.kind === "request" && /5xx|503/.test(c.template));
    const middleware = byTemplate(w, /Enhanced middleware setup failed/);
    for (const group of [exits, workerBoot, failed503, middleware]) {
      expect(group.length).toBeGreaterThan(0);
      for (const c of group) expect(symptomIds).toContain(c.id);
    }
    expect(failed503.reduce((n, c) => n + c.count, 0)).toBe(11);
    for (const s of inc.symptoms ?? []) expect(s.why.join(" ")).toMatch(/quotes the error|same instances|same platform error|failed at the platform|share \d+ request trace/);

    // Priority by rule, with the numbers.
    expect(inc.priorityReasons).toContain(
      "P0 (outage rule: ≥ 50% of user requests failed, at least 5): 100% of user requests (7 of 7) failed with 5xx while it lasted; 4 failed health-check requests not counted",
    );
    expect(inc.priorityReasons.some((r) => /^P0 \(crash-loop rule: ≥ 5 container exits or failed starts\): 9 container exits in 2 min 4 s on 15 instances$/.test(r))).toBe(true);

    // The warnings are separate low-priority items, not symptoms.
    for (const re of [/Sentry SDK not available/, /SERVICE_ID contained whitespace/]) {
      const c = byTemplate(w, re)[0] as WorklogCluster;
      expect(symptomIds.has(c.id)).toBe(false);
      const item = w.incidents.filter((i) => i.rootCause === c.id);
      expect(item).toHaveLength(1);
      expect(item[0]?.priority).toBe("P3");
      expect(item[0]?.clusters).toEqual([c.id]);
    }
    expect(w.incidents).toHaveLength(3);

    // Requests: per route, health checks apart; the Markdown says the same.
    expect(w.requests?.user).toEqual({ total: 7, byClass: { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 7 } });
    expect(w.requests?.routes.find((r) => r.route === "/health")).toMatchObject({ traffic: "health-check", count: 3, errorRatio5xx: 1 });
    expect(markdown).toContain("### I1 [P0] ModuleNotFoundError: No module named");
    expect(markdown).toContain("| `GET /health` | health-check | 3 | 0 | 0 | 0 | 3 | 100% |");
    expect(markdown).toContain("11 requests (7 from users, 4 health checks or the gardener's own); 100% of user requests (7) failed with 5xx.");
  });

  it("marks incidents recurring on the next hour's pass and resolved when the crash loop stops", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-trends-"));
    const out = join(dir, "out");
    const first = await runPass(CRASHLOOP_1000, out);
    expect(first.json.incidents.every((i) => i.trend?.status === "new")).toBe(true);

    const second = await runPass(await shifted(dir, "next-hour.json", 3_600_000), out);
    expect(second.json.previous?.location).toBe(first.outcome.worklog);
    expect(second.json.incidents.map((i) => [i.priority, i.trend?.status])).toEqual([
      ["P0", "recurring"],
      ["P3", "recurring"],
      ["P3", "recurring"],
    ]);
    expect(second.json.incidents[0]?.trend?.previousCount).toBe(first.json.incidents[0]?.count);
    expect(second.json.resolved).toEqual([]);
    expect(second.markdown).toContain("Against the previous worklog: 0 new, 3 recurring, 0 spiking, 0 resolved.");

    // Third hour: the service logs only its structured INFO/WARNING lines: the crash loop is gone.
    const quiet = await shifted(dir, "quiet-hour.json", 7_200_000, (e) => e.jsonPayload !== undefined && e.severity !== "ERROR");
    const third = await runPass(quiet, out);
    expect(third.json.incidents.map((i) => [i.priority, i.trend?.status])).toEqual([
      ["P3", "recurring"],
      ["P3", "recurring"],
    ]);
    expect(third.json.resolved).toEqual([expect.objectContaining({ fingerprint: second.json.incidents[0]?.fingerprint, priority: "P0" })]);
    expect(third.markdown).toContain("## Resolved since the previous worklog");
  });

  it("keeps gardening when the previous worklog is unreadable, and says that trends were left out", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-trends-broken-"));
    const first = await runPass(CRASHLOOP_1000, out);
    await writeFile(first.outcome.worklogJson, "{ not json");
    const dir = await mkdtemp(join(tmpdir(), "lg-trends-input-"));
    const second = await runPass(await shifted(dir, "next.json", 3_600_000), out);
    expect(second.json.previous?.note).toMatch(/^the previous worklog .*0142Z\.json could not be read \(/);
    expect(second.json.incidents.every((i) => i.trend?.status === "new")).toBe(true);
    expect(second.markdown).toContain("not compared: the previous worklog");
  });
});
