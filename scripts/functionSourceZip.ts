/**
 * Prints what `terraform apply` uploads as the function's source: the files of the module's allowlist
 * (terraform/function.tf), their sizes, and the zip's size and SHA-256 as this project rebuilds it
 * (test/deploy/functionSource.ts: the archive provider's layout; its own bytes differ slightly).
 *
 *   npm run build && node dist/scripts/functionSourceZip.js [--out source.zip]
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { functionSourcePatterns, functionSourceZip } from "../test/deploy/functionSource.js";
import { loadTfDir } from "../test/terraform/tfConfig.js";

const here = dirname(fileURLToPath(import.meta.url));
// Source (scripts/) or build (dist/scripts/) layout.
const root = [resolve(here, ".."), resolve(here, "../..")].find((d) => existsSync(join(d, "terraform", "function.tf")));
if (!root) {
  process.stderr.write("functionSourceZip: terraform/function.tf not found above this script\n");
  process.exit(2);
}
const outAt = process.argv.indexOf("--out");
const out = outAt > 0 ? process.argv[outAt + 1] : undefined;

const tf = await loadTfDir(join(root, "terraform"));
const { files, zip } = functionSourceZip(root, functionSourcePatterns(tf));
for (const f of files) process.stdout.write(`${String(statSync(join(root, f)).size).padStart(8)}  ${f}\n`);
const raw = files.reduce((n, f) => n + statSync(join(root, f)).size, 0);
process.stdout.write(`${files.length} files, ${raw} bytes; zip ${zip.length} bytes, sha256 ${createHash("sha256").update(zip).digest("hex")}\n`);
if (out) writeFileSync(out, zip);
