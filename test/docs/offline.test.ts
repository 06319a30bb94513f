import { promises as dns } from "node:dns";
import { describe, expect, it } from "@jest/globals";

/** In CI every test process runs under ../shared/tools/netguard.cjs; prove the guard is really loaded. */
const inCi = process.env.REQUIRE_SHARED_DATA === "1";

(inCi ? describe : describe.skip)("the CI test run is offline", () => {
  it("loads the network guard into the test workers", async () => {
    expect(process.env.NODE_OPTIONS ?? "").toContain("netguard.cjs");
    // The guard answers before any resolver is asked: nothing leaves the machine.
    await expect(dns.lookup("guard-check.invalid")).rejects.toMatchObject({ code: "ENETGUARD" });
  });
});
