import { UserError } from "../shared/util/userError.js";
import { seededRandom } from "./seededRandom.js";

/**
 * A realistic, deterministic Cloud Run export (the `gcloud logging read --format=json` shape:
 * one JSON array, newest first; one entry per line to keep the file small) for the fictional service `checkout-api`. The bundled sample hour is its output:
 *
 *   node dist/scripts/generate-sample-hour.js > sample/sample-hour.json
 *
 * What the hour holds, amid normal request and INFO traffic (health checks included):
 * - from 14:12 a bad revision (checkout-api-00042-vex) in a crash loop: a Python ModuleNotFoundError at
 *   import, the chained traceback split by the platform, gunicorn boot and exit lines with no severity,
 *   "Container called exit(3).", failed start-up probes, autoscaling messages and 503 request logs;
 * - a slow search endpoint (latency warnings), throughout;
 * - an intermittent database timeout (a traceback and a 500 on the same trace), every few minutes.
 * Options: --start ISO (hour start, default 2026-03-10T14:00:00Z), --hours N, --rps R (requests per
 * second, default 1), --next (the following hour after the fix: no crash loop, the rest continues),
 * --ndjson. Output is streamed minute by minute, so millions of entries take flat memory.
 */
type Obj = Record<string, unknown>;

export interface SampleOptions {
  startMs: number;
  hours: number;
  rps: number;
  next: boolean;
  ndjson: boolean;
}

const PROJECT = "acme-shop-prod";
const SERVICE = "checkout-api";
const LOCATION = "us-central1";
const GOOD_REV = "checkout-api-00041-kof";
const BAD_REV = "checkout-api-00042-vex";
const FIXED_REV = "checkout-api-00043-wup";
const HOST = "https://checkout-api-7gq2xk3vba-uc.a.run.app";
const MINUTE = 60_000;
/** Minutes after the hour start at which the bad revision is deployed and starts crash-looping. */
const CRASH_FROM_MIN = 12;
/** Seconds between two restarts of the crash-looping revision. */
const CRASH_CYCLE_S = 50;

export function parseSampleOptions(argv: string[]): SampleOptions {
  const o: SampleOptions = { startMs: Date.parse("2026-03-10T14:00:00Z"), hours: 1, rps: 1, next: false, ndjson: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v as string;
    };
    if (a === "--start") o.startMs = Date.parse(val());
    else if (a === "--hours") o.hours = Number(val());
    else if (a === "--rps") o.rps = Number(val());
    else if (a === "--next") o.next = true;
    else if (a === "--ndjson") o.ndjson = true;
    else fail(`unknown option ${a}: use --start ISO, --hours N, --rps R, --next, --ndjson`);
  }
  if (Number.isNaN(o.startMs) || !(o.hours > 0) || !(o.rps > 0)) fail("--start must be RFC 3339, --hours and --rps positive numbers");
  return o;
}

function fail(message: string): never {
  throw new UserError(message);
}

const hex = (r: () => number, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
};
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const iso = (ms: number, micros: number) => `${new Date(ms).toISOString().slice(0, 19)}.${String(Math.floor((ms % 1000) * 1000 + micros)).padStart(6, "0")}Z`;

/** Instance ids look like Cloud Run's: long hex, stable per instance. */
function instanceId(seed: string): string {
  const r = seededRandom([...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261));
  return `00${hex(r, 158)}`;
}

function makeEntry(r: () => number, ms: number, rev: string, instance: string, logId: string, fields: Obj): Obj {
  const e: Obj = {
    insertId: hex(r, 24),
    labels: { instanceId: instance },
    logName: `projects/${PROJECT}/logs/${encodeURIComponent(logId)}`,
    receiveTimestamp: iso(ms + 150 + Math.floor(r() * 400), Math.floor(r() * 1000)),
    resource: {
      labels: { configuration_name: SERVICE, location: LOCATION, project_id: PROJECT, revision_name: rev, service_name: SERVICE },
      type: "cloud_run_revision",
    },
    timestamp: iso(ms, Math.floor(r() * 1000)),
    ...fields,
  };
  return e;
}

