import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startOpenapiValidator, type OpenapiValidator } from "../fakes/githubOpenapiValidator.js";
import { startFakeGithub, type FakeGithub } from "../fakes/githubServer.js";
import { outcomesOf, runPass, SERVICE, workspace, type LinePlan } from "./githubPass.js";

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
  expect(fake.invalid).toEqual([]); // every request matched GitHub's OpenAPI description
  expect([...fake.labels.keys()].filter((l) => l.startsWith("log-gardener:filing:"))).toEqual([]); // no claim labels any more
  await fake.stop();
});

async function state(dir: string) {
  return JSON.parse(await readFile(join(dir, "out", ".state", `${SERVICE}.json`), "utf8")).state;
}

describe("GitHub tracker over whole passes", () => {
  it("24 hourly passes over a recurring problem make one issue and one rolling comment", async () => {
    const dir = await workspace();
    const seen: string[] = [];
    for (let h = 0; h < 24; h++) {
      const out = outcomesOf(await runPass(fake, dir, h, [CRASH]));
      expect(out).toHaveLength(1);
      seen.push(`${out[0]?.action}${out[0]?.action === "commented" ? `:${out[0].comment}` : ""}`);
    }
    expect(seen).toEqual(["created", "commented:new", ...Array(22).fill("commented:edited")]);
    expect(fake.issues.size).toBe(1);
    expect(fake.comments.size).toBe(1);
    expect(fake.count("issues/create")).toBe(1);
    expect(fake.count("issues/create-comment")).toBe(1);
    expect(fake.count("issues/update-comment")).toBe(22);
    const issue = fake.issues.get(1);
    expect(issue?.title).toBe("[P1] shop-api: RuntimeError: payment gateway timed out");
    expect(issue?.labels.sort()).toEqual(["log-gardener", "priority:P1", "service:shop-api"]);
    expect(issue?.body).toMatch(/^<!-- log-gardener:fingerprint=[0-9a-f]{16} -->/);
    const comment = [...fake.comments.values()][0];
    expect(comment?.body).toContain("**Window:** 2026-03-02 23:00:00 UTC to 2026-03-03 00:00:00 UTC");
    const s = await state(dir);
    expect(Object.values(s.issues)).toEqual([expect.objectContaining({ number: 1, statusCommentId: comment?.id, lastWindowEnd: "2026-03-03T00:00:00.000Z" })]);
    expect(s.pending).toEqual([]);
  });

  it("a retried pass over the same window does nothing twice", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    await runPass(fake, dir, 1, [CRASH]);
    const again = outcomesOf(await runPass(fake, dir, 1, [CRASH]));
    expect(again).toEqual([expect.objectContaining({ action: "skipped", reason: expect.stringContaining("already reported") })]);
    expect(fake.count("issues/create")).toBe(1);
    expect(fake.count("issues/create-comment")).toBe(1);
  });

  it("a new comment after the quiet interval and on a priority change (relabelled), edits otherwise", async () => {
    const dir = await workspace();
    const quiet = { commentQuietMs: 3 * 3_600_000 };
    const actions: string[] = [];
    const plans: LinePlan[][] = [[CRASH], [CRASH], [CRASH], [CRASH], [CRASH], [{ ...CRASH, count: 3 }]];
    for (const [h, p] of plans.entries()) {
      const o = outcomesOf(await runPass(fake, dir, h, p, quiet))[0];
      actions.push(o?.action === "commented" ? `${o.comment}${o.reason ? ` (${o.reason})` : ""}` : String(o?.action));
    }
    expect(actions).toEqual([
      "created",
      "new (first status comment)",
      "edited",
      "edited",
      "new (the last comment is older than the quiet interval)",
      "new (priority changed from P1 to P2 (relabelled))",
    ]);
    expect(fake.issues.get(1)?.labels.sort()).toEqual(["log-gardener", "priority:P2", "service:shop-api"]);
    expect(fake.labels.get("priority:P2")?.color).toBe("fbca04");
    expect(fake.comments.size).toBe(3);
  });

  it("closed, then recurring: reopened once with a regressed comment, then the comment is edited", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    fake.close(1, "completed");
    const o1 = outcomesOf(await runPass(fake, dir, 1, [CRASH]));
    expect([...fake.comments.values()][0]?.body).toContain("Regressed: seen again after this issue was closed");
    const o2 = outcomesOf(await runPass(fake, dir, 2, [CRASH]));
    expect(o1).toEqual([expect.objectContaining({ action: "reopened", number: 1 })]);
    expect(o2).toEqual([expect.objectContaining({ action: "commented", comment: "edited" })]);
    expect(fake.issues.get(1)).toMatchObject({ state: "open", state_reason: "reopened" });
    expect(fake.count("issues/reopen")).toBe(1);
    expect(fake.comments.size).toBe(1);
    expect([...fake.comments.values()][0]?.body).toContain("Still happening");
    expect(fake.issues.size).toBe(1);
  });

  it.each([
    ["closed as not planned", (f: FakeGithub) => f.close(1, "not_planned")],
    ["closed as a duplicate", (f: FakeGithub) => f.close(1, "duplicate")],
    ["labelled log-gardener:ignore", (f: FakeGithub) => f.issues.get(1)?.labels.push("log-gardener:ignore")],
  ])("%s: never touched again", async (_name, decide) => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    decide(fake);
    const before = JSON.stringify(fake.issues.get(1));
    const writes = fake.log.length;
    for (let h = 1; h <= 3; h++) {
      expect(outcomesOf(await runPass(fake, dir, h, [CRASH]))).toEqual([expect.objectContaining({ action: "skipped", number: 1, reason: expect.stringContaining("never touched again") })]);
    }
    expect(JSON.stringify(fake.issues.get(1))).toBe(before);
    expect(fake.comments.size).toBe(0);
    expect(fake.log.slice(writes).filter((r) => r.method !== "get")).toEqual([]);
    expect(fake.issues.size).toBe(1);
  });

  it("two concurrent passes over the same window file one issue", async () => {
    const dir = await workspace();
    fake.latencyMs = 3;
    const other = await workspace();
    const second = { worklogs: join(other, "out"), inputDir: other };
    const [a, b] = await Promise.all([runPass(fake, dir, 0, [CRASH]), runPass(fake, dir, 0, [CRASH], second)]);
    fake.latencyMs = 0;
    expect(fake.issues.size).toBe(1);
    expect(fake.count("issues/create")).toBe(1);
    const kinds = [a, b].map((r) => r.services[0]?.kind).sort();
    expect(kinds).toEqual(["conflict", "written"]); // the state commit lets one pass win
    const loser = [a, b].flatMap((r) => (r.services[0]?.kind === "conflict" ? [] : outcomesOf(r)));
    expect(loser.map((x) => x.action)).toEqual([expect.stringMatching(/^(created|deferred|skipped)$/)]);
    // The next hour goes on from the winner's state: still one issue, one comment.
    await runPass(fake, dir, 1, [CRASH]);
    await Promise.all([runPass(fake, dir, 2, [CRASH]), runPass(fake, dir, 2, [CRASH], second)]);
    expect(fake.issues.size).toBe(1);
    expect(fake.comments.size).toBe(1);
  });

  it("a pass that filed but died before committing its state finds its issue by marker, not a second one", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    const other = await workspace(); // a fresh state folder: the commit of the first pass was lost
    const o = outcomesOf(await runPass(fake, other, 0, [CRASH]));
    expect(o).toEqual([expect.objectContaining({ action: "skipped", number: 1, reason: expect.stringContaining("already reported") })]);
    const next = outcomesOf(await runPass(fake, other, 1, [CRASH]));
    expect(next).toEqual([expect.objectContaining({ action: "commented", number: 1 })]);
    expect(fake.issues.size).toBe(1);
  });

  it("a secondary rate limit and 502s mid-run are retried: nothing lost, nothing doubled", async () => {
    const dir = await workspace();
    const SECOND: LinePlan = { text: "KeyError: 'customer_id' in checkout handler", count: 11 };
    fake.failNext(
      { operationId: "issues/list-for-repo", status: 502, message: "Bad Gateway" },
      { operationId: "issues/create", status: 403, message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", headers: { "retry-after": "1" } },
      // the nasty one: GitHub stored the issue and still answered 502
      { operationId: "issues/create", status: 502, message: "Bad Gateway", afterWrite: true },
    );
    const o = outcomesOf(await runPass(fake, dir, 0, [CRASH, SECOND]));
    expect(o.map((x) => x.action)).toEqual(["created", "created"]);
    expect(fake.issues.size).toBe(2);
    expect(fake.log.filter((r) => r.status === 403 || r.status === 502)).toHaveLength(3);
    fake.failNext({ operationId: "issues/create-comment", status: 502, afterWrite: true }, { operationId: "issues/update-comment", status: 502 });
    await runPass(fake, dir, 1, [CRASH, SECOND]);
    await runPass(fake, dir, 2, [CRASH, SECOND]);
    expect(fake.comments.size).toBe(2);
    expect(new Set([...fake.comments.values()].map((c) => c.issue_number))).toEqual(new Set([1, 2]));
    expect(fake.count("issues/update-comment")).toBe(2);
  });

  it("when GitHub stays down the actions stay pending and are done next pass", async () => {
    const dir = await workspace();
    // Every attempt of the pass fails (three, each without the retry plugin: see MAX_CREATE_ATTEMPTS).
    fake.failNext(...Array.from({ length: 3 }, () => ({ operationId: "issues/create", status: 503 })));
    const o = outcomesOf(await runPass(fake, dir, 0, [CRASH]));
    expect(o).toEqual([expect.objectContaining({ action: "failed", reason: expect.stringContaining("server error 503") })]);
    expect(fake.issues.size).toBe(0);
    expect((await state(dir)).pending).toEqual([expect.objectContaining({ reason: expect.stringContaining("503"), snapshot: expect.objectContaining({ priority: "P1" }) })]);
    // The problem stops; the pending create is still done, from the state.
    const next = outcomesOf(await runPass(fake, dir, 1, []));
    expect(next).toEqual([expect.objectContaining({ action: "created", number: 1 })]);
    expect(fake.issues.get(1)?.body).toContain("2026-03-02 00:00:00 UTC to 2026-03-02 01:00:00 UTC");
    expect((await state(dir)).pending).toEqual([]);
  });

  it("caps new issues per pass; the rest are deferred, listed in the worklog and filed later", async () => {
    const dir = await workspace();
    const plans: LinePlan[] = [CRASH, { text: "KeyError: 'sku' in cart", count: 11 }, { text: "ValueError: bad coupon code", count: 2 }];
    const result = await runPass(fake, dir, 0, plans, { maxNewIssues: 1 });
    const o = outcomesOf(result);
    expect(o.map((x) => x.action).sort()).toEqual(["created", "deferred", "deferred"]);
    expect(fake.issues.get(1)?.title).toContain("[P1]");
    const written = result.services[0];
    const md = written?.kind === "written" ? await readFile(written.worklog, "utf8") : "";
    expect(md.match(/Deferred to the next pass: the cap of 1 new issues per pass/g)).toHaveLength(2);
    expect((await state(dir)).pending).toHaveLength(2);
    await runPass(fake, dir, 1, [], { maxNewIssues: 1 });
    await runPass(fake, dir, 2, [], { maxNewIssues: 1 });
    expect([...fake.issues.values()].map((i) => i.title.slice(0, 4))).toEqual(["[P1]", "[P1]", "[P2]"]);
    expect((await state(dir)).pending).toEqual([]);
  });

  it("a status comment deleted by a person is replaced by a new one", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    await runPass(fake, dir, 1, [CRASH]);
    fake.comments.clear();
    expect(outcomesOf(await runPass(fake, dir, 2, [CRASH]))).toEqual([expect.objectContaining({ action: "commented", comment: "new" })]);
    expect(outcomesOf(await runPass(fake, dir, 3, [CRASH]))).toEqual([expect.objectContaining({ action: "commented", comment: "edited" })]);
    expect(fake.comments.size).toBe(1);
  });

  it("an issue deleted on GitHub is dropped from the state and filed again", async () => {
    const dir = await workspace();
    await runPass(fake, dir, 0, [CRASH]);
    fake.issues.delete(1);
    expect(outcomesOf(await runPass(fake, dir, 1, [CRASH]))).toEqual([expect.objectContaining({ action: "created", number: 2 })]);
    expect(Object.values((await state(dir)).issues)).toEqual([expect.objectContaining({ number: 2 })]);
  });

  it("a primary rate limit that resets in an hour is not waited for: pending, done next pass", async () => {
    const dir = await workspace();
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    fake.failNext({ operationId: "issues/list-for-repo", status: 403, message: "API rate limit exceeded for installation", headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } });
    expect(outcomesOf(await runPass(fake, dir, 0, [CRASH]))).toEqual([expect.objectContaining({ action: "failed", reason: expect.stringContaining("rate limited (403)") })]);
    expect((await state(dir)).pending).toHaveLength(1);
    expect(outcomesOf(await runPass(fake, dir, 1, [CRASH]))).toEqual([expect.objectContaining({ action: "created" })]);
    expect((await state(dir)).pending).toEqual([]);
    expect(fake.issues.size).toBe(1);
  });

  it("two services with the same problem share its one issue, each with its own status comment, without relabelling back and forth", async () => {
    const dir = await workspace();
    const OOM: LinePlan = { text: "Memory limit of 512 MiB exceeded with 530 MiB used", count: 12 };
    for (let h = 0; h < 4; h++) {
      await runPass(fake, dir, h, [OOM]); // shop-api: P1
      await runPass(fake, dir, h, [{ ...OOM, count: 3 }], { service: "cart-api" }); // cart-api: P2
    }
    expect(fake.issues.size).toBe(1);
    expect(fake.comments.size).toBe(2);
    expect(fake.count("issues/update")).toBe(0);
    expect(fake.issues.get(1)?.labels.sort()).toEqual(["log-gardener", "priority:P1", "service:shop-api"]);
    expect([...fake.comments.values()].map((c) => /service=([a-z-]+)/.exec(c.body)?.[1]).sort()).toEqual(["cart-api", "shop-api"]);
  });

  it("incidents below the priority threshold are skipped with the reason", async () => {
    const dir = await workspace();
    const o = outcomesOf(await runPass(fake, dir, 0, [{ text: "ValueError: bad coupon code", count: 2 }], { minPriority: "P1" }));
    expect(o).toEqual([expect.objectContaining({ action: "skipped", reason: "P2 is below the issue threshold P1 (GARDENER_ISSUE_MIN_PRIORITY)" })]);
    expect(fake.log).toEqual([]);
  });
});
