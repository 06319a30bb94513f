import { describe, expect, it } from "@jest/globals";
import { latestBaseName, worklogBaseName } from "../../shared/adapters/worklogPaths.js";
import { unitKey } from "../../shared/resources/gardenedUnit.js";
import { parseUnitSelector } from "../../shared/resources/unitSelector.js";

const keyOf = (text: string) => {
  const p = parseUnitSelector(text);
  if (!p.ok) throw new Error(p.problem);
  return p.selector.key;
};

describe("--service selectors", () => {
  it("match a unit case-insensitively through its key, a function's mixed-case name included", () => {
    expect(keyOf("onWrite_Food_Listings")).toBe(unitKey({ kind: "cloud-function", name: "onwrite-food-listings" }));
    expect(keyOf("ONWRITE-FOOD-LISTINGS")).toBe("onwrite-food-listings");
    expect(keyOf("checkout-api")).toBe(unitKey({ kind: "cloud-run-service", name: "checkout-api" }));
    expect(keyOf("run-job/Nightly")).toBe(unitKey({ kind: "cloud-run-job", name: "nightly" }));
    expect(keyOf("app-engine/default")).toBe(unitKey({ kind: "app-engine-service", name: "default" }));
    expect(keyOf("gke/prod/api")).toBe(unitKey({ kind: "gke-workload", name: "prod/api" }));
  });

  it("refuse what no unit can be called, saying which forms there are", () => {
    for (const bad of ["checkout api", "-x", "x_", "gke/prod", "gke/prod/api/extra", "app-engine/", "lambda/foo", "a".repeat(64)]) {
      const p = parseUnitSelector(bad);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.problem).toContain("run-job/NAME, app-engine/NAME or gke/NAMESPACE/WORKLOAD");
    }
  });
});

describe("worklog paths and state keys from a unit's key", () => {
  const window = { start: "2025-09-16T01:00:00Z", end: "2025-09-16T02:00:00Z" };
  it("keep a Cloud Run service's paths as they always were", () => {
    expect(worklogBaseName(unitKey({ kind: "cloud-run-service", name: "checkout-api" }), window)).toBe("checkout-api/2025/09/16/0200Z");
    expect(latestBaseName("checkout-api")).toBe("checkout-api/latest");
  });

  it("nest other kinds under their prefix, one segment per name part, each made safe", () => {
    expect(worklogBaseName(unitKey({ kind: "gke-workload", name: "prod/api" }), window)).toBe("gke/prod/api/2025/09/16/0200Z");
    expect(latestBaseName(unitKey({ kind: "cloud-function", name: "onWrite_Food" }))).toBe("onwrite-food/latest");
    // A name from a log entry never climbs out of its folder.
    expect(latestBaseName("gke/../..")).toBe("gke/_/_/latest");
  });
});
