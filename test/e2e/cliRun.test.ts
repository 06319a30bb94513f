import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import { main } from "../../functions/cliMain.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";

describeWithSharedData("log-gardener run over the real 1000-entry crash-loop export", () => {
  it("writes .md and .json worklogs whose totals match the file exactly", async () => {
    const out = await mkdtemp(join(tmpdir(), "lg-cli-"));
    const code = await main(["run", "--input", CRASHLOOP_1000, "--out", out], {});
    expect(code).toBe(0);
    const dir = join(out, "netra-backend-staging", "2025", "09", "16");
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(["0142Z.json", "0142Z.md"]);
    const json = JSON.parse(await readFile(join(dir, "0142Z.json"), "utf8")) as WorklogJson;
    expect(json.schemaVersion).toBe(1);
    expect(json.totals.entries).toBe(1000);
    expect(json.totals.bySeverity).toMatchObject({ ERROR: 86, WARNING: 39, INFO: 700, DEFAULT: 175 });
    expect(json.totals.skipped).toEqual({});
    expect(json.clusters.reduce((n, c) => n + c.count, 0)).toBe(json.totals.events);
    const md = await readFile(join(dir, "0142Z.md"), "utf8");
    expect(md).toContain("**Entries:** 1,000 (86 ERROR, 39 WARNING, 700 INFO, 175 DEFAULT)");
    expect(md).toContain("2025-09-16 01:40:53 UTC");
  });
});
