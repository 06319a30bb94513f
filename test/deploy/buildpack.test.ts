import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { startLoggingServer, type FakeLoggingServer } from "../fakes/loggingServer.js";
import { startMonitoringServer, type FakeMonitoringServer } from "../fakes/monitoringServer.js";
import { seriesFromEntries } from "../fakes/monitoringTruth.js";
import { cloudRunEntries, PROJECT } from "../cloud/cloudRunEntries.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { block, loadTfDir, resource, type TfDir } from "../terraform/tfConfig.js";
import { functionSourcePatterns, functionSourceZip, readZip } from "./functionSource.js";

/**
 * What Cloud Functions does with the zip terraform/function.tf uploads, done here on that zip: unpack
 * it in an empty folder, run the Node.js buildpack's steps (`npm ci` with dev dependencies, because a
 * `gcp-build` script exists; `npm run gcp-build`; `npm prune --omit=dev`, as the image keeps only the
 * runtime dependencies), start the functions-framework target the module deploys and run a real pass
 * through it against the Logging and GCS fakes. See ../shared/docs/PLATFORM-NOTES.md (buildpack).
 *
 * Offline: npm installs from its cache (filled by the CI's own `npm ci`) with --offline, and every
 * child process runs under ../shared/tools/netguard.cjs when it is there, so a step that reached the
 * network would fail here.
 */

const NETGUARD = join(PROJECT_ROOT, "..", "shared", "tools", "netguard.cjs");
const SERVICE = "checkout";
const T0 = Date.parse("2025-09-16T00:00:00Z");
const HOUR = 3_600_000;
const BUCKET = "buildpack-bucket";
/** npm ci of the whole lockfile takes ~20 s on two cores, the compile ~10 s; a busy machine triples that. */
const STEP_TIMEOUT_MS = 240_000;

let tf: TfDir;
let app: string;
let files: string[];
let zipBytes: number;
const scratch = mkdtempSync(join(tmpdir(), "lg-buildpack-"));

