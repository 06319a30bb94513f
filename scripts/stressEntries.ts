/**
 * Stress entries for memory benchmarks and tests of the pass (see benchStressExport.ts): Cloud Run
 * entries in the REST shape, one hour, oldest first, seeded and reproducible.
 *
 * - `unique`: every message is different and none shares a template with another: words of letters
 *   only (nothing for a mask to take), random lengths, so that no two messages are siblings either.
 *   The worst case for the clusterer: every message opens a cluster. About 1 in 20 is a WARNING or
 *   ERROR (for timelines and incidents), on 300 instances, each with its own trace.
 * - `exceptions`: Python tracebacks (one entry each, as Cloud Run merges them), `types` distinct
 *   exception classes raised from a handful of in-app frames, every class seen entries/types times:
 *   as many exception clusters (and incidents) as types.
 */
import { seededRandom } from "./seededRandom.js";
export type StressKind = "unique" | "exceptions";

export interface StressOptions {
  kind: StressKind;
  entries: number;
  types: number;
  startMs: number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** A number written in letters (`0` -> `a`, `27` -> `bb`): unique words without digits. */
function letters(n: number): string {
  let s = "";
  let x = n;
  do {
    s = (LETTERS[x % 26] as string) + s;
    x = Math.floor(x / 26);
  } while (x > 0);
  return s;
}

function word(r: () => number): string {
  const n = 3 + Math.floor(r() * 8);
  let s = "";
  for (let i = 0; i < n; i++) s += LETTERS[Math.floor(r() * 26)];
  return s;
}

const hex = (r: () => number, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
};

const SERVICE = "stress-api";
const PROJECT = "stress-project";

/** The entries, one by one (a million take no more memory than one). */
export function* stressEntries(o: StressOptions): Generator<Record<string, unknown>> {
  const r = seededRandom(o.kind === "unique" ? 1 : 2);
  const instances = Array.from({ length: 300 }, () => `00${hex(r, 126)}`);
  const stepMs = 3_600_000 / o.entries;
  for (let i = 0; i < o.entries; i++) {
    const ms = o.startMs + Math.floor(i * stepMs);
    const entry: Record<string, unknown> = {
      insertId: hex(r, 20),
      labels: { instanceId: instances[Math.floor(r() * instances.length)] },
      logName: `projects/${PROJECT}/logs/run.googleapis.com%2F${o.kind === "unique" ? "stdout" : "stderr"}`,
      resource: {
        type: "cloud_run_revision",
        labels: { project_id: PROJECT, service_name: SERVICE, revision_name: `${SERVICE}-0000${1 + (i % 3)}-abc`, configuration_name: SERVICE, location: "us-central1" },
      },
      timestamp: new Date(ms).toISOString(),
      trace: `projects/${PROJECT}/traces/${hex(r, 32)}`,
    };
    if (o.kind === "unique") {
      const x = r();
      if (x < 0.03) entry.severity = "ERROR";
      else if (x < 0.05) entry.severity = "WARNING";
      else entry.severity = "INFO";
      const words = [letters(i)];
      const n = 2 + Math.floor(r() * 12);
      for (let k = 0; k < n; k++) words.push(word(r));
      entry.textPayload = words.join(" ");
    } else {
      const type = i % o.types;
      const handler = type % 13;
      entry.severity = "ERROR";
      entry.textPayload =
        "Traceback (most recent call last):\n" +
        `  File "/app/app/handlers/h${type % 97}.py", line ${10 + (type % 50)}, in handle_${handler}\n` +
        `    result = process(item)\n` +
        `  File "/app/app/core/process.py", line ${20 + (type % 7)}, in process\n` +
        `    raise Error${letters(type)}(item)\n` +
        `app.errors.Error${letters(type)}: failed to process item ${i}`;
    }
    yield entry;
  }
}
