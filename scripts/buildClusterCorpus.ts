/**
 * Builds a benchmark corpus for `log-gardener cluster` from the Loghub-2k messages: N lines cycling
 * through the 16,000 messages of the 8 systems, every digit redrawn (seeded, reproducible) so that
 * lines are not verbatim repeats but the patterns stay those of the real logs.
 *
 *   node dist/scripts/buildClusterCorpus.js --lines 1000000 --out /tmp/corpus-1m.txt [--verbatim | --ids]
 */
import { createWriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { LOGHUB_SYSTEMS, readLoghub } from "./clusterLoghub.js";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const lines = Number(opt("--lines") ?? 1_000_000);
const outPath = opt("--out");
const verbatim = args.includes("--verbatim");
// --ids: also redraw the letters of hex ids (hashes, uuids, `0x…`: runs of 0-9a-f holding both a
// digit and a letter), so that far fewer lines share a shape and the miner's line cache helps less.
const ids = args.includes("--ids");
if (!outPath || !Number.isInteger(lines) || lines <= 0) {
  process.stderr.write("usage: buildClusterCorpus --lines N --out FILE [--verbatim | --ids]\n");
  process.exit(1);
}
const dir = resolve(process.env.LOGHUB_DIR ?? join(process.cwd(), "..", "shared", "data", "loghub2k"));
const messages: string[] = [];
for (const s of LOGHUB_SYSTEMS) messages.push(...readLoghub(dir, s).messages);

// Interleave the systems (one message of each in turn), as a mixed stream of services would be.
const perSystem = messages.length / LOGHUB_SYSTEMS.length;
const order: string[] = [];
for (let i = 0; i < perSystem; i++) for (let s = 0; s < LOGHUB_SYSTEMS.length; s++) order.push(messages[s * perSystem + i] as string);

let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % 10;
};
// Only free-standing numbers are redrawn (`size 1234`, `10.1.2.3:50010`, `0.25`): digits inside
// names (`msra-sa-41`, `dbcr0=`) are constants of the real logs and stay as they are.
const NUMBER = /(?<![\w.-])\d+(?:[.:,]\d+)*(?![\w-])/g;
const HEXISH = /(?<![\w-])(?=[0-9a-fx-]*\d)(?=[0-9a-fx-]*[a-f])[0-9a-fx-]{6,}(?![\w-])/g;
const redraw = (m: string) => {
  const out = m.replace(NUMBER, (num) => num.replace(/\d/g, () => String(rand())));
  return ids ? out.replace(HEXISH, (tok) => tok.replace(/[a-f]/g, () => "abcdef"[rand() % 6] as string)) : out;
};

const out = createWriteStream(outPath);
let buf = "";
for (let i = 0; i < lines; i++) {
  const m = order[i % order.length] as string;
  buf += (verbatim ? m : redraw(m)) + "\n";
  if (buf.length > 1 << 20) {
    if (!out.write(buf)) await new Promise((r) => out.once("drain", () => r(undefined)));
    buf = "";
  }
}
out.end(buf);
await new Promise((r) => out.once("finish", () => r(undefined)));
process.stderr.write(`wrote ${lines} lines to ${outPath}\n`);
