/**
 * Extracts the GitHub REST operations the tracker uses from the official OpenAPI description in
 * `@octokit/openapi` into the small fixture the fake GitHub server validates requests against.
 *
 * The package is 385 MB unpacked, so it is fetched OUTSIDE the project:
 *   cd /tmp && npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz
 *   npm run build && node dist/scripts/extract-github-openapi.js \
 *     /tmp/package/generated/api.github.com.json test/fixtures/github-openapi.json
 *
 * What the fixture keeps: the listed operations' parameters and request bodies, every component they
 * reference (transitively), and each response's status and description (responses are not validated:
 * the fake builds them). What it rewrites: OpenAPI 3.0 `nullable: true` on a schema without `type`
 * (ajv only honours `nullable` next to `type`) as `{ anyOf: [schema, { enum: [null] }] }`.
 */
import { readFileSync, writeFileSync } from "node:fs";

/**
 * method + path of every operation the tracker sends (see shared/adapters/githubTracker.ts), and the
 * installation-token exchange a GitHub App makes before them (shared/adapters/githubClient.ts).
 */
export const OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ["get", "/repos/{owner}/{repo}/issues"],
  ["post", "/repos/{owner}/{repo}/issues"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["get", "/repos/{owner}/{repo}/labels"],
  ["post", "/repos/{owner}/{repo}/labels"],
  ["get", "/repos/{owner}/{repo}/labels/{name}"],
  ["delete", "/repos/{owner}/{repo}/labels/{name}"],
  ["post", "/app/installations/{installation_id}/access_tokens"],
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every `#/components/<kind>/<name>` reference inside `v`. */
function refsIn(v: Json, out: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.add(x);
      else refsIn(x, out);
    }
  }
}

/** Drops documentation-only keys that make the fixture large and are not used to validate. */
function strip(v: Json): Json {
  if (Array.isArray(v)) return v.map(strip);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "examples" || k === "example" || k === "x-github" || k === "externalDocs") continue;
    out[k] = strip(x);
  }
  return out;
}

/** `nullable` without `type` is ignored by ajv; express "this schema or null" in plain JSON Schema. */
export function rewriteNullable(v: Json): Json {
  if (Array.isArray(v)) return v.map(rewriteNullable);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) out[k] = rewriteNullable(x);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _n, description, ...rest } = out;
    return { ...(description !== undefined ? { description } : {}), anyOf: [rest, { enum: [null] }] };
  }
  return out;
}

export function extract(spec: Obj): Obj {
  const paths: Obj = {};
  const wanted = new Set<string>();
  for (const [method, path] of OPERATIONS) {
    const item = (spec.paths as Obj)[path];
    const op = isObj(item) ? item[method] : undefined;
    if (!isObj(op)) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
    const responses: Obj = {};
    for (const [status, r] of Object.entries(op.responses as Obj)) {
      const desc = isObj(r) && typeof r.description === "string" ? r.description : `see ${String(isObj(r) ? r.$ref : "")}`;
      responses[status] = { description: desc };
    }
    const kept = strip({ ...op, responses }) as Obj;
    delete kept.description;
    refsIn(kept, wanted);
    const p = (paths[path] ?? {}) as Obj;
    p[method] = kept;
    paths[path] = p;
  }
  // Close over references (components referring to components).
  const components: Record<string, Obj> = {};
  const done = new Set<string>();
  const queue = [...wanted];
  while (queue.length) {
    const ref = queue.pop() as string;
    if (done.has(ref)) continue;
    done.add(ref);
    const m = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (!m) throw new Error(`unexpected reference ${ref}`);
    const [, kind, name] = m as unknown as [string, string, string];
    const value = ((spec.components as Obj)[kind] as Obj)[name];
    if (value === undefined) throw new Error(`dangling reference ${ref}`);
    const cleaned = strip(value);
    (components[kind] ??= {})[name] = cleaned;
    const more = new Set<string>();
    refsIn(cleaned, more);
    queue.push(...more);
  }
  return rewriteNullable({
    openapi: spec.openapi as string,
    info: { ...(spec.info as Obj), description: `Extracted by scripts/extract-github-openapi.ts from @octokit/openapi: ${OPERATIONS.length} operations.` },
    servers: [{ url: "/" }],
    paths,
    components,
  }) as Obj;
}

function main(argv: string[]): void {
  const [input, output] = argv;
  if (!input || !output) {
    process.stderr.write("usage: extract-github-openapi <api.github.com.json from @octokit/openapi> <fixture.json>\n");
    process.exitCode = 2;
    return;
  }
  const spec = JSON.parse(readFileSync(input, "utf8")) as Obj;
  const fixture = extract(spec);
  writeFileSync(output, `${JSON.stringify(fixture, null, 1)}\n`);
  process.stderr.write(`wrote ${output}: ${OPERATIONS.length} operations, ${Object.values(fixture.components as Obj).reduce<number>((n, c) => n + Object.keys(c as Obj).length, 0)} components\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
