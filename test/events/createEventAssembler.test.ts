import { readFile } from "node:fs/promises";
import { describe, expect, it } from "@jest/globals";
import { normalizeEntry } from "../../shared/entries/normalizeEntry.js";
import type { Entry } from "../../shared/entries/entry.js";
import { createEventAssembler } from "../../shared/events/createEventAssembler.js";
import type { LogEvent } from "../../shared/events/logEvent.js";
import { DEFAULT_STITCH_LIMITS } from "../../shared/events/stitchLimits.js";
import { CRASHLOOP_1000, describeWithSharedData } from "../realdata/sharedData.js";
import { assembleAll } from "./assembleAll.js";
import { entryOf } from "./entryOf.js";

const run = assembleAll;

const T0 = Date.parse("2025-09-16T01:40:54.560Z");
const CHAIN = [
  "[2025-09-16 01:40:54 +0000] [13] [ERROR] Exception in worker process",
  'Traceback (most recent call last):\n  File "/app/a.py", line 1, in f\nModuleNotFoundError: No module named \'x\'',
  "During handling of the above exception, another exception occurred:",
  'Traceback (most recent call last):\n  File "/app/b.py", line 2, in g\nRuntimeError: setup failed',
  "[2025-09-16 01:40:54 +0000] [13] [INFO] Worker exiting (pid: 13)",
];

describe("createEventAssembler", () => {
  it("stitches a chained traceback with its gunicorn header and exit line, in either input order", () => {
    const entries = CHAIN.map((m, i) => entryOf(m, T0, { insertId: `id${i}`, severity: m.startsWith("Traceback") ? "ERROR" : "DEFAULT" }));
    for (const input of [entries, [...entries].reverse()]) {
      const events = run(input);
      expect(events).toHaveLength(1);
      const ev = events[0] as LogEvent;
      expect(ev.parts).toBe(5);
      expect(ev.stitch).toBe("python-traceback");
      expect(ev.severity).toBe("ERROR");
      expect(ev.severityInferred).toBe(false);
      expect(ev.text.split("\n")[0]).toContain("Exception in worker process");
      expect(ev.text).toContain("RuntimeError: setup failed");
    }
  });

  it("keeps separate instances and separate moments apart", () => {
    const a = CHAIN.slice(1, 4).map((m, i) => entryOf(m, T0, { instance: "a", insertId: `a${i}` }));
    const b = CHAIN.slice(1, 4).map((m, i) => entryOf(m, T0, { instance: "b", insertId: `b${i}` }));
    const interleaved = a.flatMap((e, i) => [e, b[i] as Entry]);
    expect(run(interleaved).map((e) => e.parts)).toEqual([3, 3]);
    const later = entryOf("During handling of the above exception, another exception occurred:", T0 + 5000);
    expect(run([entryOf(CHAIN[1] as string, T0), later]).map((e) => e.parts)).toEqual([1, 1]);
  });

  it("stitches gunicorn boot and exit lines, a Python traceback split per line, a Node stack and pretty-printed JSON", () => {
    const lines = (msgs: string[], at: number) => msgs.map((m, i) => entryOf(m, at + i, { insertId: `${at}-${i}` }));
    const boot = lines(["[t] [12] [INFO] Starting gunicorn 23.0.0", "[t] [12] [INFO] Listening at: http://0.0.0.0:8000 (12)", "[t] [12] [INFO] Using worker: uvicorn.workers.UvicornWorker", "[t] [13] [INFO] Booting worker with pid: 13"], T0);
    const exit = lines(["[t] [12] [ERROR] Worker (pid:13) exited with code 3", "[t] [12] [ERROR] Shutting down: Master", "[t] [12] [ERROR] Reason: Worker failed to boot."], T0 + 10_000);
    const py = lines(["Traceback (most recent call last):", '  File "/app/db.py", line 9, in connect', "    conn = pool.get()", "TimeoutError: pool timeout"], T0 + 20_000);
    const node = lines(["TypeError: Cannot read properties of undefined (reading 'id')", "    at handler (/app/server.js:10:5)", "    at process (/app/server.js:20:3)"], T0 + 30_000);
    const json = lines(["{", '  "level": "error",', '  "msg": "payment failed"', "}"], T0 + 40_000);
    const events = run([...boot, ...exit, ...py, ...node, ...json]);
    expect(events.map((e) => [e.stitch, e.parts, e.severity])).toEqual([
      ["gunicorn-boot", 4, "INFO"],
      ["gunicorn-exit", 3, "ERROR"],
      ["python-traceback", 4, "ERROR"],
      ["node-stack", 3, "ERROR"],
      ["json-lines", 4, "ERROR"],
    ]);
    expect(events.every((e) => e.severityInferred)).toBe(true);
  });

  it("passes request logs and structured entries straight through and counts forced flushes at its bound", () => {
    const req = { ...entryOf("", T0), httpRequest: { method: "GET", url: "/x", status: 200 } };
    const a = createEventAssembler();
    expect(a.add(req)).toHaveLength(1);
    const small = { ...DEFAULT_STITCH_LIMITS, maxBufferedPerStream: 2 };
    const events = run(CHAIN.map((m, i) => entryOf(m, T0, { insertId: `id${i}` })), small);
    expect(events.reduce((n, e) => n + e.parts, 0)).toBe(5);
    const b = createEventAssembler(small);
    for (const [i, m] of CHAIN.entries()) b.add(entryOf(m, T0, { insertId: `id${i}` }));
    b.flush();
    expect(b.stats().forcedFlushes).toBe(2);
  });
});

