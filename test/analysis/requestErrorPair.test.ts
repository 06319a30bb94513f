import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "@jest/globals";
import { describeWithSharedData, SHARED_DATA } from "../realdata/sharedData.js";
import { runPass } from "./runPass.js";

const PAIR = join(SHARED_DATA, "cloud-logging", "08-cloudrun-requests-500-and-fastapi-traceback-pair.json");

describeWithSharedData("a 500 and its traceback without a trace id (real pair)", () => {
  it("become one incident rooted in the TypeError, linked by instance and time", async () => {
    const { json: w } = await runPass(PAIR, await mkdtemp(join(tmpdir(), "lg-pair-")));
    expect(w.incidents).toHaveLength(1);
    const inc = w.incidents[0];
    const root = w.clusters.find((c) => c.id === inc?.rootCause);
    expect(root?.kind).toBe("exception");
    expect(inc?.title).toMatch(/^TypeError: /);
    // The traceback came 7 ms after the 500 was answered (start + latency), on the same instance.
    expect(inc?.symptoms?.[0]?.why).toEqual([expect.stringMatching(/^1 of C\d+'s 1 failed request came with C\d+ on the same instance, within 50 ms of the answer$/)]);
  });
});
