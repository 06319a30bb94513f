/**
 * Measures reading Cloud Logging through the real @google-cloud/logging client (gRPC, 1000-entry
 * pages) from the local fake, and the peak memory of a whole pass over N entries.
 *
 *   node dist/scripts/bench-read.js serve 1000000          # the fakes, in their own process; prints their addresses
 *   /usr/bin/time -v node dist/scripts/bench-read.js read  PORT 1000000   # read only: entries/s
 *   /usr/bin/time -v node dist/scripts/bench-read.js pass  PORT 1000000   # the whole pass: peak RSS
 *
 * The fake runs in a separate process so that its memory is not counted against the pass.
 * Entries are synthetic Cloud Run entries (errors, tracebacks, requests, platform warnings), all of
 * which pass the gardener's filter, spread over one hour.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLoggingClient } from "../shared/adapters/cloudLoggingClient.js";
import { cloudLoggingSource } from "../shared/adapters/cloudLoggingSource.js";
import { localFolderStateStore } from "../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../shared/adapters/localFolderWorklogStore.js";
import { planningTracker } from "../shared/adapters/planningTracker.js";
import { systemClock } from "../shared/gardener/ports.js";
import { runGardener } from "../shared/gardener/runGardener.js";
import { startGcsServer } from "../test/fakes/gcsServer.js";
import { startLoggingServer } from "../test/fakes/loggingServer.js";
import { cloudRunEntry, PROJECT, type Kind } from "../test/cloud/cloudRunEntries.js";

const START = Date.parse("2025-09-16T01:00:00Z");
const HOUR = 3_600_000;
const window = { start: new Date(START).toISOString(), end: new Date(START + HOUR).toISOString() };
const KINDS: Kind[] = ["request-200", "error-json", "request-200", "system-warning", "request-200", "traceback-default", "request-503", "request-200"];

async function serve(count: number): Promise<void> {
  const server = await startLoggingServer({ project: PROJECT });
  server.setEntries({ length: count, at: (i) => cloudRunEntry("api", KINDS[i % KINDS.length] as Kind, START + Math.floor((i * HOUR) / count), i) });
  // A GCS fake beside it, so that a whole CLI pass can run against local servers (--out gs://...).
  const gcs = await startGcsServer();
  process.stdout.write(`${JSON.stringify({ project: PROJECT, service: "api", window, grpcPort: server.grpcPort, LOGGING_API_ENDPOINT: server.restUrl, STORAGE_API_ENDPOINT: gcs.url, entries: count })}\n`);
  const stop = () => void Promise.all([server.close(), gcs.close()]).then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function peakTracker() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

async function read(port: number, expected: number): Promise<void> {
  const source = cloudLoggingSource({
    logging: createLoggingClient(PROJECT, { kind: "grpc-insecure", host: "127.0.0.1", port }),
    projectId: PROJECT,
    pageBudget: 100_000,
  });
  const peak = peakTracker();
  const started = process.hrtime.bigint();
  let n = 0;
  const r = source.read({ services: ["api"], window });
  for await (const batch of r.batches) for (const item of batch) if (item.kind === "value") n++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = peak.stop();
  report({ mode: "read", entries: n, expected, complete: r.outcome().complete, seconds, entriesPerSecond: Math.round(n / seconds), peakRssMiB: rss / 2 ** 20 });
}

async function pass(port: number, expected: number): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), "lg-bench-"));
  const peak = peakTracker();
  const started = process.hrtime.bigint();
  const result = await runGardener(
    {
      source: cloudLoggingSource({
        logging: createLoggingClient(PROJECT, { kind: "grpc-insecure", host: "127.0.0.1", port }),
        projectId: PROJECT,
        pageBudget: 100_000,
      }),
      worklogs: localFolderWorklogStore(out),
      state: localFolderStateStore(out),
      tracker: planningTracker({ minPriority: "P2" }),
      clock: systemClock,
    },
    { services: ["api"], window: { kind: "fixed", window }, dryRun: true, version: "bench" },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = peak.stop();
  const s = result.services[0];
  await rm(out, { recursive: true, force: true });
  report({
    mode: "pass",
    entries: s?.kind === "written" ? s.entries : 0,
    expected,
    clusters: s?.kind === "written" ? s.clusters : 0,
    seconds,
    entriesPerSecond: Math.round((s?.kind === "written" ? s.entries : 0) / seconds),
    peakRssMiB: rss / 2 ** 20,
  });
}

function report(o: Record<string, unknown>) {
  const fixed = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(2)) : v]));
  process.stdout.write(`${JSON.stringify(fixed)}\n`);
}

const [mode, a, b] = process.argv.slice(2);
const usage = "usage: bench-read serve COUNT | read GRPC_PORT COUNT | pass GRPC_PORT COUNT";
if (mode === "serve" && a) await serve(Number(a));
else if (mode === "read" && a && b) await read(Number(a), Number(b));
else if (mode === "pass" && a && b) await pass(Number(a), Number(b));
else {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
}
