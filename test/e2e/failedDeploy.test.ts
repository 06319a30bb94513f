import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "./cliIo.js";

const RUN = { type: "cloud_run_revision", labels: { service_name: "web", revision_name: "web-00001-abc", location: "us-central1", project_id: "p" } };

describe("a first deploy whose revision never became Ready", () => {
  it("is a failed deploy of that revision, never a revision 'already running when the window began'", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-failed-deploy-"));
    const f = join(dir, "export.json");
    await writeFile(
      f,
      JSON.stringify([
        { timestamp: "2026-03-10T14:00:01Z", severity: "INFO", logName: "projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem", resource: RUN, textPayload: "Starting new instance. Reason: DEPLOYMENT_ROLLOUT - Instance started due to traffic shifting between revisions due to deployment, traffic split adjustment, or deployment health check." },
        { timestamp: "2026-03-10T14:00:02Z", severity: "ERROR", logName: "projects/p/logs/run.googleapis.com%2Fstderr", resource: RUN, textPayload: "KeyError: 'DATABASE_URL'" },
        {
          timestamp: "2026-03-10T14:00:04Z",
          severity: "ERROR",
          logName: "projects/p/logs/cloudaudit.googleapis.com%2Fsystem_event",
          resource: RUN,
          protoPayload: {
            "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
            methodName: "/Services.CreateService",
            resourceName: "namespaces/p/services/web",
            status: { code: 9, message: "Ready condition status changed to False for Revision web-00001-abc with message: The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable." },
          },
        },
      ]),
    );
    const r = await cli(["run", "--input", f, "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    // The worklog's path is the last line of the summary: web: … -> DIR/web/YYYY/MM/DD/HHMMZ.md
    const mdPath = /-> (\S+\.md)$/m.exec(r.out)?.[1] as string;
    const json = JSON.parse(await readFile(mdPath.replace(/\.md$/, ".json"), "utf8")) as WorklogJson;
    expect(json.deploys).toEqual([expect.objectContaining({ kind: "revision-not-ready", revision: "web-00001-abc" })]);
    const md = await readFile(mdPath, "utf8");
    expect(md).toContain("revision failed to become Ready (web-00001-abc)");
    expect(md).not.toMatch(/running (?:before|when) the window began/);
    // Both the app's error (before the platform gave up) and the platform's verdict start with that revision.
    expect(md.match(/\*\*Revision:\*\* started with revision web-00001-abc: (?:it failed to become Ready at|its deploy failed)/g)).toHaveLength(2);
  });

  it("a revision deployed long before the failure is named with its deploy, not as running before the window", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-old-deploy-"));
    const f = join(dir, "export.json");
    const R2 = { ...RUN, labels: { ...RUN.labels, revision_name: "web-00002-def" } };
    await writeFile(
      f,
      JSON.stringify([
        { timestamp: "2026-03-10T14:00:01Z", severity: "INFO", logName: "projects/p/logs/run.googleapis.com%2Fstdout", resource: RUN, textPayload: "serving" },
        {
          timestamp: "2026-03-10T14:00:30Z",
          severity: "NOTICE",
          logName: "projects/p/logs/cloudaudit.googleapis.com%2Fsystem_event",
          resource: R2,
          protoPayload: { "@type": "type.googleapis.com/google.cloud.audit.AuditLog", methodName: "/Services.ReplaceService", resourceName: "namespaces/p/services/web", status: { message: "Ready condition status changed to True for Revision web-00002-def." } },
        },
        { timestamp: "2026-03-10T14:40:00Z", severity: "ERROR", logName: "projects/p/logs/run.googleapis.com%2Fstderr", resource: R2, textPayload: "KeyError: 'cart'" },
      ]),
    );
    const r = await cli(["run", "--input", f, "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    const md = await readFile(/-> (\S+\.md)$/m.exec(r.out)?.[1] as string, "utf8");
    expect(md).toMatch(/\*\*Revision:\*\* its one event came from revision web-00002-def; it became Ready at 2026-03-10 14:00:30 UTC, 39 min 30 s before the first failure: too long before it/);
    expect(md).not.toMatch(/no deploy of it/);
  });
});
