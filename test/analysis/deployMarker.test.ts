import { readFile } from "node:fs/promises";
import { expect, it } from "@jest/globals";
import { deployMarkerOf } from "../../shared/analysis/deployMarker.js";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import { describeWithSharedData, MIXED_100 } from "../realdata/sharedData.js";

describeWithSharedData("deploy markers in the real mixed-services export", () => {
  it("finds the Ready revisions (system_event) and the deploy requests (audit activity)", async () => {
    const raw = JSON.parse(await readFile(MIXED_100, "utf8")) as unknown[];
    const markers = raw.flatMap((r) => {
      const n = normalizeEntry(r);
      const m = n.ok ? deployMarkerOf(n.entry) : undefined;
      return m ? [m] : [];
    });
    const ready = markers.filter((m) => m.kind === "revision-ready").map((m) => m.revision);
    expect(new Set(ready)).toEqual(new Set(["netra-frontend-staging-00006-g8g", "netra-auth-service-00007-5rx"]));
    expect(markers.filter((m) => m.kind === "deploy-requested").length).toBeGreaterThan(0);
    expect(markers.every((m) => m.text.length <= 300)).toBe(true);
  });
});

describeWithSharedData("deploy markers are log text", () => {
  it("never carry the deploying account's address into the worklog", async () => {
    const raw = JSON.parse(await readFile(MIXED_100, "utf8")) as unknown[];
    const texts = raw.flatMap((r) => {
      const n = normalizeEntry(r);
      const m = n.ok ? deployMarkerOf(n.entry) : undefined;
      return m ? [m.text] : [];
    });
    expect(texts.some((t) => t.includes("[REDACTED email]"))).toBe(true);
    expect(texts.some((t) => /@[a-z-]+\.iam\.gserviceaccount\.com/.test(t))).toBe(false);
  });
});
