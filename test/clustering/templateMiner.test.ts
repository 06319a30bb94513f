import { describe, expect, it } from "@jest/globals";
import { maskKindOf } from "../../shared/clustering/maskToken.js";
import { createTemplateMiner, DEFAULT_MINER_SETTINGS } from "../../shared/clustering/templateMiner.js";
import { tokenize } from "../../shared/clustering/tokenize.js";

const cuts = () => ({ lineTooLong: false, tooManyTokens: false });
const tok = (s: string) => tokenize(s, 256, 16384, cuts()).join(" ");

describe("named masks", () => {
  it.each([
    ["12345", "number"],
    ["-3.5e7", "number"],
    ["5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56", "uuid"],
    ["10.0.0.12:8080", "ip"],
    ["fe80::1ff:fe23:4567:890a", "ip"],
    ["https://example.com/a?b=1", "url"],
    ["alice@example.com", "email"],
    ["/var/lib/app/data.db", "path"],
    ["api.example.com:443", "host"],
    ["0xdeadbeef", "hex"],
    ["9f86d081884c7d65", "hex"],
    ["250ms", "duration"],
    ["'a1b2'", "quoted"],
    ["blk_-160899968", "mixed"],
  ])("%s is a %s", (token, kind) => expect(maskKindOf(token)).toBe(kind));
  it("leaves words alone", () => {
    for (const w of ["Connection", "refused", "mapred.job.id", "NODEVssh", "(TID"]) expect(maskKindOf(w)).toBeUndefined();
  });
  it("writes every mask <*> so that different kinds at one place compare equal", () => {
    expect(tok("user 42 from 10.0.0.1 took 250ms")).toBe(tok("user 5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56 from api.example.com took 3s"));
  });
  it("keeps keys and punctuation around a value", () => {
    expect(tok("done uid=0 (TID 12), 40 bytes (3.1 KB) sent")).toBe("done uid=<*> (TID <*>), <*> sent");
  });
});

describe("JSON-aware tokenisation", () => {
  it("flattens a compact JSON object into key=value words, in key order", () => {
    const a = tok('{"level":"info","msg":"order 12 paid","ctx":{"user":"u-1","ms":35}}');
    const b = tok('{"ctx":{"ms":9,"user":"u-22"},"msg":"order 7 paid","level":"info"}');
    expect(a).toBe(b);
    expect(a).toContain("msg= order <*> paid");
    expect(a).not.toContain("{");
  });
  it("reads broken JSON as text", () => {
    expect(tok('{"a": 1, oops}')).toBe('{"a": <*>, oops}');
  });
  it("bounds deep nesting", () => {
    let deep = "1";
    for (let i = 0; i < 5000; i++) deep = `{"k":${deep}}`;
    const t = tokenize(deep, 256, 1 << 20, cuts());
    expect(t.length).toBeLessThanOrEqual(256);
  });
});

describe("template miner", () => {
  it("groups exactly by masked words, with <*> templates", () => {
    const m = createTemplateMiner();
    const a = m.add("Received block blk_123 of size 67108864 from /10.0.0.1");
    const b = m.add("Received block blk_-99 of size 5 from /10.0.0.2");
    const c = m.add("Deleting block blk_123 file /data/1");
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(m.template(a)).toBe("Received block <*> of size <*> from <*>");
  });
  it("keeps very short messages apart", () => {
    const m = createTemplateMiner();
    expect(m.add("VM Started")).not.toBe(m.add("VM Stopped"));
  });
  it("merges long messages differing in one word and keeps the old template in history", () => {
    const words = "the nightly export of the warehouse tables finished and uploaded all files to the bucket for";
    const m = createTemplateMiner();
    const a = m.add(`${words} alpha`);
    const before = m.template(a);
    const b = m.add(`${words} beta`);
    expect(b).toBe(a);
    expect(m.template(a)).toBe(`${words} <*>`);
    expect(m.history(a)).toEqual([before]);
    expect(m.memberKeys(a)).toEqual([`${words} alpha`, `${words} beta`]);
  });
  it("evicts the least recently used template past its bound, and counts it", () => {
    const m = createTemplateMiner({ ...DEFAULT_MINER_SETTINGS, maxClusters: 3 });
    for (const w of ["alpha", "beta", "gamma", "delta", "epsilon"]) m.add(`event ${w} happened`);
    expect(m.size()).toBe(3);
    expect(m.drops().clusterEvicted).toBe(2);
  });
  it("cuts long lines and many tokens, and says so", () => {
    const m = createTemplateMiner({ ...DEFAULT_MINER_SETTINGS, maxTokens: 8, maxLineChars: 100 });
    m.add("a ".repeat(30));
    expect(m.lastCuts().tooManyTokens).toBe(true);
    m.add("x".repeat(500));
    expect(m.lastCuts().lineTooLong).toBe(true);
    expect(m.drops()).toMatchObject({ tooManyTokens: 1, lineTooLong: 1 });
  });
});
