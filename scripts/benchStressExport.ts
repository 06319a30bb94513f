/**
 * Writes a stress export for memory benchmarks of `log-gardener run`: NDJSON, one Cloud Run entry per
 * line (see stressEntries.ts for what the two kinds hold), streamed so that any size takes flat memory:
 *
 *   node dist/scripts/benchStressExport.js --kind unique --entries 1000000 > /tmp/unique.ndjson
 *   node dist/scripts/benchStressExport.js --kind exceptions --entries 1000000 --types 200000 > /tmp/exc.ndjson
 *
 * scripts/benchStress.ts writes both and runs the pass over them.
 */
import { once } from "node:events";
import { UserError } from "../shared/util/userError.js";
import { stressEntries, type StressOptions } from "./stressEntries.js";

function parse(argv: string[]): StressOptions {
  const o: StressOptions = { kind: "unique", entries: 1_000_000, types: 200_000, startMs: Date.parse("2026-03-10T14:00:00Z") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new UserError(`${a} needs a value`);
    if (a === "--kind" && (v === "unique" || v === "exceptions")) o.kind = v;
    else if (a === "--entries") o.entries = Number(v);
    else if (a === "--types") o.types = Number(v);
    else if (a === "--start") o.startMs = Date.parse(v);
    else throw new UserError(`unknown option ${a} ${v}: use --kind unique|exceptions, --entries N, --types N, --start ISO`);
  }
  if (!Number.isInteger(o.entries) || o.entries <= 0 || !Number.isInteger(o.types) || o.types <= 0 || Number.isNaN(o.startMs)) {
    throw new UserError("--entries and --types must be positive integers, --start RFC 3339");
  }
  return o;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  let buf = "";
  // Waits for a pipe to take what was written: memory stays flat whatever reads the output.
  const flush = async () => {
    const full = !process.stdout.write(buf);
    buf = "";
    if (full) await once(process.stdout, "drain");
  };
  for (const entry of stressEntries(o)) {
    buf += `${JSON.stringify(entry)}\n`;
    if (buf.length > 1 << 20) await flush();
  }
  await flush();
}

main().catch((err: unknown) => {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`benchStressExport: ${err.message}\n`);
  process.exit(2);
});
