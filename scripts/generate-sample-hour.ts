/**
 * Writes the sample export to stdout: `node dist/scripts/generate-sample-hour.js [options] > FILE`.
 * The bundled sample hour is `npm run sample` (no options). See scripts/sampleHour.ts for what it holds.
 */
import { isUserError } from "../shared/util/userError.js";
import { generateSampleHour, parseSampleOptions } from "./sampleHour.js";

try {
  generateSampleHour(parseSampleOptions(process.argv.slice(2)), (text) => process.stdout.write(text));
} catch (err) {
  if (!isUserError(err)) throw err;
  process.stderr.write(`generate-sample-hour: ${err.message}\n`);
  process.exitCode = 1;
}
