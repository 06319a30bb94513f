import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./githubOpenapiWorker.mjs", import.meta.url));
export const GITHUB_OPENAPI_FIXTURE = fileURLToPath(new URL("../fixtures/github-openapi.json", import.meta.url));

export interface ValidationRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface ValidationResult {
  operationId: string | null;
  valid: boolean;
  errors: unknown;
  params?: Record<string, string>;
}

export interface OpenapiValidator {
  check(request: ValidationRequest): Promise<ValidationResult>;
  stop(): Promise<void>;
}

/**
 * Starts openapi-backend (with ajv-formats) over GitHub's OpenAPI fixture in a child Node process:
 * openapi-backend require()s an ES module, which plain Node 20.19+ does but Jest's runtime refuses.
 * One per test file; requests are answered in order.
 */
export async function startOpenapiValidator(): Promise<OpenapiValidator> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WORKER, GITHUB_OPENAPI_FIXTURE], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const waiting = new Map<number, (r: ValidationResult) => void>();
  let nextId = 1;
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const started = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
  child.on("exit", (code) => failed(new Error(`OpenAPI validator exited with ${code}: ${stderr}`)));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const msg = JSON.parse(line) as { ready?: boolean; id?: number } & ValidationResult;
    if (msg.ready) return ready();
    const done = waiting.get(msg.id as number);
    waiting.delete(msg.id as number);
    done?.(msg);
  });
  await started;
  return {
    check(request) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ id, request })}\n`);
      });
    },
    stop() {
      return new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.stdin.end();
      });
    },
  };
}
