import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import { safePath } from "../../shared/adapters/worklogPaths.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { cli } from "../e2e/cliIo.js";
import { describeWithSharedData, SHARED_DATA } from "./sharedData.js";

/**
 * Every export in ../shared/data/realworld, read as it is: the units gardened are the ones its README
 * describes (key → kind), and entries of other resources are counted by type in each worklog's header.
 * `entries` is the README's count: every one is gardened, skipped by reason, or another resource's.
 */
interface Row {
  file: string;
  entries: number;
  units: Record<string, string>;
  other: Record<string, number>;
  header?: string;
}

const ROWS: Row[] = [
  { file: "toxic-cloud_run_logs.json", entries: 50, units: { toxic: "cloud-run-service" }, other: {} },
  {
    file: "vidafarma-cloud_run_logs.json",
    entries: 100,
    units: { "vidafarma-api": "cloud-run-service" },
    other: { build: 89, audited_resource: 1 },
    header: "**Not gardened:** 90 entries of other resources: build 89, audited_resource 1  ",
  },
  { file: "donecast-cloud_run_logs.utf16.json", entries: 50, units: { "podcast-api": "cloud-run-service" }, other: {} },
  { file: "donecast-api_logs.utf16.json", entries: 20, units: { "podcast-api": "cloud-run-service" }, other: {} },
  { file: "antidotum-cloud_run_logs.utf16.json", entries: 20, units: { "vialflow-backend": "cloud-run-service" }, other: {} },
  { file: "antidotum-backend-logs.utf16.json", entries: 100, units: { "vialflow-backend": "cloud-run-service" }, other: {} },
  { file: "antidotum-backend_logs.utf16.json", entries: 50, units: { "vialflow-backend": "cloud-run-service" }, other: {} },
  { file: "cerberus-error.concat.json", entries: 31, units: { "cerberus-backend": "cloud-run-service" }, other: {} },
  { file: "phantom-ui-gcloud-default.yaml", entries: 3, units: { "phantom-ui": "cloud-run-service" }, other: {} },
  {
    file: "other-resources-gke-gcf-gae.json",
    entries: 7,
    units: {
      "gke/teama-nosidecare-rt-ns-int/env0-region-runtimepod": "gke-workload",
      "gke/gmp-test/hello-app": "gke-workload",
      "gke/default/abcghjapp-backend": "gke-workload",
      "orch-test-1": "cloud-function",
      "app-engine/bigskyf4": "app-engine-service",
    },
    other: { dataflow_step: 1 },
    header: "**Not gardened:** 1 entry of other resources: dataflow_step 1  ",
  },
];

describeWithSharedData("the units of every real export (../shared/data/realworld)", () => {
  it("has a row for every export in the folder", async () => {
    const { readdir } = await import("node:fs/promises");
    const files = (await readdir(join(SHARED_DATA, "realworld"))).filter((f) => f !== "README.md");
    expect(ROWS.map((r) => r.file).sort()).toEqual(files.sort());
  });

  it.each(ROWS.map((r) => [r.file, r] as const))("%s", async (file, row) => {
    const out = await mkdtemp(join(tmpdir(), "lg-realworld-"));
    const r = await cli(["run", "--input", join(SHARED_DATA, "realworld", file), "--out", out]);
    expect(r.code).toBe(0);
    const keys = r.out.trim().split("\n").map((l) => l.split(/[ :]/)[0] as string);
    expect(keys.sort()).toEqual(Object.keys(row.units).sort());

    let gardened = 0;
    let notGardened = 0;
    for (const [key, kind] of Object.entries(row.units)) {
      const json = JSON.parse(await readFile(join(out, safePath(key), "latest.json"), "utf8")) as WorklogJson;
      expect(json.unit).toMatchObject({ key, kind });
      expect(json.totals.otherResources ?? {}).toEqual(row.other);
      gardened += json.totals.entries;
      // Skips and other resources are counted for the whole input, the same in every unit's worklog.
      notGardened = Object.values(json.totals.skipped).reduce((a, b) => a + (b ?? 0), 0) + Object.values(row.other).reduce((a, b) => a + b, 0);
      const md = await readFile(join(out, safePath(key), "latest.md"), "utf8");
      if (row.header) expect(md.split("\n")).toContain(row.header);
      else expect(md).not.toContain("**Not gardened:**");
    }
    expect(gardened + notGardened).toBe(row.entries);
  });
});
