/**
 * Prints the precision and recall of the severity inference per format family, on the labelled set
 * (test/fixtures/severity): `npm run --silent build && node dist/scripts/severityTable.js [--data DIR] [--mistakes]`.
 * DIR defaults to ../shared/data beside the project.
 */
import { join } from "node:path";
import { exportSamples, frameworkSamples, mistakes, renderTable, scoreTable } from "./severityCorpus.js";

const args = process.argv.slice(2);
const dataAt = args.indexOf("--data");
const data = dataAt >= 0 ? (args[dataAt + 1] as string) : join(process.cwd(), "..", "shared", "data");

const framework = await frameworkSamples();
const exports = await exportSamples(data);
process.stdout.write(`${renderTable("Framework formats (hand-written lines after each logger's documentation)", scoreTable(framework))}\n\n`);
process.stdout.write(`${renderTable(`Real exports (${data}: every entry without a severity)`, scoreTable(exports))}\n\n`);
process.stdout.write(`${renderTable("Both", scoreTable([...framework, ...exports]))}\n`);
if (args.includes("--mistakes")) {
  process.stdout.write("\nWrong or missed (a wrong ERROR first):\n");
  for (const m of mistakes([...framework, ...exports])) process.stdout.write(`- [${m.label} inferred ${m.predicted ?? "none"}${m.basis ? ` by ${m.basis}` : ""}] ${JSON.stringify(m.text.slice(0, 140))} (${m.where})\n`);
}
