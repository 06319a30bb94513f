/**
 * Prints the precision and recall of the severity inference per format family, on the labelled set
 * (test/fixtures/severity) and on Loghub-2k lines held out: `npm run --silent build && node dist/scripts/severityTable.js [--data DIR] [--mistakes]`.
 * DIR defaults to ../shared/data beside the project.
 */
import { join } from "node:path";
import { exportSamples, frameworkSamples, loghubSamples, mistakes, renderTable, scoreTable } from "./severityCorpus.js";

const args = process.argv.slice(2);
const dataAt = args.indexOf("--data");
const data = dataAt >= 0 ? (args[dataAt + 1] as string) : join(process.cwd(), "..", "shared", "data");

const framework = await frameworkSamples();
const exports = await exportSamples(data);
const loghub = await loghubSamples(data);
process.stdout.write(`${renderTable("Framework formats (hand-written lines after each logger's documentation)", scoreTable(framework))}\n\n`);
process.stdout.write(`${renderTable(`Real exports (${data}: every entry without a severity)`, scoreTable(exports))}\n\n`);
process.stdout.write(`${renderTable("Both", scoreTable([...framework, ...exports]))}\n\n`);
process.stdout.write(`${renderTable(`Held out: Loghub-2k lines with a level (${data}/loghub2k, labels from Loghub's Level column, never used to write the rules)`, scoreTable(loghub))}\n`);
if (args.includes("--mistakes")) {
  process.stdout.write("\nWrong or missed (a wrong ERROR first):\n");
  for (const m of mistakes([...framework, ...exports, ...loghub])) process.stdout.write(`- [${m.label} inferred ${m.predicted ?? "none"}${m.basis ? ` by ${m.basis}` : ""}] ${JSON.stringify(m.text.slice(0, 140))} (${m.where})\n`);
}