interface Req {
  method: string;
  path: string;
  status: number;
  latencyS: number;
  ua: string;
  kind: "normal" | "health" | "slow" | "db-timeout" | "crash";
}

function normalRequest(r: () => number): Req {
  const x = r();
  const browser = pick(r, [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "okhttp/4.12.0",
    "acme-shop-ios/5.2.1",
  ]);
  if (x < 0.08) return { method: "GET", path: "/healthz", status: 200, latencyS: 0.002 + r() * 0.004, ua: "GoogleHC/1.0", kind: "health" };
  if (x < 0.45) return { method: "GET", path: `/api/v1/products/${1000 + Math.floor(r() * 9000)}`, status: r() < 0.03 ? 404 : 200, latencyS: 0.02 + r() * 0.08, ua: browser, kind: "normal" };
  if (x < 0.7) return { method: "GET", path: `/api/v1/cart/${uuid(r)}`, status: 200, latencyS: 0.03 + r() * 0.1, ua: browser, kind: "normal" };
  if (x < 0.85) return { method: "POST", path: `/api/v1/cart/${uuid(r)}/items`, status: r() < 0.05 ? 422 : 201, latencyS: 0.05 + r() * 0.15, ua: browser, kind: "normal" };
  if (x < 0.93) return { method: "POST", path: "/api/v1/checkout", status: 200, latencyS: 0.2 + r() * 0.6, ua: browser, kind: "normal" };
  return { method: "GET", path: `/api/v1/search?q=${pick(r, ["shoes", "red+dress", "usb-c", "coffee"])}`, status: 200, latencyS: 0.1 + r() * 0.3, ua: browser, kind: "normal" };
}

