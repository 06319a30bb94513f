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
    expect(tok("user 42 from 10.0.0.1 took 250ms")).toBe(tok("user 5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56 from api.example.com:443 took 3s"));
  });
  it("keeps keys and punctuation around a value", () => {
    expect(tok("done uid=0 (TID 12), 40 bytes (3.1 KB) sent")).toBe("done uid=<*> (TID <*>), <*> bytes (<*> KB) sent");
  });
  it("keeps a quoted value's quotes paired", () => {
    expect(tok('time="2024-05-07T11:59:43.954Z" level=info')).toBe('time="<*>" level=info');
    expect(tok('line=":PREROUTING ACCEPT [0:0]" table="nat"')).toBe('line=":PREROUTING ACCEPT <*>" table="nat"');
  });
  it("masks a date written out around a time of day as one variable, by its shape", () => {
    expect(tok("connection from 10.1.2.3 () at Fri Jun 17 07:07:00 2005")).toBe("connection from <*> at <*>");
    expect(tok("status=M Thu Aug 04 15:29:45 PDT 2005")).toBe("status=M <*>");
    // a capitalised word that is not next to a time of day stays a word
    expect(tok("Sat on the mat for 3 hours")).toBe("Sat on the mat for <*> hours");
  });
  it("has no word lists: names after `user`, host names without a port and units stay words for the miner to judge", () => {
    expect(tok("session opened for user alice")).toBe("session opened for user alice");
    expect(tok("Invalid user user from 10.0.0.1")).toBe("Invalid user user from <*>");
    expect(tok("resolved www.example.com")).toBe("resolved www.example.com");
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
  it("keeps two values of a word apart: a pair of states is not yet a variable", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const started = m.add("[instance: 5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56] VM Started (Lifecycle Event)");
    const stopped = m.add("[instance: 5f2c0a1e-9b7d-4c1e-8f00-aa12bb34cc56] VM Stopped (Lifecycle Event)");
    m.finalise();
    expect(m.rootOf(started)).not.toBe(m.rootOf(stopped));
  });
  it("makes a position a variable once three words were seen there, however skewed (online)", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) ids.push(m.add(`Login refused for admin from 10.0.${i % 250}.${i % 7}`));
    for (const u of ["backup", "deploy", "backup", "deploy", "user"]) ids.push(m.add(`Login refused for ${u} from 10.1.0.9`));
    expect(new Set(ids.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(ids[0] as number)).toBe("Login refused for <*> from <*>");
    // the templates it had on the way stay known (aliases of the key)
    expect(m.history(ids[0] as number)).toEqual(expect.arrayContaining(["Login refused for admin from <*>"]));
  });
  it("merges rare variants of a short message and words with punctuation inside", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const stops = ["service-a", "service-b", "service-c"].map((s) => m.add(`stopping ${s}`));
    const slots = ["slot(3)", "alpha", "beta"].map((s) => m.add(`worker waiting in scoreboard ${s}`));
    m.finalise();
    expect(new Set(stops.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(stops[0] as number)).toBe("stopping <*>");
    expect(new Set(slots.map((id) => m.rootOf(id))).size).toBe(1);
  });
  it("reads true, false and null as values, like numbers, wherever they stand", () => {
    expect(tok("cache hit=false ready true, value (null) retry=True")).toBe("cache hit=<*> ready <*>, value <*> retry=<*>");
    expect(tok("nullable trueness falsehood")).toBe("nullable trueness falsehood");
    expect(tokenize('{"ok":false,"msg":"done"}', 256, 16384, cuts()).join(" ")).toBe(tokenize('{"ok":true,"msg":"done"}', 256, 16384, cuts()).join(" "));
  });
  it("makes a position a variable with two words where they are plainly values: a unit after a value, one key's values", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const sizes = ["93.0 B", "5.2 KB", "384.0 B", "8.8 KB"].map((v) => m.add(`Block rdd_${v.length} stored (estimated size ${v}, free 317.1 KB)`));
    const users = ["root", "guest", "root"].map((u) => m.add(`auth failure; uid=0 rhost=10.0.0.${u.length} user=${u}`));
    m.finalise();
    expect(new Set(sizes.map((id) => m.rootOf(id))).size).toBe(1);
    expect(new Set(users.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(users[0] as number)).toBe("auth failure; uid=<*> rhost=<*> user=<*>");
  });
  it("keeps two words apart where nothing says they are values: after a leading or closed variable, under different keys", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const lead = ["SetProperty", "CopyProperty"].map((p, i) => m.add(`[17:19:1${i}.148] ${p} signalled err=-12785 (kFigBaseObjectError_Invalidated) (invalidated) at player.c line 5`));
    const closed = ["disk", "vcpu"].map((r) => m.add(`[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] ${r} limit not specified, defaulting to unlimited`));
    const keys = ["user=root", "group=root"].map((k) => m.add(`session opened for ${k} by uid=0`));
    // The first word of a quoted phrase is not a whole value: ImageCreate and ImageUpdate are two events.
    const phrase = ["ImageCreate", "ImageUpdate"].map((e) => m.add(`time="2024-05-07T11:59:43.954Z" level=info msg="${e} event name:sha256:9c8e labels:{io.cri-containerd.image: managed}"`));
    m.finalise();
    for (const pair of [lead, closed, keys, phrase]) expect(m.rootOf(pair[0] as number)).not.toBe(m.rootOf(pair[1] as number));
  });
  it("joins messages whose variable spans a varying number of words (after the fact)", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const sent = i % 2 ? `${100 + i} bytes` : `${1190 + i} bytes (1.${i} KB)`;
      const received = i % 3 ? `${400 + i} bytes` : `${20000 + i} bytes (${i}.5 MB)`;
      const lifetime = i % 5 ? `00:0${i % 10}` : "<1 sec";
      ids.push(m.add(`relay.example.com:5070 close, ${sent} sent, ${received} received, lifetime ${lifetime}`));
    }
    expect(new Set(ids.map((id) => m.rootOf(id))).size).toBeGreaterThan(1);
    m.finalise();
    expect(new Set(ids.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(ids[0] as number)).toBe("<*> close, <*> bytes <*> sent, <*> bytes <*> received, lifetime <*>");
  });
  it("does not take a word at the start, a trailing key=value or word, punctuation or other words for a longer value", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const pairs: [string, string][] = [
      ["relay.example.com:5070 open through proxy 10.0.0.1:8080 HTTPS", "relay.example.com:5070 open through proxy 10.0.0.1:8080 SOCKS5"],
      ["authentication failure; logname= uid=0 euid=0 ruser= rhost=10.0.0.1", "authentication failure; logname= uid=0 euid=0 ruser= rhost=10.0.0.1 user=root"],
      ["Fan speeds ( 3552 3534 3375 3515 3479 )", "Fan speeds ( 3552 3534 **** 3515 3479 )"],
      ["program interrupt: 12 fp cr field 7", "program interrupt: 12 7"],
      ["appSynTimes is 0", "appSynTimes is 0, statsyncTimes is 0"],
      ["request 12 served in 30 ms by worker 4", "request 12 served in 30 seconds, slowly by worker 4"],
    ];
    const ids = pairs.map(([a, b]) => [0, 1, 2].map((k) => [m.add(a.replace(/\d+/g, (d) => String(Number(d) + k))), m.add(b.replace(/\d+/g, (d) => String(Number(d) + k)))]));
    m.finalise();
    for (const [i, triple] of ids.entries()) expect([pairs[i]?.[0], m.rootOf(triple[0]?.[0] as number) === m.rootOf(triple[0]?.[1] as number)]).toEqual([pairs[i]?.[0], false]);
  });
  it("bounds the comparisons of templates of different lengths at the end, and counts the pairs it left", () => {
    const m = createTemplateMiner();
    // Hundreds of templates of 5 to 44 words with one first word: about 100,000 candidate pairs.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 5_000; i++) {
      const words = ["Error:"];
      const n = 4 + Math.floor(next() * 40);
      for (let k = 0; k < n; k++) words.push(`${next() < 0.5 ? "alpha" : "beta"}${String.fromCharCode(97 + (k % 26))}${k >= 26 ? "z" : ""}`);
      m.add(words.join(" "));
    }
    expect(m.drops().spanPairsSkipped).toBe(0);
    m.finalise();
    expect(m.drops().spanPairsSkipped).toBeGreaterThan(0);
  });
  it("keeps a key and its quotes around a value that became a variable", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const ids = ["cali-FORWARD", "cali-INPUT", "cali-OUTPUT"].map((c) => m.add(`Skipping expected chain chainName="${c}" ipVersion=0x4 table="filter"`));
    expect(new Set(ids.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(ids[0] as number)).toBe('Skipping expected chain chainName="<*>" ipVersion=<*> table="filter"');
    // a letters-only value joins a template whose variable was first seen with digits
    const json = ["q62wCcIkEOue9FKF", "15eSzaEG0enf86Kl", "luflyGZvZnLzhQEH"].map((id) => m.add(`id=${id} level=debug msg="check capacity complete"`));
    expect(new Set(json.map((id) => m.rootOf(id))).size).toBe(1);
  });
  it("never turns most of a message into variables", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const ids = ["data storage interrupt", "data address: 0x0004", "instruction address: 0x00a1", "machine check: i-fetch......0", "wait state enable.......0"].map((x) => m.add(x));
    m.finalise();
    for (const id of ids) expect(m.template(id)).not.toMatch(/^(?:<\*> ?)+$/);
    // an HTTP method in a line of variables is what the line is about: it stays
    const get = m.add('10.11.10.1 "GET /v2/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829');
    const post = m.add('10.11.10.1 "POST /v2/servers HTTP/1.1" status: 202 len: 380 time: 0.0913219');
    const del = m.add('10.11.10.1 "DELETE /v2/servers/1 HTTP/1.1" status: 204 len: 203 time: 0.2534380');
    m.finalise();
    expect(new Set([get, post, del].map((id) => m.rootOf(id))).size).toBe(3);
  });
  it("merges after the fact what arrived in an order that hid it", () => {
    const m = createTemplateMiner(undefined, { keepRetired: true });
    const alpha = ["red", "blue", "green"].map((c) => m.add(`job alpha failed on node ${c}`));
    const beta = m.add("job beta failed on node red");
    const gamma = m.add("job gamma failed on node blue");
    expect(new Set(alpha.map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.rootOf(beta)).not.toBe(m.rootOf(alpha[0] as number));
    m.finalise();
    expect(new Set([...alpha, beta, gamma].map((id) => m.rootOf(id))).size).toBe(1);
    expect(m.template(beta)).toBe("job <*> failed on node <*>");
  });
  it("reports merges to its caller as they happen", () => {
    const merges: [number, number][] = [];
    const m = createTemplateMiner(undefined, { onMerge: (from, into) => merges.push([from, into]) });
    const a = m.add("stopping service-a");
    const b = m.add("stopping service-b");
    expect(merges).toEqual([]);
    const c = m.add("stopping service-c");
    expect(merges).toEqual([[b, a]]);
    expect(c).toBe(a);
  });
  it("evicts the least recently used template past its bound, and counts it", () => {
    const m = createTemplateMiner({ ...DEFAULT_MINER_SETTINGS, maxClusters: 3 });
    for (const w of ["alpha one", "beta two three", "gamma", "delta four five six", "epsilon seven eight nine ten"]) m.add(w);
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
