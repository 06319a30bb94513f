import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { runGardener, type GardenerResult } from "../shared/gardener/runGardener.js";
import { createTemplateMiner } from "../shared/clustering/templateMiner.js";
import { isUserError } from "../shared/util/userError.js";
import { VERSION } from "../shared/util/version.js";
import { buildDeps } from "./buildDeps.js";
import { parseRunArgs } from "./cliArgs.js";

const HELP = `log-gardener ${VERSION}: cluster an hour of Cloud Run logs into a worklog and deduplicated issues

Usage:
  log-gardener run [options]        one gardening pass
  log-gardener cluster              one message per line on stdin -> "<cluster_id>\\t<template>" per line
  log-gardener --help | --version

run options:
  --input FILE          gcloud logging read --format=json export or NDJSON; - = stdin; absent = Cloud Logging
  --project ID          project to read Cloud Logging from (GARDENER_PROJECT_ID)
  --service NAME        Cloud Run service (repeatable; default: every service in the input)
  --start T --end T     window, RFC 3339 (e.g. 2025-09-16T01:00:00Z)
  --window 1h           window length back from --end (or now − ingestion lag)
  --out DIR|gs://B[/P]  where worklogs and state go (default ./worklogs)
  --github OWNER/REPO   file issues there (token from GITHUB_TOKEN); absent = actions only planned
  --dry-run             do not touch GitHub; write the plan into the worklog

Progress goes to stderr; a summary line per service to stdout. Exit 0 on success, 1 on a problem
with the input or settings (one line on stderr), 3 when another pass committed the same window first.
`;

/** Where the CLI writes: results to `out`, progress and errors to `err`. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: NodeJS.ReadableStream;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: process.stdin,
};

/**
 * The whole CLI: returns the exit code. A user mistake is one line on stderr and exit 1 (2 for usage);
 * only a bug prints a stack trace (exit 70).
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  try {
    return await main(argv, env, io);
  } catch (err) {
    if (isUserError(err)) {
      io.err(`log-gardener: ${err.message}\n`);
      return 1;
    }
    io.err(`log-gardener: internal error, please report it: ${(err as Error)?.stack ?? String(err)}\n`);
    return 70;
  }
}

async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP);
    return command ? 0 : 2;
  }
  if (command === "--version") {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (command === "cluster") return clusterCommand(io);
  if (command !== "run") {
    io.err(`log-gardener: unknown command ${JSON.stringify(command)}: use run or cluster (see --help)\n`);
    return 2;
  }
  const options = parseRunArgs(rest, env, new Date());
  if (options === "help") {
    io.out(HELP);
    return 0;
  }
  const progress = (m: string) => io.err(`log-gardener: ${m}\n`);
  const deps = buildDeps(
    options.config,
    options.input !== undefined ? { kind: "file", path: options.input, stdin: io.stdin as Readable } : { kind: "cloud-logging" },
    options.output,
    progress,
  );
  const result = await runGardener(deps, {
    services: options.config.services,
    window: options.window,
    dryRun: options.config.dryRun,
    emptyWindow: "error",
    version: VERSION,
  });
  return report(result, io);
}

function report(result: GardenerResult, io: CliIo): number {
  let conflict = false;
  for (const s of result.services) {
    if (s.kind === "written") {
      const inc = s.incidents.length ? s.incidents.map((i) => i.priority).join(" ") : "none";
      io.out(`${s.service}: ${s.entries} entries, ${s.clusters} clusters, incidents: ${inc}${s.complete ? "" : " (INCOMPLETE read)"} -> ${s.worklog}\n`);
    } else if (s.kind === "conflict") {
      conflict = true;
      io.err(`log-gardener: ${s.service}: another pass committed this window first (${s.detail}); nothing more done\n`);
    } else io.out(`${s.service}: nothing to do (${s.reason})\n`);
  }
  return conflict ? 3 : 0;
}

/** For benchmarks: ids are stable within a run; templates are printed as they stand at the end. */
async function clusterCommand(io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  const miner = createTemplateMiner();
  const ids: number[] = [];
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) ids.push(miner.add(line));
  const out: string[] = [];
  for (const id of ids) out.push(`${id}\t${miner.template(id)}`);
  io.out(out.length ? `${out.join("\n")}\n` : "");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  io.err(`EVAL_INTERNAL_SECONDS=${seconds.toFixed(3)}\n`);
  return 0;
}
