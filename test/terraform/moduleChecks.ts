import type { SettingSpec } from "../../shared/config/settings.js";

/** What these checks read of a setting (a test may add one without a parser). */
type SettingFacts = Pick<SettingSpec, "env" | "default" | "secret" | "cliOnly">;
import { block, blocks, plainVariableRef, type Body, type TfDir } from "./tfConfig.js";

/**
 * Checks of the Terraform module that return every problem found (empty = fine), so a test can both
 * assert the real module passes and show that a broken copy is caught.
 */

/**
 * The function's environment against the settings the config loader reads: every non-secret setting
 * as a plain environment variable, every secret one as a secret environment variable, nothing else.
 */
export function environmentProblems(fn: Body, settings: Record<string, SettingFacts>): string[] {
  const problems: string[] = [];
  const service = block(fn, "service_config");
  const env = service.environment_variables;
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    return [`service_config.environment_variables must be a literal map (got ${JSON.stringify(env)}), so that it can be checked against SETTINGS`];
  }
  const plain = Object.keys(env);
  const secret = secretEnvironmentBlocks(service).flatMap((b) => keyAlternatives(b.key));
  // A setting only the CLI acts on (reading an export file) has no business in the function's environment.
  const specs = Object.values(settings).filter((s) => !s.cliOnly);
  const wantPlain = specs.filter((s) => !s.secret).map((s) => s.env);
  const wantSecret = specs.filter((s) => s.secret).map((s) => s.env);
  for (const name of wantPlain) if (!plain.includes(name)) problems.push(`${name} (read by the config loader) is not set in environment_variables`);
  for (const name of wantSecret) if (!secret.includes(name)) problems.push(`${name} is a secret setting and is not a secret_environment_variables entry`);
  for (const name of plain) {
    if (wantSecret.includes(name)) problems.push(`${name} is a secret and must not be a plain environment variable`);
    else if (!wantPlain.includes(name)) problems.push(`${name} is set in environment_variables but the config loader never reads it`);
  }
  for (const name of secret) if (!wantSecret.includes(name)) problems.push(`${name} is a secret environment variable but no secret setting has that name`);
  for (const name of new Set(secret)) if (secret.filter((s) => s === name).length > 1) problems.push(`${name} is a secret environment variable twice`);
  return problems;
}

/** The names a secret variable's key can take: a literal, or both branches of `${COND ? "A" : "B"}`. */
export function keyAlternatives(key: unknown): string[] {
  const m = typeof key === "string" ? /^\$\{.+ \? "([A-Z0-9_]+)" : "([A-Z0-9_]+)"\}$/.exec(key) : null;
  return m ? [m[1] as string, m[2] as string] : [String(key)];
}

/**
 * The function's secret environment variables: static blocks and the content of `dynamic` ones (which
 * hcl2json gives as {dynamic: {secret_environment_variables: [{for_each, content: [...]}]}}).
 */
export function secretEnvironmentBlocks(service: Body): Body[] {
  const dynamic = (service.dynamic ?? {}) as Body;
  const fromDynamic = blocks(dynamic, "secret_environment_variables").flatMap((d) => blocks(d, "content"));
  return [...blocks(service, "secret_environment_variables"), ...fromDynamic];
}

/**
 * Where a plain environment variable is exactly one module variable, that variable's default must be
 * the loader's default: a deployment that sets nothing behaves like the CLI that sets nothing.
 */
export function defaultProblems(fn: Body, tf: TfDir, settings: Record<string, SettingFacts>): string[] {
  const env = block(fn, "service_config").environment_variables as Record<string, unknown>;
  const problems: string[] = [];
  for (const spec of Object.values(settings)) {
    if (spec.secret || spec.default === undefined) continue;
    const ref = plainVariableRef(env[spec.env]);
    if (!ref) continue;
    const declared = tf.variables.find((v) => v.name === ref);
    if (!declared) {
      problems.push(`${spec.env} = var.${ref}, which is not declared`);
      continue;
    }
    const value = declared.body.default;
    if (value === undefined || value === null || String(value) !== spec.default) {
      problems.push(`var.${ref} (${spec.env}) defaults to ${JSON.stringify(value)}, the config loader to ${JSON.stringify(spec.default)}`);
    }
  }
  return problems;
}

/** One IAM grant, reduced to what matters: kind of resource, role, member, the resource it is on, and when it exists. */
export interface Grant {
  type: string;
  role: string;
  member: string;
  on: string;
  /** The condition of `count = COND ? 1 : 0`, when the grant has one. */
  when?: string;
}

const SCOPE_ATTRIBUTES = ["project", "bucket", "secret_id", "repository", "dataset_id", "name", "service", "service_account_id", "cloud_function", "job"];

