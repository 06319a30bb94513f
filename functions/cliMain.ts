import type { Readable } from "node:stream";
import { discoveryWindow } from "../shared/gardener/discoveryWindow.js";
import { flatten, gardenProjects } from "../shared/gardener/gardenProjects.js";
import { runGardener, type GardenerResult } from "../shared/gardener/runGardener.js";
import { createTemplateMiner, DEFAULT_MINER_SETTINGS } from "../shared/clustering/templateMiner.js";
import { createLineSplitter } from "../shared/clustering/splitLines.js";
import { isUserError } from "../shared/util/userError.js";
import { VERSION } from "../shared/util/version.js";
import { describeUnit, type GardenedUnit } from "../shared/resources/gardenedUnit.js";
import { credentialEnvOf } from "../shared/config/credentialEnv.js";
import { buildDeps } from "./buildDeps.js";
import { parseRunArgs, runOptionsHelp, type RunOptions } from "./cliArgs.js";
import { terminalProgress, type TerminalProgress } from "./terminalProgress.js";

/** Bytes of one stdin line kept by `cluster`: a 1 MB line is read, a 1 GB one cannot exhaust memory. */
const MAX_CLUSTER_LINE_BYTES = 1 << 20;

/** Every exit code the CLI returns, and what it means; --help lists them all. */
export const EXIT_CODES = {
  done: { code: 0, meaning: "done; also an export with no entries, and a quiet hour (its worklog says so)" },
  fix: {
    code: 1,
    meaning:
      "a problem for you to fix, said in one line on stderr with the fix: the input, a setting or flag, or the environment (credentials, permissions, an API not enabled, an unknown bucket, no network)",
  },
  usage: { code: 2, meaning: "usage: no command, or an unknown one" },
  conflict: { code: 3, meaning: "another pass committed the same window first; this one stopped cleanly" },
  bug: { code: 70, meaning: "a bug in log-gardener (a stack trace follows; please report it)" },
} as const;

function exitCodesHelp(): string {
  return Object.values(EXIT_CODES)
    .map((e) => `  ${String(e.code).padEnd(4)}${e.meaning}`)
    .join("\n");
}

const HELP = `log-gardener ${VERSION}: cluster an hour of Google Cloud logs into a worklog and deduplicated issues

Usage:
  log-gardener run [options]        one gardening pass
  log-gardener cluster              one message per line on stdin -> "<cluster_id>\\t<template>" per line
  log-gardener --help | --version

run options ([VARIABLE]: the environment variable read when the flag is absent):
${runOptionsHelp()}

Units: a Cloud Run service or a Cloud Function by its name (any case), run-job/NAME, app-engine/NAME,
gke/NAMESPACE/WORKLOAD; entries of other resources are counted in the worklog, not gardened.
Progress goes to stderr (on a terminal a bar: bytes of the file read, entries/s, time left;
elsewhere plain lines); a summary line per unit to stdout.

Exit codes:
${exitCodesHelp()}
`;

/** Where the CLI writes: results to `out`, progress and errors to `err`. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  /** stderr is a terminal: the read shows a progress bar there instead of plain lines. */
  errIsTerminal?: boolean;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: process.stdin,
  errIsTerminal: process.stderr.isTTY === true,
};

