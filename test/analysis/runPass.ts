import { readFile } from "node:fs/promises";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../../shared/adapters/planningTracker.js";
import { runGardener, type ServiceOutcome } from "../../shared/gardener/runGardener.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";

/** One real pass over an export file into a local folder (worklogs and state), as the CLI runs it. */
export async function runPass(input: string, out: string, services: string[] = []): Promise<{ outcome: Extract<ServiceOutcome, { kind: "written" }>; json: WorklogJson; markdown: string }> {
  const result = await runGardener(
    {
      source: fileSource(input),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      // After every export the tests read: entries dated more than a day after the clock are skipped.
      clock: { now: () => new Date("2026-11-29T00:00:00Z") },
    },
    { services, window: { kind: "all-input" }, dryRun: false, version: "test" },
  );
  const outcome = result.services.find((s): s is Extract<ServiceOutcome, { kind: "written" }> => s.kind === "written");
  if (!outcome) throw new Error(`no worklog written: ${JSON.stringify(result.services)}`);
  const json = JSON.parse(await readFile(outcome.worklogJson, "utf8")) as WorklogJson;
  const markdown = await readFile(outcome.worklog, "utf8");
  return { outcome, json, markdown };
}
