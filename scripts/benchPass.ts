/**
 * The pass against its parse floor, measured in the same run:
 *
 *   npm run build
 *   node dist/scripts/generate-sample-hour.js --rps 192 > /tmp/hour.json     # ~1,000,000 entries
 *   node dist/scripts/benchPass.js /tmp/hour.json [ROUNDS]
 *
 * The floor is the least any pass over the file must do, in a process of its own: for a large file
 * (one entry per line, as the sample generator writes them) stream it and JSON.parse each entry; for
 * a small one (a real export) read, decode and JSON.parse it whole (see floor()).
 * `run` is the whole CLI pass (`log-gardener run --input FILE --out TMP`), as a user runs it: a large
 * file is read on a second thread (GARDENER_READ_THREAD=auto). `one thread` is the same pass with
 * `--read-thread off`, for comparison: what the second thread saves, and what it costs in CPU.
 * Rounds alternate floor, run and one thread (so a noisy neighbour hurts them alike); the report
 * gives each round, the medians and their ratio, and the pass's peak RSS. All are child processes
 * timed by /usr/bin/time.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files up to this size get the whole-document floor; larger ones (the stress inputs) are one entry per line. */
const WHOLE_DOCUMENT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The floor itself (`benchPass.js --floor FILE`). A small file (a real export: pretty-printed, maybe
 * UTF-16) is read whole, decoded and given to one JSON.parse, the cheapest way to parse it; a large
 * one is streamed, split into lines and each entry JSON.parsed. A file that is neither one JSON
 * document nor one entry per line (concatenated documents) has no floor: the bench says so.
 */
async function floor(path: string): Promise<void> {
  if ((await stat(path)).size <= WHOLE_DOCUMENT_MAX_BYTES) {
    const bytes = await readFile(path);
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    const text = new TextDecoder(utf16 ? "utf-16le" : "utf-8").decode(bytes);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new Error(`no floor for ${path}: not one JSON document (${(err as Error).message})`);
    }
    process.stdout.write(`${Array.isArray(doc) ? doc.length : 1}\n`);
    return;
  }
  let rest = "";
  let entries = 0;
  const parse = (line: string) => {
    const t = line.trim();
    if (!t.startsWith("{")) return;
    JSON.parse(t.endsWith(",") ? t.slice(0, -1) : t);
    entries++;
  };
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      parse(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  parse(rest);
  process.stdout.write(`${entries}\n`);
}

async function timed(args: string[]): Promise<{ seconds: number; cpuSeconds: number; maxRssMb: number }> {
  const dir = await mkdtemp(join(tmpdir(), "lg-bench-time-"));
  const file = join(dir, "time");
  const child = spawn("/usr/bin/time", ["-f", "%e %U %S %M", "-o", file, process.execPath, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (c: Buffer) => void (err += c.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}: ${err.slice(-2000)}`);
  const [seconds, user, sys, kb] = (await readFile(file, "utf8")).trim().split(/\s+/).map(Number);
  await rm(dir, { recursive: true, force: true });
  return { seconds: seconds ?? NaN, cpuSeconds: (user ?? NaN) + (sys ?? NaN), maxRssMb: Math.round((kb ?? NaN) / 1024) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(path: string, rounds: number): Promise<void> {
  const self = process.argv[1] as string;
  const floors: number[] = [];
  const runs: number[] = [];
  const floorCpu: number[] = [];
  const runCpu: number[] = [];
  const ones: number[] = [];
  const oneCpu: number[] = [];
  let rss = 0;
  let oneRss = 0;
  const pass = async (...flags: string[]) => {
    const out = await mkdtemp(join(tmpdir(), "lg-bench-out-"));
    const p = await timed(["dist/functions/cli.js", "run", "--input", path, "--out", out, ...flags]);
    await rm(out, { recursive: true, force: true });
    return p;
  };
  for (let r = 1; r <= rounds; r++) {
    const f = await timed([self, "--floor", path]);
    const p = await pass();
    const o = await pass("--read-thread", "off");
    floors.push(f.seconds);
    runs.push(p.seconds);
    ones.push(o.seconds);
    floorCpu.push(f.cpuSeconds);
    runCpu.push(p.cpuSeconds);
    oneCpu.push(o.cpuSeconds);
    rss = Math.max(rss, p.maxRssMb);
    oneRss = Math.max(oneRss, o.maxRssMb);
    process.stdout.write(
      `round ${r}: floor ${f.seconds.toFixed(2)} s, run ${p.seconds.toFixed(2)} s (${(p.seconds / f.seconds).toFixed(2)}x), one thread ${o.seconds.toFixed(2)} s (${(o.seconds / f.seconds).toFixed(2)}x); CPU floor ${f.cpuSeconds.toFixed(2)} s, run ${p.cpuSeconds.toFixed(2)} s (${(p.cpuSeconds / f.cpuSeconds).toFixed(2)}x), one thread ${o.cpuSeconds.toFixed(2)} s (${(o.cpuSeconds / f.cpuSeconds).toFixed(2)}x); peak RSS run ${p.maxRssMb} MB, one thread ${o.maxRssMb} MB\n`,
    );
  }
  const fm = median(floors);
  const rm_ = median(runs);
  const fc = median(floorCpu);
  const rc = median(runCpu);
  const om = median(ones);
  const oc = median(oneCpu);
  process.stdout.write(
    `median: floor ${fm.toFixed(2)} s, run ${rm_.toFixed(2)} s, ratio ${(rm_ / fm).toFixed(2)}x, one thread ${om.toFixed(2)} s (${(om / fm).toFixed(2)}x); CPU (user+sys, all threads) floor ${fc.toFixed(2)} s, run ${rc.toFixed(2)} s, ratio ${(rc / fc).toFixed(2)}x, one thread ${oc.toFixed(2)} s (${(oc / fc).toFixed(2)}x); peak RSS of run ${rss} MB, one thread ${oneRss} MB\n`,
  );
  // On a shared machine a neighbour only ever adds time: the fastest round of each is the least
  // disturbed estimate of its own cost, and steadier from run to run than the medians.
  const fb = Math.min(...floors);
  const rb = Math.min(...runs);
  const fcb = Math.min(...floorCpu);
  const rcb = Math.min(...runCpu);
  const ob = Math.min(...ones);
  const ocb = Math.min(...oneCpu);
  process.stdout.write(
    `fastest: floor ${fb.toFixed(2)} s, run ${rb.toFixed(2)} s, ratio ${(rb / fb).toFixed(2)}x, one thread ${ob.toFixed(2)} s (${(ob / fb).toFixed(2)}x); CPU floor ${fcb.toFixed(2)} s, run ${rcb.toFixed(2)} s, ratio ${(rcb / fcb).toFixed(2)}x, one thread ${ocb.toFixed(2)} s (${(ocb / fcb).toFixed(2)}x)\n`,
  );
}

const [a, b] = process.argv.slice(2);
if (a === "--floor" && b) {
  floor(b).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
} else if (a) {
  main(a, Number(b ?? 3)).catch((err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
} else {
  process.stderr.write("usage: node dist/scripts/benchPass.js EXPORT.json [ROUNDS]\n");
  process.exit(2);
}

