import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";

const RUN = { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00003-xyz", location: "us-central1", project_id: "p" } };
const line = (t: string, text: string, i: number) => ({
  timestamp: t,
  severity: "ERROR",
  logName: "projects/p/logs/run.googleapis.com%2Fstderr",
  resource: RUN,
  labels: { instanceId: "00aa11" },
  insertId: `e${i}`,
  textPayload: text,
});

async function incidentsOf(entries: object[]): Promise<WorklogJson["incidents"]> {
  const dir = await mkdtemp(join(tmpdir(), "lg-quoted-"));
  const f = join(dir, "export.json");
  await writeFile(f, JSON.stringify(entries));
  const r = await cli(["run", "--input", f, "--out", join(dir, "out")]);
  expect(r.code).toBe(0);
  const md = /-> (\S+\.md)$/m.exec(r.out)?.[1] as string;
  return (JSON.parse(await readFile(md.replace(/\.md$/, ".json"), "utf8")) as WorklogJson).incidents;
}

describe("one failure logged twice, in two log formats", () => {
  it("is one incident: the pattern quoting the other's message is its symptom", async () => {
    const entries = [];
    for (let i = 0; i < 3; i++) {
      const t = `2026-03-10T14:0${i}:00`;
      entries.push(line(`${t}.100Z`, `[Nest] 1  - 03/10/2026, 2:0${i}:00 PM   ERROR [Scheduler] error: password authentication failed for user "orders"`, i * 3));
      entries.push(line(`${t}.101Z`, `Query failed (attempt ${i + 1}): Error: password authentication failed for user \\"orders\\"`, i * 3 + 1));
      entries.push(line(`${t}.102Z`, `${t}Z [error]: password authentication failed for user "orders" {"service":"api","code":"28P01"}`, i * 3 + 2));
    }
    const incidents = await incidentsOf(entries);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.clusters).toHaveLength(3);
    expect(incidents[0]?.title).toMatch(/password authentication failed for user "orders"/);
  });

  it("does not join patterns of unrelated code that log the same stock error on other instances", async () => {
    const on = (instance: string, t: string, text: string, i: number) => ({ ...line(t, text, i), labels: { instanceId: instance } });
    const incidents = await incidentsOf([
      on("i-a", "2026-03-10T14:00:00Z", "Error: Request failed with status code 500", 1),
      on("i-b", "2026-03-10T14:00:02Z", "Payment provider sync failed: Request failed with status code 500", 2),
      on("i-c", "2026-03-10T14:00:03Z", "Email digest job failed: Request failed with status code 500", 3),
    ]);
    expect(incidents).toHaveLength(3);
  });

  it("does not join patterns that only share a stock phrase, or that are far apart in time", async () => {
    const incidents = await incidentsOf([
      line("2026-03-10T14:00:00Z", "payment gateway timeout: connection refused", 1),
      line("2026-03-10T14:00:01Z", "cache warmup failed: connection refused", 2),
      line("2026-03-10T14:01:00Z", "ledger sync aborted: upstream ledger returned malformed batch 7731", 3),
      line("2026-03-10T14:40:00Z", "nightly export failed because ledger sync aborted: upstream ledger returned malformed batch 7731", 4),
    ]);
    expect(incidents).toHaveLength(4);
  });
});
