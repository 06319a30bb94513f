import { Readable } from "node:stream";
import { runCli, type CliIo } from "../../functions/cliMain.js";

/** Runs the CLI in-process with captured stdout and stderr. */
export async function cli(args: string[], env: Record<string, string | undefined> = {}, stdinText = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: Readable.from([stdinText]) };
  const code = await runCli(args, env, io);
  return { code, out, err };
}
