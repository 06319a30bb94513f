import { describe, expect, it } from "@jest/globals";
import { createTemplateMiner } from "../../shared/clustering/templateMiner.js";
import { tokenize } from "../../shared/clustering/tokenize.js";
import { expandGrid, halves, leaveOneOut, meanOf, trainTest } from "../../scripts/clusterHeldOut.js";
import { LOGHUB_SYSTEMS, readLoghub, scoreGrouping } from "../../scripts/clusterLoghub.js";
import { describeWithSharedData, LOGHUB } from "../realdata/sharedData.js";

/**
 * Accuracy on the Loghub-2k systems we have, measured on data the settings were not chosen on:
 * leave-one-system-out (settings picked on 7 systems, scored on the 8th) and halves (picked on the
 * first half of every file, scored on the second). A small grid keeps the test fast; the full search
 * and its table are `node dist/scripts/clusterLoso.js`. Floors sit just under what is measured today
 * (LOSO 0.974, halves 0.991, lowest system Linux 0.871 when `variableAfter=5` is chosen without it),
 * so that a change that loses accuracy on unseen data fails the build. What the miner scores on the
 * systems it was never shown is what matters; these are its proxies.
 */
const GRID = { variableAfter: [3, 5, 15], minConstantShare: [0.6, 0.5], valueAfter: [2, 3], spanShare: [0.8, 1.01] };
const LOSO_AVERAGE_FLOOR = 0.97;
const HALVES_AVERAGE_FLOOR = 0.985;
/** No system may fall under the bar for unseen systems. */
const LOSO_SYSTEM_FLOOR = 0.85;

describeWithSharedData("template miner accuracy on Loghub-2k, on data held out from the choice of settings", () => {
  const logs = LOGHUB_SYSTEMS.map((s) => readLoghub(LOGHUB, s));
  const settings = expandGrid(GRID);

  it(`leave-one-system-out average GA >= ${LOSO_AVERAGE_FLOOR}, no system under ${LOSO_SYSTEM_FLOOR}`, () => {
    expect(logs.map((l) => l.messages.length)).toEqual(LOGHUB_SYSTEMS.map(() => 2000));
    const rows = leaveOneOut(settings, logs);
    expect(rows.map((r) => r.system)).toEqual([...LOGHUB_SYSTEMS]);
    expect(meanOf(rows, "ga")).toBeGreaterThanOrEqual(LOSO_AVERAGE_FLOOR);
    for (const r of rows) expect([r.system, r.scores.ga >= LOSO_SYSTEM_FLOOR]).toEqual([r.system, true]);
  });

  it(`halves: chosen on the first halves, average GA on the second halves >= ${HALVES_AVERAGE_FLOOR}`, () => {
    const split = logs.map(halves);
    const rows = trainTest(
      settings,
      split.map((h) => h[0]),
      split.map((h) => h[1]),
    );
    expect(rows).toHaveLength(LOGHUB_SYSTEMS.length);
    expect(meanOf(rows, "ga")).toBeGreaterThanOrEqual(HALVES_AVERAGE_FLOOR);
  });

  it("gives every message a template that matches it", () => {
    for (const log of logs) {
      const miner = createTemplateMiner(undefined, { keepRetired: true });
      const ids = log.messages.map((m) => miner.add(m));
      miner.finalise();
      const unmatched = log.messages.filter((m, i) => !matches(miner.template(ids[i] as number), m));
      expect([log.system, unmatched]).toEqual([log.system, []]);
    }
  });
});

/** A template read as a pattern: `<*>` stands for any text (possibly empty), spaces for any whitespace. */
function matches(template: string, message: string): boolean {
  const words = template.split(" ").map((w) => w.split("<*>").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*?"));
  return new RegExp(`^\\s*${words.join("\\s+")}\\s*$`, "s").test(message) || new RegExp(`^\\s*${words.join("\\s*")}\\s*$`, "s").test(message);
}

describe("scoreGrouping", () => {
  it("counts a message right only when its cluster is exactly its true group", () => {
    const truth = ["a", "a", "b", "b", "c"];
    expect(scoreGrouping(truth, [1, 1, 2, 2, 3]).ga).toBe(1);
    // b and c merged: only the a group is right
    expect(scoreGrouping(truth, [1, 1, 2, 2, 2]).ga).toBeCloseTo(2 / 5);
    // a split in two: a is wrong, b and c right
    expect(scoreGrouping(truth, [1, 9, 2, 2, 3]).ga).toBeCloseTo(3 / 5);
  });
  it("scores templates: PA per message, FTA per template (as loghub-eval.py)", () => {
    const truth = ["x <*>", "x <*>", "y", "z"];
    const s = scoreGrouping(truth, [1, 1, 2, 2], ["x <*>", "x <*>", "y", "y"]);
    expect(s.pa).toBeCloseTo(3 / 4);
    // predicted templates: "x <*>" right, "y" wrong (it also carries truth z): PTA 1/2, RTA 1/3
    expect(s.fta).toBeCloseTo((2 * (1 / 2) * (1 / 3)) / (1 / 2 + 1 / 3));
  });
});

describeWithSharedData("masking never depends on the value of a digit (the miner caches lines by shape)", () => {
  it("gives every Loghub message the same masked key as its shape (all digits read as 0)", () => {
    const cuts = { lineTooLong: false, tooManyTokens: false };
    const key = (m: string) => tokenize(m, 256, 16384, cuts).join(" ");
    const differ: string[] = [];
    for (const system of LOGHUB_SYSTEMS) {
      for (const m of readLoghub(LOGHUB, system).messages) {
        if (key(m) !== key(m.replace(/[0-9]/g, "0")) || key(m) !== key(m.replace(/[0-9]/g, "7"))) differ.push(m);
      }
    }
    expect(differ).toEqual([]);
  });
});
