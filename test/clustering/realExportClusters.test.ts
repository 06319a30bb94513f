import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import type { Cluster } from "../../shared/clustering/cluster.js";
import { createClusterer } from "../../shared/clustering/createClusterer.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { toEvent } from "../../shared/events/toEvent.js";
import { CRASHLOOP_1000, describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";

function clusterFile(path: string): Cluster[] {
  // Most exports are arrays; the single-entry files hold one object.
  const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
  const raw = Array.isArray(parsed) ? parsed : [parsed];
  const c = createClusterer();
  for (const r of raw) {
    const n = normalizeEntry(r);
    if (n.ok) c.add(toEvent(n.entry));
  }
  return c.result().clusters;
}

describeWithSharedData("clusters of the real Cloud Logging exports", () => {
  const dir = join(SHARED_DATA, "cloud-logging");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

  it("keeps each exception type of every export in one cluster", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const split: string[] = [];
    let exceptions = 0;
    for (const f of files) {
      const byType = new Map<string, number>();
      for (const c of clusterFile(join(dir, f))) {
        if (c.kind !== "exception") continue;
        exceptions++;
        byType.set(c.exceptionType ?? "?", (byType.get(c.exceptionType ?? "?") ?? 0) + 1);
      }
      for (const [type, n] of byType) if (n > 1) split.push(`${f}: ${type} in ${n} clusters`);
    }
    expect(exceptions).toBeGreaterThanOrEqual(5);
    expect(split).toEqual([]);
  });

  it("merges start-up chatter whose words vary, and leaves the crash loop's exception alone", () => {
    const clusters = clusterFile(CRASHLOOP_1000);
    const templates = clusters.map((c) => `${c.count} ${c.template}`);
    // `Loaded FERNET_KEY|JWT_SECRET_KEY|SECRET_KEY|SERVICE_ID|SERVICE_SECRET from environment`: one pattern
    expect(templates).toContain("70 Loaded <*> from environment");
    expect(templates.filter((t) => t.includes("Loaded") && t.includes("from environment"))).toHaveLength(1);
    // the crash loop's own clusters are untouched (see crashloopClusters.test.ts for their counts)
    expect(clusters.filter((c) => c.kind === "exception").map((c) => [c.count, c.exceptionType])).toEqual([
      [15, "RuntimeError"],
      [30, "ModuleNotFoundError"],
    ]);
  });
});
