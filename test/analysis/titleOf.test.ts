import { describe, expect, it } from "@jest/globals";
import { titleOf } from "../../shared/analysis/analyze.js";
import type { Cluster } from "../../shared/clustering/cluster.js";

const cluster = (over: Partial<Cluster>): Cluster => ({
  fingerprint: "f000000000000001",
  aliases: [],
  kind: "message",
  template: "GET <*> failed with <*>",
  count: 3,
  bySeverity: { ERROR: 3 },
  inferredSeverity: 0,
  firstMs: 0,
  lastMs: 0,
  perMinute: new Map(),
  samples: [],
  instances: new Set(),
  revisions: new Map(),
  traces: new Set(),
  ...over,
});

describe("an incident's title", () => {
  it("is never empty: an entry with no text gives the pattern, not a blank heading or issue title", () => {
    expect(titleOf(cluster({ samples: [""] }))).toBe("GET <*> failed with <*>");
    expect(titleOf(cluster({ samples: ["   "] }))).toBe("GET <*> failed with <*>");
  });

  it("still quotes the first sample's real values when there is one", () => {
    expect(titleOf(cluster({ samples: ["GET /cart failed with 502"] }))).toBe("GET /cart failed with 502");
  });
});
