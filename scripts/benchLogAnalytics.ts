/**
 * A busy hour through the Log Analytics path: the real @google-cloud/bigquery client against the
 * BigQuery fake (SQL run in DuckDB), the whole CLI pass measured on its own.
 *
 *   npm run build
 *   node dist/scripts/benchLogAnalytics.js 5000000          # prints the figures below
 *
 * The fakes (BigQuery with N generated entries, Monitoring) run in this process; the pass runs as a
 * child process under /usr/bin/time, so its wall time and peak RSS are the gardener's alone. Prints
 * the queries issued, rows and response bytes transferred, the fake's estimate of bytes processed,
 * and the pass's wall time and peak RSS. The fake's DuckDB does the work BigQuery would do: its time
 * is not the gardener's and is reported apart.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBigQueryServer } from "../test/fakes/bigqueryServer.js";
import { startMonitoringServer } from "../test/fakes/monitoringServer.js";
import { syntheticHourSql } from "../test/fakes/syntheticHour.js";

const PROJECT = "busy-prod";
const SERVICE = "orders";

async function main(entries: number): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), "lg-bench-la-"));
  const bigquery = await startBigQueryServer({ project: PROJECT });
  const monitoring = await startMonitoringServer({ project: PROJECT });
  try {
    let t = Date.now();
    await bigquery.exec(syntheticHourSql({ project: PROJECT, service: SERVICE, startIso: "2025-09-16T01:00:00Z", entries }));
    const generated = (Date.now() - t) / 1000;
    t = Date.now();
    const { code, time, stderr } = await timed(
      process.execPath,
      ["dist/functions/cli.js", "run", "--project", PROJECT, "--service", SERVICE, "--start", "2025-09-16T01:00:00Z", "--end", "2025-09-16T02:00:00Z", "--out", out],
      {
        ...process.env,
        GARDENER_SOURCE: "log-analytics",
        GARDENER_LOG_ANALYTICS_DATASET: `${PROJECT}.log_gardener`,
        BIGQUERY_API_ENDPOINT: bigquery.url,
        MONITORING_API_ENDPOINT: monitoring.restUrl,
      },
    );
    if (code !== 0) throw new Error(`the pass failed (${code}): ${stderr}`);
    const q = bigquery.queries;
    const sum = (f: (x: (typeof q)[number]) => number) => q.reduce((a, x) => a + f(x), 0);
    const mb = (n: number) => (n / 1e6).toFixed(1);
    process.stdout.write(
      `entries ${entries.toLocaleString("en-US")} (generated in the fake in ${generated.toFixed(1)} s)\n` +
        `queries ${q.length}: ${q.map((x) => `${x.rows} rows`).join(", ")}\n` +
        `rows transferred ${sum((x) => x.rows).toLocaleString("en-US")}, response bytes ${mb(sum((x) => x.bytesSent))} MB, ` +
        `bytes processed (the fake's upper-bound estimate) ${mb(sum((x) => x.bytesProcessed))} MB\n` +
        `pass: wall ${time.seconds.toFixed(1)} s (the fake's SQL included), peak RSS ${Math.round(time.maxRssKb / 1024)} MB\n`,
    );
  } finally {
    await bigquery.close();
    await monitoring.close();
    await rm(out, { recursive: true, force: true });
  }
}

/** Runs a command under GNU time for its wall time and peak RSS. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; time: { seconds: number; maxRssKb: number }; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), "lg-time-"));
  const file = join(dir, "time");
  const child = spawn("/usr/bin/time", ["-f", "%e %M", "-o", file, cmd, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => void (stderr += c.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  const [seconds, kb] = (await readFile(file, "utf8")).trim().split(/\s+/).map(Number);
  await rm(dir, { recursive: true, force: true });
  return { code, time: { seconds: seconds ?? NaN, maxRssKb: kb ?? NaN }, stderr: stderr.slice(-2000) };
}

const n = Number(process.argv[2] ?? 5_000_000);
if (!Number.isInteger(n) || n < 100 || n % 100) {
  process.stderr.write("usage: node dist/scripts/benchLogAnalytics.js ENTRIES (a multiple of 100)\n");
  process.exit(2);
}
main(n).catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