function uuid(r: () => number): string {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function requestEntry(r: () => number, ms: number, rev: string, instance: string, req: Req, trace: string, text?: string): Obj {
  const severity = req.status >= 500 ? "ERROR" : req.status >= 400 ? "WARNING" : "INFO";
  const e = makeEntry(r, ms, rev, instance, "run.googleapis.com/requests", {
    httpRequest: {
      latency: `${req.latencyS.toFixed(9)}s`,
      protocol: "HTTP/1.1",
      remoteIp: `${Math.floor(r() * 200) + 20}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 254) + 1}`,
      requestMethod: req.method,
      requestSize: String(200 + Math.floor(r() * 800)),
      requestUrl: `${HOST}${req.path}`,
      responseSize: String(req.status >= 500 ? 67 : 300 + Math.floor(r() * 4000)),
      serverIp: "216.239.32.53",
      status: req.status,
      userAgent: req.ua,
    },
    severity,
    spanId: hex(r, 16),
    trace: `projects/${PROJECT}/traces/${trace}`,
    traceSampled: true,
  });
  if (text) e.textPayload = text;
  return e;
}

function appLog(r: () => number, ms: number, rev: string, instance: string, severity: string, message: string, trace?: string, extra: Obj = {}): Obj {
  return makeEntry(r, ms, rev, instance, "run.googleapis.com/stdout", {
    jsonPayload: { message, logger: "checkout.api", ...extra },
    severity,
    ...(trace ? { trace: `projects/${PROJECT}/traces/${trace}` } : {}),
  });
}

const MALFORMED =
  "The request failed because either the HTTP response was malformed or connection to the instance had an error. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error";

function dbTraceback(): string {
  return [
    "Traceback (most recent call last):",
    '  File "/app/checkout/api/orders.py", line 88, in create_order',
    "    order = await repo.insert_order(cart, customer)",
    '  File "/app/checkout/db/repository.py", line 141, in insert_order',
    "    async with self.pool.acquire() as conn:",
    '  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/ext/asyncio/engine.py", line 1056, in connect',
    "    return await self._connection_for_bind()",
    '  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/pool/impl.py", line 169, in _do_get',
    "    raise exc.TimeoutError(",
    "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
  ].join("\n");
}

function importTraceback(): string {
  return [
    "Traceback (most recent call last):",
    '  File "/app/checkout/main.py", line 12, in <module>',
    "    from checkout.api import create_app",
    '  File "/app/checkout/api/__init__.py", line 5, in <module>',
    "    from checkout.payments.gateway import PaymentGateway",
    '  File "/app/checkout/payments/gateway.py", line 3, in <module>',
    "    from checkout.payments.stripe_gateway import StripeGateway",
    "ModuleNotFoundError: No module named 'checkout.payments.stripe_gateway'",
  ].join("\n");
}

function workerTraceback(): string {
  return [
    "Traceback (most recent call last):",
    '  File "/usr/local/lib/python3.12/site-packages/gunicorn/arbiter.py", line 608, in spawn_worker',
    "    worker.init_process()",
    '  File "/usr/local/lib/python3.12/site-packages/uvicorn/workers.py", line 75, in init_process',
    "    super().init_process()",
    '  File "/usr/local/lib/python3.12/site-packages/gunicorn/workers/base.py", line 135, in init_process',
    "    self.load_wsgi()",
    '  File "/usr/local/lib/python3.12/site-packages/gunicorn/util.py", line 371, in import_app',
    "    mod = importlib.import_module(module)",
    '  File "/app/checkout/main.py", line 12, in <module>',
    "    from checkout.api import create_app",
    "ModuleNotFoundError: No module named 'checkout.payments.stripe_gateway'",
  ].join("\n");
}

function gunicorn(ms: number, pid: number, level: string, text: string): string {
  return `[${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} +0000] [${pid}] [${level}] ${text}`;
}

/** Every entry of one minute, unordered. Deterministic in (options, minute index). */
function minuteEntries(o: SampleOptions, m: number): Obj[] {
  const r = seededRandom(0x5eed ^ (m * 2654435761));
  const t0 = o.startMs + m * MINUTE;
  const out: Obj[] = [];
  const minuteOfHour = m % 60;
  const crashing = !o.next && minuteOfHour >= CRASH_FROM_MIN;
  const healthyRev = o.next ? FIXED_REV : GOOD_REV;
  const healthy = [0, 1, 2].map((i) => instanceId(`${healthyRev}-${i}-${Math.floor(m / 60)}`));

  // Deploys: the bad revision at 14:11:40, the fix at the start of the next hour.
  if (!o.next && minuteOfHour === CRASH_FROM_MIN - 1) out.push(auditDeploy(r, t0 + 40_000, BAD_REV));
  if (o.next && minuteOfHour === 0) out.push(auditDeploy(r, t0 + 5_000, FIXED_REV));

  // Requests; while the bad revision takes a share of traffic, those requests fail with 503.
  const requests = Math.max(1, Math.round(60 * o.rps * (0.85 + r() * 0.3)));
  for (let i = 0; i < requests; i++) {
    const ms = t0 + Math.floor(r() * MINUTE);
    const trace = hex(r, 32);
    let req = normalRequest(r);
    if (crashing && req.kind !== "health" && r() < 0.3) {
      req = { ...req, status: 503, latencyS: 2 + r() * 8, kind: "crash" };
      out.push(requestEntry(r, ms, BAD_REV, instanceId(`${BAD_REV}-req-${m}`), req, trace, MALFORMED));
      continue;
    }
    const inst = pick(r, healthy);
    if (req.path.startsWith("/api/v1/search") && r() < 0.35) {
      req = { ...req, latencyS: 4 + r() * 5, kind: "slow" };
      out.push(appLog(r, ms + Math.floor(req.latencyS * 1000), healthyRev, inst, "WARNING", `Slow request: GET /api/v1/search took ${Math.round(req.latencyS * 1000)}ms (threshold 2000ms)`, trace, { route: "/api/v1/search" }));
    }
    // The pool runs dry for a minute every six minutes (a nightly-batch-like neighbour): half the checkouts time out.
    if (req.path === "/api/v1/checkout" && minuteOfHour % 6 === 3 && r() < 0.5) {
      req = { ...req, status: 500, latencyS: 30 + r() * 0.5, kind: "db-timeout" };
      out.push(
        makeEntry(r, ms + 30_000, healthyRev, inst, "run.googleapis.com/stderr", {
          severity: "ERROR",
          textPayload: dbTraceback(),
          trace: `projects/${PROJECT}/traces/${trace}`,
          errorGroups: [{ id: "CPbq3N2fwbKxHg" }],
        }),
      );
    }
    out.push(requestEntry(r, ms + Math.floor(req.latencyS * 1000), healthyRev, inst, req, trace));
    if (req.kind === "normal" && req.path === "/api/v1/checkout") {
      out.push(appLog(r, ms + 5, healthyRev, inst, "INFO", `Order ${100000 + Math.floor(r() * 899999)} confirmed for customer ${pick(r, ["jane.doe", "sam.lee", "r.khan"])}@example.com`, trace));
    } else if (req.kind !== "health" && r() < 0.6) {
      out.push(appLog(r, ms + 2, healthyRev, inst, "INFO", `${req.method} ${req.path.split("?")[0]} completed in ${Math.round(req.latencyS * 1000)}ms`, trace));
    }
  }

  // Background chatter on the healthy instances.
  for (const inst of healthy) {
    if (r() < 0.5) out.push(appLog(r, t0 + Math.floor(r() * MINUTE), healthyRev, inst, "INFO", `Cache refreshed: ${Math.floor(r() * 5000)} products in ${Math.floor(r() * 400)}ms`));
    if (r() < 0.1) out.push(appLog(r, t0 + Math.floor(r() * MINUTE), healthyRev, inst, "INFO", `Connection pool stats: size=5 checked_out=${Math.floor(r() * 5)} overflow=${Math.floor(r() * 3)}`));
  }

  // The crash loop: one restart cycle every CRASH_CYCLE_S seconds from CRASH_FROM_MIN.
  if (crashing) {
    const hourStart = o.startMs + (m - minuteOfHour) * MINUTE;
    const loopStart = hourStart + CRASH_FROM_MIN * MINUTE;
    for (let c = Math.ceil((t0 - loopStart) / (CRASH_CYCLE_S * 1000)); ; c++) {
      const cs = loopStart + c * CRASH_CYCLE_S * 1000;
      if (cs >= t0 + MINUTE) break;
      if (cs < t0) continue;
      out.push(...crashCycle(r, cs, instanceId(`${BAD_REV}-cycle-${hourStart}-${c}`)));
    }
  }
  return out;
}

function auditDeploy(r: () => number, ms: number, rev: string): Obj {
  return {
    insertId: hex(r, 12),
    logName: `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Fsystem_event`,
    protoPayload: {
      "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
      methodName: "/Services.CreateRevision",
      resourceName: `namespaces/${PROJECT}/revisions/${rev}`,
      serviceName: "run.googleapis.com",
      status: { message: `Ready condition status changed to True for Revision ${rev}.` },
    },
    receiveTimestamp: iso(ms + 900, 0),
    resource: {
      labels: { configuration_name: SERVICE, location: LOCATION, project_id: PROJECT, revision_name: rev, service_name: SERVICE },
      type: "cloud_run_revision",
    },
    severity: "INFO",
    timestamp: iso(ms, Math.floor(r() * 1000)),
  };
}

/**
 * One restart of the crash-looping revision, in order: [ms after the previous line (plus up to 40 ms
 * of jitter), log, severity (none = DEFAULT, as Cloud Run writes unstructured lines), text at that time,
 * extra entry labels].
 */
const CRASH_CYCLE: ReadonlyArray<readonly [number, "system" | "stderr", string | undefined, (ms: number) => string, Obj?]> = [
  [0, "system", "INFO", () => "Starting new instance. Reason: AUTOSCALING - Instance started due to configured scaling factors (e.g. CPU utilization, request throughput, etc.) or no existing capacity for current traffic.", { scaling_reason: "AUTOSCALING" }],
  [1800, "stderr", undefined, (ms) => gunicorn(ms, 1, "INFO", "Starting gunicorn 23.0.0")],
  [3, "stderr", undefined, (ms) => gunicorn(ms, 1, "INFO", "Listening at: http://0.0.0.0:8080 (1)")],
  [2, "stderr", undefined, (ms) => gunicorn(ms, 1, "INFO", "Using worker: uvicorn.workers.UvicornWorker")],
  [5, "stderr", undefined, (ms) => gunicorn(ms, 2, "INFO", "Booting worker with pid: 2")],
  [900, "stderr", "ERROR", importTraceback],
  [1, "stderr", undefined, () => "During handling of the above exception, another exception occurred:"],
  [1, "stderr", undefined, (ms) => gunicorn(ms, 2, "ERROR", "Exception in worker process")],
  [1, "stderr", "ERROR", workerTraceback],
  [2, "stderr", undefined, (ms) => gunicorn(ms, 2, "INFO", "Worker exiting (pid: 2)")],
  [300, "stderr", undefined, (ms) => gunicorn(ms, 1, "ERROR", "Worker (pid:2) exited with code 3")],
  [2, "stderr", undefined, (ms) => gunicorn(ms, 1, "ERROR", "Shutting down: Master")],
  [1, "stderr", undefined, (ms) => gunicorn(ms, 1, "ERROR", "Reason: Worker failed to boot.")],
  [200, "system", "WARNING", () => "Container called exit(3)."],
  [50, "system", "ERROR", () => `Default STARTUP TCP probe failed 1 time consecutively for container "checkout-api-1" on port 8080. The instance was not started.`],
];

function crashCycle(r: () => number, cs: number, inst: string): Obj[] {
  let ms = cs;
  return CRASH_CYCLE.map(([delay, log, severity, text, labels], i) => {
    if (i > 0) ms += delay + Math.floor(r() * 40);
    if (log === "stderr") return makeEntry(r, ms, BAD_REV, inst, "run.googleapis.com/stderr", { textPayload: text(ms), ...(severity ? { severity } : {}) });
    const e = makeEntry(r, ms, BAD_REV, inst, "run.googleapis.com/varlog/system", { severity, textPayload: text(ms) });
    e.labels = { ...(e.labels as Obj), ...labels };
    return e;
  });
}

const ts = (e: Obj) => e.timestamp as string;

/** Streams the export through `write` (called with chunks of text), newest entry first. */
export function generateSampleHour(o: SampleOptions, write: (text: string) => void): void {
  const minutes = Math.round(o.hours * 60);
  let first = true;
  const chunks: string[] = [];
  const flush = () => {
    if (chunks.length) write(chunks.join(""));
    chunks.length = 0;
  };
  if (!o.ndjson) chunks.push("[\n");
  // gcloud writes newest first. An entry can land up to a minute after the minute that produced it
  // (a 30 s database timeout), so minute m is emitted only after minute m-1 has been generated; what
  // lands after the last minute belongs to the next export and is left out.
  const buckets = new Map<number, Obj[]>();
  const generate = (m: number) => {
    for (const e of minuteEntries(o, m)) {
      const k = Math.floor((Date.parse(ts(e)) - o.startMs) / MINUTE);
      if (k >= minutes) continue;
      const b = buckets.get(k);
      if (b) b.push(e);
      else buckets.set(k, [e]);
    }
  };
  generate(minutes - 1);
  for (let m = minutes - 1; m >= 0; m--) {
    if (m > 0) generate(m - 1);
    const entries = (buckets.get(m) ?? []).sort((a, b) => (ts(a) < ts(b) ? 1 : ts(a) > ts(b) ? -1 : 0));
    buckets.delete(m);
    for (const e of entries) {
      if (o.ndjson) chunks.push(`${JSON.stringify(e)}\n`);
      else {
        chunks.push(`${first ? "" : ",\n"}${JSON.stringify(e)}`);
        first = false;
      }
    }
    if (chunks.length > 2000) flush();
  }
  if (!o.ndjson) chunks.push("\n]\n");
  flush();
}

