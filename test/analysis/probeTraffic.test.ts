import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { runPass } from "./runPass.js";

/**
 * Requests every public address receives (browsers asking for /favicon.ico and /robots.txt, scanners
 * trying /.env, /.git/config, /wp-login.php), in an export written for this test in the REST shape of
 * ../shared/data/cloud-logging: reported once as a fact, never an incident.
 */
const T0 = Date.parse("2026-05-01T10:00:00Z");

function request(at: number, path: string, status: number): Record<string, unknown> {
  return {
    insertId: `r-${at}`,
    timestamp: new Date(at).toISOString(),
    logName: "projects/demo/logs/run.googleapis.com%2Frequests",
    resource: { type: "cloud_run_revision", labels: { service_name: "shop", revision_name: "shop-00003-xyz", project_id: "demo", location: "europe-west1" } },
    labels: { instanceId: "inst-1" },
    severity: status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO",
    httpRequest: { requestMethod: "GET", requestUrl: `https://shop.example.com${path}`, status, latency: "0.004s", userAgent: "Mozilla/5.0" },
  };
}

describe("probe traffic", () => {
  it("404s on favicon, robots and scanner paths are one line of facts, not incidents", async () => {
    const entries: Array<Record<string, unknown>> = [];
    let at = T0;
    for (let i = 0; i < 40; i++) entries.push(request((at += 1000), `/api/products/${i}`, 200));
    for (const path of ["/favicon.ico", "/favicon.ico", "/robots.txt"]) entries.push(request((at += 1000), path, 404));
    for (const path of ["/.env", "/.git/config", "/wp-login.php", "/wp-login.php", "/admin/.env", "/phpmyadmin/index.php"]) entries.push(request((at += 1000), path, 404));
    const dir = await mkdtemp(join(tmpdir(), "lg-probes-"));
    await writeFile(join(dir, "export.json"), JSON.stringify(entries));
    const { json: w, markdown } = await runPass(join(dir, "export.json"), join(dir, "out"));
    expect(w.incidents).toEqual([]);
    const probes = (w.requests?.routes ?? []).filter((r) => r.probe).map((r) => [r.route, r.probe, r.count]);
    expect(probes.sort()).toEqual(
      [
        ["/.env", "scanner", 1],
        ["/.git/config", "scanner", 1],
        ["/admin/.env", "scanner", 1],
        ["/favicon.ico", "browser", 2],
        ["/phpmyadmin/index.php", "scanner", 1],
        ["/robots.txt", "browser", 1],
        ["/wp-login.php", "scanner", 2],
      ].sort(),
    );
    expect(markdown.match(/^.*Probes \(not incidents\).*$/gm)).toHaveLength(1);
    expect(markdown).toMatch(/Probes \(not incidents\): browsers and crawlers asked for .*`\/favicon\.ico` 2.*; scanners tried .*`\/wp-login\.php` 2/);
  });
});