/** The environment of every child: no npm_* settings of the npm running jest (they could point npm at this checkout), npm offline, the guard preloaded. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== "NODE_OPTIONS" && k !== "INIT_CWD") env[k] = v;
  return {
    ...env,
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_loglevel: "warn",
    NODE_OPTIONS: existsSync(NETGUARD) ? `--require ${NETGUARD}` : "",
    ...extra,
  };
}

/** Runs one step to completion; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string): Promise<{ ms: number; output: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), STEP_TIMEOUT_MS);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ms: Date.now() - started, output });
      else {
        const hint = /ENOTCACHED/.test(output) ? "\nnpm's cache lacks a package of the lockfile: run `npm ci` in the project first (CI does), then this test again." : "";
        reject(new Error(`${command} ${args.join(" ")} in ${cwd} exited ${code ?? signal}:\n${output.slice(-4000)}${hint}`));
      }
    });
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`functions-framework exited ${child.exitCode}:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`functions-framework did not listen on ${port} within 30 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  tf = await loadTfDir(join(PROJECT_ROOT, "terraform"));
  const built = functionSourceZip(PROJECT_ROOT, functionSourcePatterns(tf));
  files = built.files;
  zipBytes = built.zip.length;
  writeFileSync(join(scratch, "source.zip"), built.zip);
  app = join(scratch, "app");
  for (const entry of readZip(built.zip)) {
    mkdirSync(dirname(join(app, entry.name)), { recursive: true });
    writeFileSync(join(app, entry.name), entry.data);
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the zip terraform uploads builds and serves the function, as the buildpack does it", () => {
  let logging: FakeLoggingServer;
  let gcs: FakeGcsServer;
  let monitoring: FakeMonitoringServer;
  let server: ChildProcess | undefined;
  let serverOutput = "";
  const timings: Record<string, number> = {};

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill("SIGTERM");
    await logging?.close();
    await gcs?.close();
    await monitoring?.close();
    process.stderr.write(`[buildpack] zip ${files?.length} files, ${zipBytes} bytes; steps ${JSON.stringify(timings)} ms\n`);
  });

  (existsSync(NETGUARD) ? it : it.skip)("runs every step under the network guard (a child that reaches out fails)", async () => {
    await expect(run(process.execPath, ["-e", "require('node:net').connect(443, '192.0.2.1').on('error', (e) => { console.error(e.code); process.exit(3); })"], scratch)).rejects.toThrow(
      /\[netguard\] refused connection to 192\.0\.2\.1:443[\s\S]*ENETGUARD/,
    );
  });

  it(
    "npm ci, npm run gcp-build and npm prune --omit=dev succeed offline on the unpacked zip",
    async () => {
      timings.npmCi = (await run("npm", ["ci"], app)).ms;
      timings.gcpBuild = (await run("npm", ["run", "gcp-build"], app)).ms;
      // The build compiled what the function runs and nothing else: no CLI, no scripts, no tests.
      expect(existsSync(join(app, "dist", "functions", "index.js"))).toBe(true);
      expect(readdirSync(join(app, "dist")).sort()).toEqual(["functions", "shared"]);
      expect(existsSync(join(app, "dist", "functions", "cli.js"))).toBe(false);
      timings.prune = (await run("npm", ["prune", "--omit=dev"], app)).ms;
      // Dev dependencies are gone, as in the deployed image: the function must start without them.
      expect(existsSync(join(app, "node_modules", "typescript"))).toBe(false);
      expect(existsSync(join(app, "node_modules", "@google-cloud", "functions-framework"))).toBe(true);
    },
    3 * STEP_TIMEOUT_MS,
  );

  it("starts the module's functions-framework target and runs a pass against the Logging and GCS fakes", async () => {
    const target = String(block(resource(tf, "google_cloudfunctions2_function"), "build_config").entry_point);
    // The function reads through the log views Terraform makes and names in GARDENER_LOG_VIEWS (logs.tf),
    // with the view's own filter applied by the fake.
    const fill = (expr: unknown) => String(expr).replace(/\$\{local\.logs_project_id\}/g, PROJECT).replace(/\$\{var\.log_bucket_location\}/g, "global");
    const view = `${fill(tf.locals.default_log_bucket)}/views/log-gardener-cloud-run`;
    const views = [view, fill(tf.locals.required_log_view)];
    const entries = cloudRunEntries(SERVICE, T0, HOUR, 700);
    logging = await startLoggingServer({ project: PROJECT, entries, views: { [view]: fill(tf.locals.cloud_run_view_filter) } });
    gcs = await startGcsServer();
    // The header's whole-window counts: Cloud Monitoring, also a local fake (nothing may leave the machine).
    monitoring = await startMonitoringServer({ project: PROJECT, series: seriesFromEntries(entries) });
    const port = await freePort();
    const started = Date.now();
    // How the runtime starts it: the buildpack's entrypoint is functions-framework with the target and
    // port from the environment, and package.json's main names the built file.
    const framework = join(app, "node_modules", "@google-cloud", "functions-framework");
    const bin = (JSON.parse(readFileSync(join(framework, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["functions-framework"];
    server = spawn(process.execPath, [join(framework, String(bin))], {
      cwd: app,
      env: childEnv({
        FUNCTION_TARGET: target,
        FUNCTION_SIGNATURE_TYPE: "http",
        PORT: String(port),
        GARDENER_PROJECT_ID: PROJECT,
        GARDENER_SERVICES: SERVICE,
        GARDENER_BUCKET: BUCKET,
        LOGGING_API_ENDPOINT: logging.restUrl,
        MONITORING_API_ENDPOINT: monitoring.restUrl,
        GARDENER_LOG_VIEWS: views.join(","),
        STORAGE_API_ENDPOINT: gcs.url,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (c: Buffer) => (serverOutput += c.toString()));
    server.stderr?.on("data", (c: Buffer) => (serverOutput += c.toString()));
    await waitForPort(port, server, () => serverOutput);
    timings.start = Date.now() - started;

    // Only POST starts a pass, through the framework's real server too.
    const get = await fetch(`http://127.0.0.1:${port}/`);
    expect({ status: get.status, allow: get.headers.get("allow") }).toEqual({ status: 405, allow: "POST" });
    expect(logging.requests).toHaveLength(0);

    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ window: { start: new Date(T0).toISOString(), end: new Date(T0 + HOUR).toISOString() } }),
    });
    const body = (await res.json()) as { ok: boolean; services: Array<{ kind: string; service: string; entries: number }> };
    expect({ status: res.status, ok: body.ok, output: res.status === 200 ? "" : serverOutput }).toEqual({ status: 200, ok: true, output: "" });
    expect(body.services).toEqual([expect.objectContaining({ kind: "written", service: SERVICE })]);
    expect(body.services[0]?.entries).toBeGreaterThan(0);
    expect(logging.requests.length).toBeGreaterThan(0);
    expect(logging.requests.every((r) => JSON.stringify(r.resourceNames) === JSON.stringify(views))).toBe(true);
    expect([...gcs.objects.keys()]).toEqual(expect.arrayContaining([`${BUCKET}/worklogs/${SERVICE}/latest.md`, `${BUCKET}/worklogs/${SERVICE}/latest.json`]));
    expect(serverOutput).toContain("gardening pass finished");
    expect(serverOutput).not.toContain("[netguard]");
  }, 60_000);
});