/**
 * The instances a `for_each` makes, as key/value pairs, when it is one of the forms the checks can
 * expand: a literal map, or `toset(local.X)` of a literal list. `toset(var.X)` stays one symbolic
 * grant ("each of var.X"), also as `COND ? toset(var.X) : toset([])` (iamGrants takes COND as its
 * `when`). Anything else is undefined (a problem).
 */
function forEachInstances(forEach: unknown, tf: TfDir): Array<[string, string]> | "symbolic" | undefined {
  if (forEach === undefined) return [["", ""]];
  if (typeof forEach === "object" && forEach !== null && !Array.isArray(forEach)) {
    return Object.entries(forEach as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  }
  const local = typeof forEach === "string" ? /^\$\{toset\(local\.(\w+)\)\}$/.exec(forEach) : null;
  if (local) {
    const list = tf.locals[local[1] as string];
    return Array.isArray(list) && list.every((x) => typeof x === "string") ? list.map((x) => [x, x]) : undefined;
  }
  if (typeof forEach === "string" && /^\$\{toset\(var\.\w+\)\}$/.test(forEach)) return "symbolic";
  return undefined;
}

/** Replaces each.key/each.value inside a "${...}" expression with the instance's values. */
function instantiate(text: string, key: string, value: string): string {
  if (text === "${each.value}") return value;
  if (text === "${each.key}") return key;
  return text.replace(/\$\{each\.value\}/g, value).replace(/\$\{each\.key\}/g, key);
}

/**
 * Every IAM grant of a Terraform directory, from every resource whose type contains `_iam_` (members,
 * bindings, policies, audit configs, custom roles alike), with problems for the shapes that must not
 * appear: authoritative bindings/policies, several members, IAM conditions, a `count` other than
 * `COND ? 1 : 0`, a `for_each` the checks cannot expand.
 */
export function iamGrants(tf: TfDir): { grants: Grant[]; problems: string[] } {
  const grants: Grant[] = [];
  const problems: string[] = [];
  for (const r of tf.resources.filter((x) => x.type.includes("_iam_"))) {
    const id = `${r.type}.${r.name}`;
    if (!r.type.endsWith("_iam_member")) problems.push(`${id}: only additive *_iam_member grants are allowed`);
    if (r.body.members !== undefined) problems.push(`${id}: grants several members`);
    if (r.body.condition !== undefined) problems.push(`${id}: has a condition the checks do not model`);
    let when: string | undefined;
    if (r.body.count !== undefined) {
      const m = typeof r.body.count === "string" ? /^\$\{(.+) \? 1 : 0\}$/.exec(r.body.count) : null;
      if (m) when = m[1];
      else problems.push(`${id}: count other than COND ? 1 : 0 would multiply the grant`);
    }
    // `for_each = COND ? toset(var.X) : toset([])`: each of var.X when COND holds, like `count = COND ? 1 : 0`.
    const conditional = typeof r.body.for_each === "string" ? /^\$\{(.+) \? toset\((var\.\w+)\) : toset\(\[\]\)\}$/.exec(r.body.for_each) : null;
    if (conditional) {
      if (when) problems.push(`${id}: both count and for_each`);
      when = conditional[1];
    }
    const forEach = conditional ? `\${toset(${conditional[2] as string})}` : r.body.for_each;
    const instances = forEachInstances(forEach, tf);
    if (instances === undefined) {
      problems.push(`${id}: count/for_each would multiply the grant`);
      continue;
    }
    // A log view grant names its view (the full name) in `name`; its bucket alone would not say which view.
    const scopeKey =
      r.type === "google_project_iam_member" ? "project" : r.type === "google_logging_log_view_iam_member" ? "name" : SCOPE_ATTRIBUTES.filter((k) => k !== "project").find((k) => r.body[k] !== undefined);
    const list: Array<[string, string]> = instances === "symbolic" ? [["", `each of ${String(forEach).slice(8, -2)}`]] : instances;
    for (const [key, value] of list) {
      const text = (k: string) => instantiate(String(r.body[k]), key, value);
      grants.push({ type: r.type, role: text("role"), member: text("member"), on: scopeKey ? `${scopeKey}=${text(scopeKey)}` : "?", ...(when ? { when } : {}) });
    }
  }
  for (const d of tf.data.filter((x) => x.type === "google_iam_policy")) problems.push(`data.google_iam_policy.${d.name}: authoritative policies are not allowed`);
  return { grants, problems };
}

/** `allUsers`/`allAuthenticatedUsers` anywhere in parsed HCL, and in any spelling of a member. */
export const PUBLIC_MEMBER = /allUsers|allAuthenticatedUsers/i;
