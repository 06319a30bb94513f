import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, writeFile, mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { PROJECT_ROOT } from "../realdata/sharedData.js";

/**
 * The CLI as a user runs it: its own Node process, its own environment (nothing inherited: no
 * credentials, no HOME with a gcloud login), the network guard preloaded. Only a real process shows
 * what a user sees: the exit code, every line on stderr, and any exception that escapes after the
 * CLI has answered. The sources are transpiled once into a temporary folder (type stripping only;
 * `npm run typecheck` checks types), beside a link to the project's node_modules.
 */
export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");

export async function buildCli(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), "lg-cli-build-"));
  for (const top of ["functions", "shared"]) {
    for (const file of await tsFiles(join(PROJECT_ROOT, top))) {
      const js = ts.transpileModule(await readFile(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
        fileName: file,
      }).outputText;
      const target = join(out, relative(PROJECT_ROOT, file)).replace(/\.ts$/, ".js");
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, js);
    }
  }
  await writeFile(join(out, "package.json"), await readFile(join(PROJECT_ROOT, "package.json")));
  await symlink(join(PROJECT_ROOT, "node_modules"), join(out, "node_modules"), "dir");
  return join(out, "functions", "cli.js");
}

async function tsFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...(await tsFiles(p)));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) found.push(p);
  }
  return found;
}

/** The network guard of ../shared/tools: any connection or lookup beyond loopback fails and is reported on stderr as [netguard]. */
export const NETGUARD = join(PROJECT_ROOT, "..", "shared", "tools", "netguard.cjs");
/** A machine whose DNS answers nothing: see noDns.cjs. */
export const NO_DNS = join(PROJECT_ROOT, "test", "fakes", "noDns.cjs");

/**
 * The guard when ../shared is beside the project; CI (REQUIRE_SHARED_DATA=1) requires it. On a fresh
 * clone without ../shared the CLI runs without it: its cases still reach only the local fakes, and the
 * no-network cases preload noDns.cjs, which answers every lookup itself.
 */
function guardPreload(): string[] {
  if (existsSync(NETGUARD)) return [NETGUARD];
  if (process.env.REQUIRE_SHARED_DATA === "1") throw new Error(`missing ${NETGUARD}: CI runs the CLI under the network guard`);
  return [];
}

/** Runs the built CLI with exactly this environment (plus PATH), under the network guard (when present) and any extra preloads. */
export function runCli(cli: string, args: string[], env: Record<string, string>, options: { preload?: string[]; timeoutMs?: number } = {}): Promise<CliRun> {
  const preload = [...guardPreload(), ...(options.preload ?? [])].map((p) => `--require ${p}`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env, NODE_OPTIONS: preload },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the CLI did not finish in ${options.timeoutMs ?? 60_000} ms: ${err}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}
