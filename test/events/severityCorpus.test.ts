import { beforeAll, describe, expect, it } from "@jest/globals";
import { ERROR_CLAUSE, REST_CLAUSE } from "../../shared/adapters/loggingFilter.js";
import { severityRank, type Severity } from "../../shared/entries/severity.js";
import { exportSamples, frameworkSamples, loghubSamples, scoreTable, type Sample, type Score } from "../../scripts/severityCorpus.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";
import { describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";

const atLeast = (s: Severity | undefined, min: Severity) => s !== undefined && severityRank(s) >= severityRank(min);

const errorFilter = parseFilter(ERROR_CLAUSE);
const restFilter = parseFilter(REST_CLAUSE);

/**
 * Lines that the read filter and inference treat differently, in the ways that lose something: an
 * error inference finds outside the error read (a pass cut short by its page budget could miss it),
 * a line in the error read that inference does not call an error, or a warning not read at all.
 */
function disagreements(samples: readonly Sample[]): string[] {
  const out: string[] = [];
  for (const s of samples) {
    const inError = matches(errorFilter, s.entry);
    const inRest = matches(restFilter, s.entry);
    const isError = atLeast(s.predicted, "ERROR");
    if (isError !== inError) out.push(`${isError ? "inferred ERROR, not in the error read" : `in the error read, inferred ${s.predicted ?? "nothing"}`}: ${s.where}`);
    else if (!isError && atLeast(s.predicted, "WARNING") && !inRest) out.push(`inferred WARNING, not read at all: ${s.where}`);
  }
  return out;
}

/** Lines read although inference gives them no level at all (harmless: read, then placed by inference). */
function overRead(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => !s.predicted && (matches(errorFilter, s.entry) || matches(restFilter, s.entry)));
}

describe("severity inference on hand-written lines of each framework's formats", () => {
  let samples: Sample[];
  let table: Score[];
  beforeAll(async () => {
    samples = await frameworkSamples();
    table = scoreTable(samples);
  });

  it("never calls a line ERROR that its program did not mean as one, and finds most that were", () => {
    for (const row of table) {
      // A wrong ERROR is worse than a missed one: precision is held at 1 on every family.
      expect([row.family, row.errorBoth]).toEqual([row.family, row.errorInferred]);
    }
    const all = table.find((r) => r.family === "all") as Score;
    expect(all.lines).toBeGreaterThanOrEqual(150);
    // Recall per line: the misses are continuation lines (frames, field lists) that only the event
    // they belong to can place, and lines whose format carries no level (Go's log.Fatal, Rails 7).
    expect(all.errorBoth / all.errorLabelled).toBeGreaterThan(0.75);
    expect(all.warningBoth / all.warningInferred).toBeGreaterThan(0.95);
    for (const family of ["python", "go", "node", "java", "ruby", "dotnet"]) {
      const row = table.find((r) => r.family === family) as Score;
      expect([family, row.lines >= 9, row.errorBoth / row.errorLabelled >= 0.65]).toEqual([family, true, true]);
    }
  });

  it("reads the same lines as errors in the Cloud Logging filter as inference does", () => {
    expect(disagreements(samples)).toEqual([]);
    // The filter cannot express "0 failed" (RE2 has no look-ahead): such lines are read, then given no level.
    expect(overRead(samples).map((s) => s.text)).toEqual(["0 failed, 12 passed"]);
  });
});

describeWithSharedData("severity inference on every entry without a severity in the real exports", () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await exportSamples(SHARED_DATA);
  });

  it("agrees with the labels: no wrong ERROR, every error found", () => {
    const all = scoreTable(samples).find((r) => r.family === "all") as Score;
    expect(all.lines).toBe(349);
    expect(all.errorInferred).toBe(all.errorBoth);
    expect(all.errorBoth).toBe(all.errorLabelled);
  });

  it("and the Cloud Logging filter reads the same lines as errors", () => {
    expect(disagreements(samples)).toEqual([]);
    expect(overRead(samples)).toEqual([]);
  });
});

describeWithSharedData("severity inference on Loghub-2k lines it was not written from (labels: Loghub's Level column)", () => {
  let table: Score[];
  beforeAll(async () => {
    table = scoreTable(await loghubSamples(SHARED_DATA));
  });

  it("calls no line ERROR that Loghub does not, and reads the level where log4j and oslo.log put it", () => {
    const all = table.find((r) => r.family === "all") as Score;
    expect(all.lines).toBe(10_000);
    expect(all.errorInferred).toBe(all.errorBoth);
    // Hadoop (`ts LEVEL [thread] logger: m`), Spark (`yy/MM/dd HH:mm:ss LEVEL logger: m`), OpenStack (`ts pid LEVEL logger m`).
    for (const family of ["Hadoop (java log4j)", "Spark (java log4j)", "OpenStack (python oslo.log)"]) {
      const row = table.find((r) => r.family === family) as Score;
      expect([family, row.inferred, row.exact]).toEqual([family, row.lines, row.lines]);
    }
    // HDFS (`yyMMdd HHmmss pid LEVEL`) and BGL (RAS severity after node and component) state theirs where no
    // common logger does: missed, never guessed wrong as ERROR.
    for (const family of ["HDFS (java log4j)", "BGL (BlueGene/L RAS)"]) {
      const row = table.find((r) => r.family === family) as Score;
      expect([family, row.errorInferred - row.errorBoth]).toEqual([family, 0]);
    }
  });
});