describeWithSharedData("event assembly on the real crash-loop export", () => {
  it("joins each restart cycle's traceback chain, gunicorn boot and gunicorn exit into one event each", async () => {
    const raw = JSON.parse(await readFile(CRASHLOOP_1000, "utf8")) as unknown[];
    const entries = raw.map((r) => normalizeEntry(r)).flatMap((n) => (n.ok ? [n.entry] : []));
    expect(entries).toHaveLength(1000);
    for (const input of [entries, [...entries].reverse()]) {
      const a = createEventAssembler();
      const events: LogEvent[] = [];
      for (const e of input) events.push(...a.add(e));
      events.push(...a.flush());
      expect(events.reduce((n, e) => n + e.parts, 0)).toBe(1000);
      const s = a.stats();
      expect(s.byKind).toEqual({ "python-traceback": 15, "gunicorn-exit": 15, "gunicorn-boot": 14 });
      expect(s.forcedFlushes).toBe(0);
      const chains = events.filter((e) => e.stitch === "python-traceback");
      expect(chains.every((e) => e.parts === 7 && /ModuleNotFoundError[\s\S]*During handling[\s\S]*RuntimeError/.test(e.text))).toBe(true);
    }
  });
});

describe("event assembly whatever the input order", () => {
  it("keeps the growing event buffered when a chatty instance hits the per-stream bound", () => {
    const chatter = Array.from({ length: 30 }, (_, i) => entryOf(`INFO line ${i}`, T0 - 3000 + i * 100, { insertId: `n${String(i).padStart(2, "0")}` }));
    const chain = CHAIN.map((m, i) => entryOf(m, T0 + 10, { insertId: `z${i}` }));
    for (const input of [[...chatter, ...chain], [...chain, ...chatter].reverse()]) {
      const a = createEventAssembler({ ...DEFAULT_STITCH_LIMITS, maxBufferedPerStream: 8 });
      const events: LogEvent[] = [];
      for (const e of input) events.push(...a.add(e));
      events.push(...a.flush());
      expect(a.stats().forcedFlushes).toBeGreaterThan(0);
      expect(events.filter((e) => e.parts > 1).map((e) => e.parts)).toEqual([5]);
      expect(events.reduce((n, e) => n + e.parts, 0)).toBe(35);
    }
  });

  it("puts every entry in exactly one event and groups the same way for either sort order, ties in any order", async () => {
    const fc = (await import("fast-check")).default;
    const cycle = (instance: string, at: number) => [
      ...CHAIN.map((m, i) => entryOf(m, at, { instance, insertId: `${instance}-c${i}` })),
      ...["[t] [12] [ERROR] Worker (pid:13) exited with code 3", "[t] [12] [ERROR] Shutting down: Master", "[t] [12] [ERROR] Reason: Worker failed to boot."].map((m, i) =>
        entryOf(m, at + 400, { instance, insertId: `${instance}-x${i}` }),
      ),
      entryOf("Backend Service: Running in staging", at + 3000, { instance, insertId: `${instance}-s` }),
    ];
    const all = [...cycle("a", T0), ...cycle("b", T0 + 100), ...cycle("a", T0 + 10_000)];
    const shape = (events: LogEvent[]) => events.map((e) => `${e.entry.labels.instanceId}@${e.entry.timeMs}:${e.parts}`).sort();
    const expected = shape(run(all));
    expect(expected).toHaveLength(9);
    fc.assert(
      // Exports come sorted, oldest or newest first; entries of one millisecond in any order, and
      // entries of different instances interleaved any way.
      fc.property(fc.boolean(), fc.array(fc.nat(), { minLength: all.length, maxLength: all.length }), (newestFirst, keys) => {
        const ranked = all.map((e, i) => ({ e, k: keys[i] as number }));
        ranked.sort((x, y) => (newestFirst ? y.e.timeMs - x.e.timeMs : x.e.timeMs - y.e.timeMs) || x.k - y.k);
        const events = run(ranked.map((r) => r.e));
        expect(events.reduce((n, e) => n + e.parts, 0)).toBe(all.length);
        expect(shape(events)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe("multi-line prints beyond tracebacks", () => {
  const burst = (msgs: string[], at: number, instance = "i1") => msgs.map((m, i) => entryOf(m, at + i * 0.02, { insertId: `${at}-${i}`, instance }));
  it.each([
    ["a console.log object dump", ["Auth failed {", "  status: 401,", "  error: 'invalid_grant',", "  detail: { retry: false }", "}"], "json-lines", "Auth failed"],
    ["a Python repr spread over lines", ["Map([<Rule '/static/<filename>' (GET, HEAD) -> static>,", " <Rule '/api/items' (GET) -> items>,", " <Rule '/health' (GET) -> health>])"], "object-dump", "Map([<Rule '/static/<filename>' (GET, HEAD) -> static>,"],
    ["pydantic's field list", ["2 validation errors for Settings", "database_url", "  Field required [type=missing, input_value={}, input_type=dict]", "secret_key", "  Field required [type=missing, input_value={}, input_type=dict]"], "validation-list", "2 validation errors for Settings"],
    ["a Java exception with its cause", ['Exception in thread "main" java.lang.IllegalStateException: context failed', "\tat com.example.App.start(App.java:42)", "Caused by: java.net.ConnectException: Connection refused", "\tat java.base/sun.nio.ch.Net.connect0(Native Method)", "\t... 12 more"], "java-stack", undefined],
    ["a Go error over several lines", ["2026/05/01 10:00:00 startup failed:", "open config.yaml: no such file or directory", "check CONFIG_PATH"], "go-multiline", "2026/05/01 10:00:00 startup failed:"],
    ["a printed table", ["Routes:", "+--------+-------------+", "| method | path        |", "+--------+-------------+", "| GET    | /api/items  |", "+--------+-------------+"], "table", "Routes:"],
    [".NET's console logger", ["fail: Orders.Api.Program[0]", "      Startup failed: the connection string is empty"], "indented", "fail: Orders.Api.Program[0] Startup failed: the connection string is empty"],
    [
      "Spring Boot's failure report below its logger's record",
      [
        "2024-05-01T10:00:00.123Z ERROR 1 --- [           main] o.s.b.d.LoggingFailureAnalysisReporter   : ",
        "***************************",
        "APPLICATION FAILED TO START",
        "***************************",
        "Description:",
        "Web server failed to start. Port 8080 was already in use.",
        "Action:",
        "Identify and stop the process that's listening on port 8080 or configure this application to listen on another port.",
      ],
      "record-body",
      "APPLICATION FAILED TO START",
    ],
    ["npm's report of a failed script", ["npm error path /app", "npm error command failed", "npm error signal SIGTERM", "npm error command sh -c node server.js"], "npm-block", undefined],
  ])("%s is one event, titled by the line a reader quotes", (_what, lines, kind, title) => {
    const events = run(burst(lines as string[], T0));
    expect(events.map((e) => [e.stitch, e.parts])).toEqual([[kind, (lines as string[]).length]]);
    expect(events[0]?.title).toBe(title);
  });

  it("ends a record's body at the next record, and opens none for a record that says its message on its own line", () => {
    const report = ["2024-05-01T10:00:00.123Z ERROR 1 --- [           main] o.s.b.d.LoggingFailureAnalysisReporter   : ", "APPLICATION FAILED TO START", "2024-05-01T10:00:00.200Z  INFO 1 --- [           main] o.a.c.c.StandardService   : Stopping service [Tomcat]"];
    expect(run(burst(report, T0)).map((e) => [e.stitch, e.parts])).toEqual([["record-body", 2], [undefined, 1]]);
    const said = ["2024-05-01T10:00:00.123Z  INFO 1 --- [           main] com.example.App   : Started App in 2.1 seconds", "Listening on 8080"];
    expect(run(burst(said, T0)).map((e) => e.parts)).toEqual([1, 1]);
  });

  it("keeps separate prints apart: a later line, another instance, a line that starts a record", () => {
    const dump = ["Auth failed {", "  status: 401,", "}"];
    expect(run([...burst(dump, T0), ...burst(["  status: 500,"], T0 + 5000)]).map((e) => e.parts)).toEqual([3, 1]);
    expect(run(burst(["2026/05/01 10:00:00 started", "2026/05/01 10:00:00 listening on :8080"], T0)).map((e) => e.parts)).toEqual([1, 1]);
    expect(run([...burst(["Operations:"], T0, "a"), ...burst(["  migrate"], T0 + 1, "b")]).map((e) => e.parts)).toEqual([1, 1]);
  });

  it("knows a graceful shutdown from a dead worker, and npm's SIGTERM report from a failure", () => {
    const graceful = run(burst(["[t] [1] [INFO] Handling signal: term"], T0));
    expect(graceful[0]?.lifecycle).toBe("shutdown");
    const died = run(burst(["[t] [1] [ERROR] Worker (pid:9) exited with code 3", "[t] [1] [ERROR] Shutting down: Master", "[t] [1] [ERROR] Reason: Worker failed to boot."], T0));
    expect(died.map((e) => [e.stitch, e.lifecycle])).toEqual([["gunicorn-exit", "worker-death"]]);
    const npm = run(burst(["npm error path /app", "npm error signal SIGTERM"], T0));
    expect(npm.map((e) => [e.severity, e.lifecycle])).toEqual([["ERROR", "shutdown"]]);
  });
});
