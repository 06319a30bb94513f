import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { generateSampleHour, parseSampleOptions } from "../../scripts/sampleHour.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";
import { runPass } from "./runPass.js";

type WorklogIncident = WorklogJson["incidents"][number];

const find = (w: WorklogJson, re: RegExp): WorklogIncident | undefined => w.incidents.find((i) => re.test(i.title));

describe("incidents of the bundled sample hour, and of the hour after", () => {
  it("finds the crash loop, the slow endpoint and the database timeout as three incidents; the next hour marks them recurring or resolved", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-sample-"));
    const out = join(dir, "out");
    const { json: w, outcome, markdown } = await runPass(SAMPLE_HOUR, out);

    expect(w.incidents).toHaveLength(3);
    const crash = find(w, /ModuleNotFoundError/) as WorklogIncident;
    const slow = find(w, /^Slow route GET \/api\/v1\/search$/) as WorklogIncident;
    const db = find(w, /sqlalchemy\.exc\.TimeoutError/) as WorklogIncident;
    expect([crash?.priority, slow?.priority, db?.priority]).toEqual(["P0", "P1", "P1"]);

    // Crash loop: root cause the import error; exits, failed starts, dead workers and 503s are symptoms.
    const clusterOf = (id: string) => w.clusters.find((c) => c.id === id);
    expect(clusterOf(crash.rootCause)?.exceptionType ?? crash.rootCauseException?.type).toBe("ModuleNotFoundError");
    const symptomTexts = crash.clusters.filter((id) => id !== crash.rootCause).map((id) => clusterOf(id)?.template ?? "");
    expect(symptomTexts.some((t) => /Container called exit/.test(t))).toBe(true);
    expect(symptomTexts.some((t) => /STARTUP TCP probe failed/.test(t))).toBe(true);
    expect(symptomTexts.some((t) => /Worker \(pid:.*exited with code/.test(t))).toBe(true);
    expect(symptomTexts.filter((t) => /5xx|503/.test(t)).length).toBeGreaterThan(0);
    expect(crash.priorityReasons[0]).toMatch(/^P0 \(crash-loop rule: ≥ 5 container exits or failed starts\): 58 container exits and 58 instances not started/);
    expect(crash.revision).toMatchObject({ name: "checkout-api-00042-vex", startedWith: true });
    expect(crash.priorityReasons).toContain("started with revision checkout-api-00042-vex: it became Ready at 2026-03-10 14:11:40 UTC, 21 s before the first failure");

    // Database timeout: the traceback and the 500s on the same traces.
    expect(db.clusters).toHaveLength(2);
    expect(db.symptoms?.[0]?.why.join(" ")).toMatch(/share 18 request traces/);
    // 18 tracebacks of 18 failed requests: 18 error events (the 18 request logs are the same 18 failures, counted as failed requests).
    expect(db.priorityReasons).toEqual(["P1 (error-volume rule: ≥ 10 errors): 18 error events in 48 min 26 s"]);
    expect(db.facts).toMatchObject({ errors: 18, failedRequests: 18 });

    // The summary names what it counts: log events, failed requests and exits are never added up.
    expect(markdown).toContain(
      "- **P0** ModuleNotFoundError: No module named 'checkout.payments.stripe_gateway': 58 error events, 741 failed user requests (5xx), 58 container exits, 58 instances not started, 58 worker deaths from",
    );
    expect(markdown).not.toMatch(/973 events/);
    // The requests table shows the latency the slow-route rule reads (answered requests) and the 5xx apart:
    // the checkout route's 30 s failures no longer make it look slow.
    expect(markdown).toMatch(/\| `POST [^`]+` \| user \| 291 \| 196 \| 0 \| 0 \| 95 \| 33% \| [\d,]+ ms \| 7\d\d ms \| [\d,]+ ms \| 29,\d{3} ms \|/);

    // Slow endpoint: percentiles of the successful requests of the route, health checks aside.
    expect(slow.kind).toBe("latency");
    expect(slow.priorityReasons[0]).toMatch(/^P1 \(slow-route rule: p95 ≥ 5,000 ms\): GET \/api\/v1\/search p95 [\d,]+ ms over 200 requests$/);
    const search = w.requests?.routes.find((r) => r.route === "/api/v1/search");
    expect(search?.byClass["2xx"]?.count).toBe(200);
    expect(w.requests?.routes.find((r) => r.route === "/healthz")?.traffic).toBe("health-check");
    expect(w.deploys?.map((d) => d.revision)).toEqual(["checkout-api-00042-vex"]);

    // The hour after the fix, through the same store: previous worklog linked, trends computed.
    const next = join(dir, "next-hour.json");
    const parts: string[] = [];
    generateSampleHour(parseSampleOptions(["--start", "2026-03-10T15:00:00Z", "--next"]), (t) => parts.push(t));
    await writeFile(next, parts.join(""));
    const second = await runPass(next, out);
    expect(second.json.previous?.location).toBe(outcome.worklog);
    expect(second.json.incidents.map((i) => [i.title.slice(0, 30), i.trend?.status])).toEqual([
      ["Slow route GET /api/v1/search", "recurring"],
      ["sqlalchemy.exc.TimeoutError: Q", "recurring"],
    ]);
    expect(second.json.incidents.every((i) => i.revision?.startedWith === false)).toBe(true);
    expect(second.json.resolved).toEqual([expect.objectContaining({ fingerprint: crash.fingerprint, priority: "P0" })]);
    expect(second.markdown).toContain("Against the previous worklog: 0 new, 2 recurring, 0 spiking, 1 resolved.");
  });
});
