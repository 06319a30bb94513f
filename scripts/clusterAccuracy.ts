/**
 * Accuracy of the template miner on Loghub-2k, in process (the same metrics as
 * ../shared/tools/loghub-eval.py). Usage:
 *   node dist/scripts/clusterAccuracy.js [--errors N] [--set key=value ...] [SYSTEM...]
 */
import { join, resolve } from "node:path";
import { createTemplateMiner } from "../shared/clustering/templateMiner.js";
import { LOGHUB_SYSTEMS, readLoghub, scoreGrouping } from "./clusterLoghub.js";
import { minerSettingsFromArgs } from "./minerSettingsArgs.js";

const args = process.argv.slice(2);
let errors = 0;
const systems: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--errors") errors = Number(args[++i]);
  else if (args[i] === "--set") i++;
  else systems.push(args[i] as string);
}
const dir = resolve(process.env.LOGHUB_DIR ?? join(process.cwd(), "..", "shared", "data", "loghub2k"));
let sumGa = 0;
let sumFga = 0;
let sumPa = 0;
let sumFta = 0;
const settings = minerSettingsFromArgs(args);
const chosen = systems.length ? systems : [...LOGHUB_SYSTEMS];
for (const system of chosen) {
  const log = readLoghub(dir, system);
  const miner = createTemplateMiner(settings, { keepRetired: true });
  const added = log.messages.map((m) => miner.add(m));
  miner.finalise();
  const ids = added.map((id) => miner.rootOf(id));
  const tpl = ids.map((id) => miner.template(id));
  const s = scoreGrouping(log.templates, ids, tpl);
  sumGa += s.ga;
  sumFga += s.fga;
  sumPa += s.pa;
  sumFta += s.fta;
  console.log(`${system.padEnd(10)} GA=${s.ga.toFixed(3)} FGA=${s.fga.toFixed(3)} PA=${s.pa.toFixed(3)} FTA=${s.fta.toFixed(3)} clusters=${s.predictedGroups}/${s.truthGroups}`);
  if (errors) showErrors(log.templates, ids, tpl, log.messages, errors);
}
const n = chosen.length;
console.log(`average    GA=${(sumGa / n).toFixed(3)} FGA=${(sumFga / n).toFixed(3)} PA=${(sumPa / n).toFixed(3)} FTA=${(sumFta / n).toFixed(3)}`);

function showErrors(truth: string[], ids: number[], tpl: string[], msgs: string[], max: number): void {
  const byTruth = new Map<string, Set<number>>();
  const byPred = new Map<number, Set<string>>();
  truth.forEach((t, i) => {
    if (!t) return;
    (byTruth.get(t) ?? byTruth.set(t, new Set()).get(t)!).add(ids[i] as number);
    (byPred.get(ids[i] as number) ?? byPred.set(ids[i] as number, new Set()).get(ids[i] as number)!).add(t);
  });
  let shown = 0;
  for (const [t, preds] of byTruth) {
    const bad = preds.size > 1 || [...preds].some((p) => (byPred.get(p)?.size ?? 0) > 1);
    if (!bad || shown++ >= max) continue;
    const n = truth.filter((x) => x === t).length;
    console.log(`  TRUTH (${n}) ${t}`);
    for (const p of preds) {
      const i = ids.indexOf(p);
      console.log(`    pred ${p}: ${tpl[i]}   | e.g. ${msgs[truth.findIndex((x, j) => x === t && ids[j] === p)]?.slice(0, 160)}`);
      const others = [...(byPred.get(p) ?? [])].filter((x) => x !== t);
      for (const o of others.slice(0, 3)) console.log(`      also holds truth: ${o}`);
    }
  }
}
