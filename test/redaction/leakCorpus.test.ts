import { describe, expect, it } from "@jest/globals";
import { mkdir, writeFile } from "node:fs/promises";
import { buildSecretCorpus, PLACEMENTS } from "../../scripts/secretCorpus.js";
import { leakTable, measureLeaks } from "./leakMeasure.js";

/**
 * The leak measurement of issue 13: ~70 kinds of secrets and personal data in 16 placements, planted
 * in Cloud Run entries, through one real pass with GitHub. Target: at most 1% of items leak anywhere,
 * none into GitHub. The table is written to test-output/leak-table.md for the record.
 */
describe("planted secrets", () => {
  it("leak from at most 1% of items, and never into GitHub", async () => {
    const items = buildSecretCorpus();
    expect(items.length).toBeGreaterThanOrEqual(700);
    expect(new Set(items.map((i) => i.kind)).size).toBeGreaterThanOrEqual(60);
    expect(new Set(items.map((i) => i.placement)).size).toBe(PLACEMENTS.length);
    const results = await measureLeaks(items);
    const table = leakTable(results);
    await mkdir("test-output", { recursive: true });
    await writeFile("test-output/leak-table.md", `${table}\n`);
    const leaked = results.filter((r) => r.worklog || r.github);
    expect({ leakedItems: leaked.length, share: leaked.length / items.length <= 0.01 }).toEqual({ leakedItems: leaked.length, share: true });
    expect(results.filter((r) => r.github).map((r) => `${r.item.kind} / ${r.item.placement}`)).toEqual([]);
  }, 300_000);
});
