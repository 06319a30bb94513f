import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { runPass } from "./runPass.js";

/**
 * Causes that state no severity, in exports written for this test (hand-made, in the REST shape of
 * ../shared/data/cloud-logging): a service that prints its fatal configuration problem and exits, and
 * one that logs an authentication failure with a console.log object dump at every start.
 */
const T0 = Date.parse("2026-05-01T10:00:00Z");
const SERVICE = "orders-api";
const REVISION = "orders-api-00012-abc";

function entry(at: number, instance: string, log: "stdout" | "stderr" | "system" | "requests", fields: Record<string, unknown>): Record<string, unknown> {
  const id = log === "system" ? "run.googleapis.com%2Fvarlog%2Fsystem" : `run.googleapis.com%2F${log}`;
  return {
    insertId: `${instance}-${at}-${Math.random().toString(36).slice(2, 8)}`,
    timestamp: new Date(at).toISOString(),
    logName: `projects/demo/logs/${id}`,
    resource: { type: "cloud_run_revision", labels: { service_name: SERVICE, revision_name: REVISION, project_id: "demo", location: "europe-west1" } },
    labels: { instanceId: instance },
    ...fields,
  };
}

async function passOver(entries: Array<Record<string, unknown>>): Promise<{ json: WorklogJson; markdown: string }> {
  const dir = await mkdtemp(join(tmpdir(), "lg-unstated-"));
  const file = join(dir, "export.json");
  await writeFile(file, JSON.stringify(entries));
  const { json, markdown } = await runPass(file, join(dir, "out"));
  return { json, markdown };
}

describe("causes that state no severity", () => {
  it("a fatal configuration line printed with no level, then an exit on every dying instance, is the root cause; a warning every instance logs at boot is not", async () => {
    const entries: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 7; i++) {
      const instance = `inst-${i}`;
      const at = T0 + i * 40_000;
      entries.push(entry(at, instance, "system", { severity: "INFO", textPayload: "Starting new instance. Reason: AUTOSCALING - Instance started due to configured scaling factors." }));
      entries.push(entry(at + 900, instance, "stdout", { textPayload: "Starting orders-api v2.3.1" }));
      entries.push(entry(at + 950, instance, "stdout", { severity: "WARNING", jsonPayload: { message: "REGION not set, using europe-west1" } }));
      if (i === 6) {
        // One instance of the old configuration keeps serving.
        entries.push(entry(at + 2000, instance, "requests", { severity: "INFO", httpRequest: { requestMethod: "GET", requestUrl: "https://orders.example.com/api/orders", status: 200, latency: "0.041s" } }));
        continue;
      }
      entries.push(entry(at + 1000, instance, "stderr", { textPayload: "Configuration problem: DATABASE_URL must be set" }));
      entries.push(entry(at + 1100, instance, "system", { severity: "WARNING", textPayload: "Container called exit(1)." }));
    }
    const { json: w, markdown } = await passOver(entries);
    const crash = w.incidents.find((i) => i.priority === "P0");
    expect(crash?.title).toBe("Configuration problem: DATABASE_URL must be set");
    const root = w.clusters.find((c) => c.id === crash?.rootCause);
    expect(root?.kind).toBe("message");
    const exit = w.clusters.find((c) => c.template === "Container called exit(1).");
    expect(crash?.clusters).toContain(exit?.id);
    expect(crash?.facts).toMatchObject({ containerExits: 6 });
    expect(crash?.evidence.join(" ")).toMatch(/logged on 6 of the 6 instances that died/);
    // The boot warning came on the survivor too: it is its own low-priority item, not the cause.
    const region = w.incidents.find((i) => /REGION not set/.test(i.title));
    expect(region?.priority).toBe("P3");
    expect(region?.clusters).toHaveLength(1);
    expect(markdown).toContain("- **P0** Configuration problem: DATABASE_URL must be set: 6 container exits, 6 warning events from");
  });

  it("an authentication failure logged with a console.log object dump at every start is one warning, the dump its text", async () => {
    const entries: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3; i++) {
      const instance = `web-${i}`;
      const at = T0 + i * 600_000;
      const dump = ["Twilio authentication failed: {", "  status: 401,", "  code: 20003,", "  moreInfo: 'https://www.twilio.com/docs/errors/20003'", "}"];
      dump.forEach((line, n) => entries.push(entry(at + n * 0.01, instance, "stdout", { textPayload: line })));
      for (let r = 0; r < 2; r++) {
        entries.push(entry(at + 5000 + r * 1000, instance, "requests", { severity: "WARNING", httpRequest: { requestMethod: "POST", requestUrl: "https://web.example.com/api/sms", status: 401, latency: "0.012s" } }));
      }
    }
    const { json: w, markdown } = await passOver(entries);
    expect(w.totals.bySeverity.WARNING).toBe(6);
    expect(w.totals.stitching?.byKind["json-lines"]).toBe(3);
    expect(w.incidents).toHaveLength(1);
    const inc = w.incidents[0] as WorklogJson["incidents"][number];
    expect(inc.priority).toBe("P3");
    expect(inc.title).toBe("Twilio authentication failed:");
    const root = w.clusters.find((c) => c.id === inc.rootCause);
    expect(root?.count).toBe(3);
    expect(root?.samples[0]).toContain("code: 20003");
    expect(markdown).not.toContain("no failures and no warnings");
  });
});
