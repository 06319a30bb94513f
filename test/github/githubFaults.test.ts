import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { takeLease } from "../../shared/gardener/issueLease.js";
import { emptyState } from "../../shared/state/gardenerState.js";
import { startOpenapiValidator, type OpenapiValidator } from "../fakes/githubOpenapiValidator.js";
import { startFakeGithub, type FakeGithub } from "../fakes/githubServer.js";
import { outcomesOf, runPass, workspace, type LinePlan } from "./githubPass.js";

/**
 * The GitHub fault matrix of issue 13: each case the outside probe found, through whole passes on
 * the real Octokit with its retry and throttling plugins against the fake GitHub.
 */
const CRASH: LinePlan = { text: "RuntimeError: payment gateway timed out", count: 12 };

let validator: OpenapiValidator;
let fake: FakeGithub;
beforeAll(async () => {
  validator = await startOpenapiValidator();
});
afterAll(async () => {
  await validator.stop();
});
beforeEach(async () => {
  fake = await startFakeGithub(validator);
});
afterEach(async () => {
  expect(fake.invalid).toEqual([]);
  await fake.stop();
});

describe("GitHub under faults", () => {
  it("a template that generalises between two hours keeps its one issue (found by alias)", async () => {
    const dir = await workspace();
    const line = (where: string) => `upstream inventory service refused the reservation request for warehouse ${where} after three attempts`;
    const first = outcomesOf(await runPass(fake, dir, 0, [{ text: line("berlin"), count: 12 }]));
    expect(first.map((o) => o.action)).toEqual(["created"]);
    // The next hour the same message varies in one word: the template generalises, its fingerprint changes.
    const second = outcomesOf(await runPass(fake, dir, 1, [{ text: line("berlin"), count: 6 }, { text: line("paris"), count: 6 }]));
    expect(second[0]?.fingerprint).not.toBe(first[0]?.fingerprint);
    expect(second.map((o) => o.action)).toEqual(["commented"]);
    expect(fake.issues.size).toBe(1);
  });

  it("a 502 and then a 502 after the write on create (retry plugin on) file one issue", async () => {
    const dir = await workspace();
    fake.failNext({ operationId: "issues/create", status: 502 }, { operationId: "issues/create", status: 502, afterWrite: true });
    expect(outcomesOf(await runPass(fake, dir, 0, [CRASH])).map((o) => o.action)).toEqual(["created"]);
    expect(fake.issues.size).toBe(1);
    expect(fake.count("issues/create")).toBe(1);
  });

  it("a 502 and then a 502 after the write on a status comment post one comment", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    fake.failNext({ operationId: "issues/create-comment", status: 502 }, { operationId: "issues/create-comment", status: 502, afterWrite: true });
    expect(outcomesOf(await runPass(fake, dir, 1, [CRASH]))).toEqual([expect.objectContaining({ action: "commented", comment: "new" })]);
    expect(fake.comments.size).toBe(1);
    expect(outcomesOf(await runPass(fake, dir, 2, [CRASH]))).toEqual([expect.objectContaining({ action: "commented", comment: "edited" })]);
    expect(fake.comments.size).toBe(1);
  });

  it("a 502 after the first label write does not block filing", async () => {
    const dir = await workspace();
    // Before: the first label written was the pass's claim; it landed, the pass failed, and the claim
    // blocked every pass for 10 minutes. Now the first label written is a real one, and nothing blocks.
    fake.failNext({ operationId: "issues/create-label", status: 502, afterWrite: true });
    expect(outcomesOf(await runPass(fake, dir, 0, [CRASH])).map((o) => o.action)).toEqual(["created"]);
    expect(outcomesOf(await runPass(fake, dir, 0, [CRASH])).map((o) => o.action)).toEqual(["skipped"]); // a retry of the window
    expect(fake.issues.size).toBe(1);
  });

  it("a new issue costs one write (no claim labels), labels created once per repository", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH, { text: "KeyError: 'sku' in cart", count: 11 }]);
    const writes = fake.log.filter((r) => r.method !== "get");
    expect(writes.filter((r) => r.operationId === "issues/create")).toHaveLength(2);
    expect(writes.filter((r) => r.operationId !== "issues/create").map((r) => r.operationId).sort()).toEqual(["issues/create-label", "issues/create-label", "issues/create-label"]);
  });

  it("two concurrent passes over one service: one holds the lease, the other stops before writing to GitHub", async () => {
    const dir = await workspace();
    const other = await workspace();
    fake.latencyMs = 5;
    const [a, b] = await Promise.all([runPass(fake, dir, 0, [CRASH]), runPass(fake, dir, 0, [CRASH], { worklogs: join(other, "out"), inputDir: other })]);
    fake.latencyMs = 0;
    expect([a, b].map((r) => r.services[0]?.kind).sort()).toEqual(["conflict", "written"]);
    expect(fake.issues.size).toBe(1);
    expect(fake.count("issues/create")).toBe(1);
  });
});

describe("the lease", () => {
  it("does not block its own pass when the answer to its write was lost, and blocks another until it expires", async () => {
    const store = localFolderStateStore(await mkdtemp(join(tmpdir(), "lg-lease-")));
    const now = new Date("2026-03-02T01:05:00Z");
    const start = await store.load("shop-api");
    // The lease write landed but its answer was lost: the pass still holds the generation it read.
    const landed = await store.commit("shop-api", { ...emptyState("shop-api"), lease: { owner: "pass-a", until: "2026-03-02T01:35:00.000Z" } }, start.generation);
    expect(landed.kind).toBe("committed");
    expect(await takeLease(store, "shop-api", start, "pass-a", now)).toMatchObject({ kind: "held" });
    const b = await takeLease(store, "shop-api", await store.load("shop-api"), "pass-b", now);
    expect(b).toEqual({ kind: "busy", detail: "another pass holds the lease on shop-api until 2026-03-02T01:35:00.000Z" });
    const later = await takeLease(store, "shop-api", await store.load("shop-api"), "pass-b", new Date("2026-03-02T01:40:00Z"));
    expect(later.kind === "held" && later.loaded.state.lease?.owner).toBe("pass-b");
  });
});
