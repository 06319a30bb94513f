import { DEFAULT_MINER_SETTINGS, type MinerSettings } from "../shared/clustering/templateMiner.js";

/**
 * The miner's settings with `--set key=value` overrides from a script's arguments (numbers only,
 * keys of MinerSettings), for experiments. An unknown key or a value that is not a number stops the
 * script with a one-line message rather than being ignored.
 */
export function minerSettingsFromArgs(args: readonly string[], base: MinerSettings = DEFAULT_MINER_SETTINGS): MinerSettings {
  const out: MinerSettings = { ...base };
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--set") continue;
    const kv = args[i + 1] ?? "";
    const eq = kv.indexOf("=");
    const key = kv.slice(0, eq) as keyof MinerSettings;
    const value = Number(kv.slice(eq + 1));
    if (eq <= 0 || !(key in base) || !Number.isFinite(value)) {
      process.stderr.write(`--set ${kv}: expected key=number with key one of ${Object.keys(base).join(", ")}\n`);
      process.exit(2);
    }
    out[key] = value;
  }
  return out;
}