/**
 * The whole CLI: returns the exit code. A user mistake is one line on stderr and exit 1 (2 for usage);
 * only a bug prints a stack trace (exit 70).
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  const tty = io.errIsTerminal ? terminalProgress(io.err) : undefined;
  try {
    return await main(argv, env, io, tty);
  } catch (err) {
    tty?.clear();
    if (isUserError(err)) {
      io.err(`log-gardener: ${err.message}\n`);
      return EXIT_CODES.fix.code;
    }
    io.err(`log-gardener: internal error, please report it: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT_CODES.bug.code;
  }
}

async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo, tty: TerminalProgress | undefined): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP);
    return command ? EXIT_CODES.done.code : EXIT_CODES.usage.code;
  }
  if (command === "--version") {
    io.out(`${VERSION}\n`);
    return EXIT_CODES.done.code;
  }
  if (command === "cluster") return clusterCommand(io);
  if (command !== "run") {
    io.err(`log-gardener: unknown command ${JSON.stringify(command)}: use run or cluster (see --help)\n`);
    return EXIT_CODES.usage.code;
  }
  const options = parseRunArgs(rest, env, new Date());
  if (options === "help") {
    io.out(HELP);
    return EXIT_CODES.done.code;
  }
  const progress = tty ? tty.message : (m: string) => io.err(`log-gardener: ${m}\n`);
  const bar = tty ? { readProgress: tty.read } : {};
  const passConfig = { window: options.window, dryRun: options.config.dryRun, version: VERSION };
  // Where Google credentials could come from, so that having none is said before any client looks on the network.
  const credentials = credentialEnvOf(env);
  if (options.input !== undefined) {
    const deps = await buildDeps(options.config, { kind: "file", path: options.input, stdin: io.stdin as Readable }, options.output, progress, undefined, credentials);
    return report(await runGardener({ ...deps, ...bar }, { ...passConfig, services: options.config.services }), options, io);
  }
  const outcomes = await gardenProjects(
    options.config.projects,
    async (projectId) => ({ ...(await buildDeps(options.config, { kind: "cloud" }, options.output, progress, projectId, credentials)), ...bar }),
    passConfig,
    discoveryWindow(options.window, new Date()),
  );
  if (!options.config.multiProject) {
    const only = outcomes[0];
    // One project: its failure is the command's, said as it always was (one line, or a bug's stack).
    if (only?.kind === "failed") throw only.cause;
    return report(flatten(outcomes), options, io);
  }
  let code: number = EXIT_CODES.done.code;
  for (const o of outcomes) {
    if (o.kind === "failed") {
      io.err(`log-gardener: ${o.project}: ${o.userError ? o.error : `internal error, please report it: ${(o.cause as Error)?.stack ?? o.error}`}\n`);
      code = Math.max(code, o.userError ? EXIT_CODES.fix.code : EXIT_CODES.bug.code);
      continue;
    }
    io.out(`${o.project}:\n`);
    code = Math.max(code, report(flatten([o]), options, io));
  }
  return code;
}

function report(result: GardenerResult, options: RunOptions, io: CliIo): number {
  if (!result.services.length) {
    // Nothing to write a worklog for: said in one line; an empty export or a quiet hour is no error.
    const source = options.input === undefined ? "Cloud Logging" : options.input === "-" ? "standard input" : options.input;
    if (result.itemsRead === 0 && options.window.kind !== "fixed") io.out(`no entries: ${source} holds no log entries; nothing to garden\n`);
    else {
      const when = options.window.kind === "fixed" ? ` between ${options.window.window.start} and ${options.window.window.end}` : "";
      io.out(`quiet: no entries of any unit${when} in ${source}; nothing recorded (name units with --service to write their quiet-hour worklogs)\n`);
    }
    return EXIT_CODES.done.code;
  }
  let conflict = false;
  for (const s of result.services) {
    if (s.kind === "written") {
      const inc = s.incidents.length ? s.incidents.map((i) => i.priority).join(" ") : "none";
      io.out(`${s.service}${unitNote(s.unit)}: ${s.entries} entries, ${s.clusters} clusters, incidents: ${inc}${s.complete ? "" : " (INCOMPLETE read)"} -> ${s.worklog}\n`);
    } else if (s.kind === "conflict") {
      conflict = true;
      io.err(`log-gardener: ${s.service}: another pass committed this window first (${s.detail}); nothing more done\n`);
    } else io.out(`${s.service}: nothing to do (${s.reason})\n`);
  }
  return conflict ? EXIT_CODES.conflict.code : EXIT_CODES.done.code;
}

/** " (Cloud Function onWrite_listings, gen2)" after a key that is not simply a Cloud Run service's name. */
function unitNote(unit: GardenedUnit): string {
  return unit.kind === "cloud-run-service" ? "" : ` (${describeUnit(unit)})`;
}

/**
 * For benchmarks: one message per line on stdin, `<id>\t<template>` per line on stdout, templates as
 * they stand at the end. Only cluster ids are kept per line (an Int32Array), never the lines.
 * Prints EVAL_INTERNAL_SECONDS (read + cluster + write, without process start) and the drops on stderr.
 */
async function clusterCommand(io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  const miner = createTemplateMiner(DEFAULT_MINER_SETTINGS, { keepRetired: true });
  let ids = new Int32Array(1 << 16);
  let n = 0;
  const splitter = createLineSplitter(MAX_CLUSTER_LINE_BYTES, (line) => {
    if (n === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[n++] = miner.add(line);
  });
  for await (const chunk of io.stdin) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  splitter.end();
  // Clusters that the whole input shows to be one merge now; each line is printed under its final cluster.
  miner.finalise();
  const clustered = process.hrtime.bigint();
  // Each cluster's output line is encoded once; lines are then copied into 1 MB chunks.
  const encoded: Buffer[] = [];
  const lineOf = (id: number) => (encoded[id] ??= Buffer.from(`${miner.rootOf(id)}\t${miner.template(id)}\n`));
  const CHUNK = 1 << 20;
  const chunk = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  let closed = false;
  let failure: Error | undefined;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") closed = true;
    else failure ??= err;
  };
  process.stdout.on("error", onError);
  // One chunk, reused once the stream has taken it (a fresh one per write would pile up as
  // external memory faster than the collector frees it).
  const flush = async () => {
    if (pos === 0) return;
    const data = chunk.subarray(0, pos);
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(data, (err) => {
        // The reader went away (`| head`): nothing more to write, and nothing wrong with the input.
        if (err) onError(err as NodeJS.ErrnoException);
        if (failure) reject(failure);
        else resolve();
      }),
    );
    pos = 0;
  };
  for (let i = 0; i < n && !closed; i++) {
    const line = lineOf(ids[i] as number);
    if (pos + line.length > CHUNK) {
      await flush();
      if (line.length > CHUNK) {
        process.stdout.write(line);
        continue;
      }
    }
    pos += line.copy(chunk, pos);
  }
  await flush();
  const done = process.hrtime.bigint();
  const drops = miner.drops();
  const mem = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  const seconds = Number(done - started) / 1e9;
  process.stderr.write(
    `EVAL_INTERNAL_SECONDS=${seconds.toFixed(3)}\n` +
      `log-gardener cluster: ${n} lines, ${miner.size()} clusters, ${(Number(clustered - started) / 1e9).toFixed(3)} s reading+clustering, ` +
      `${(Number(done - clustered) / 1e9).toFixed(3)} s writing; cut: ${drops.lineTooLong + splitter.truncated()} long lines, ` +
      `${drops.tooManyTokens} too many tokens, ${drops.clusterEvicted} clusters evicted, ${drops.spanPairsSkipped} template pairs not compared; ` +
      `memory at the end: ${mb(mem.rss)} MB resident, ${mb(mem.heapUsed)} MB heap used of ${mb(mem.heapTotal)}, ${mb(mem.arrayBuffers)} MB buffers\n`,
  );
  return EXIT_CODES.done.code;
}
