import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "@cdktf/hcl2json";

/**
 * A Terraform directory parsed offline with @cdktf/hcl2json (HashiCorp's HCL parser as WASM). Blocks
 * become arrays and expressions stay `"${...}"` strings; the parser knows no provider schema, so the
 * tests assert structure themselves.
 */
export type Body = Record<string, unknown>;

export interface Block {
  /** File the block was declared in (relative name). */
  file: string;
  /** Resource or data source type ("" for variables, outputs, modules). */
  type: string;
  name: string;
  body: Body;
}

export interface TfDir {
  dir: string;
  /** Parsed JSON of each file, by file name. */
  files: Record<string, Body>;
  resources: Block[];
  data: Block[];
  variables: Block[];
  outputs: Block[];
  modules: Block[];
  providers: Block[];
  locals: Record<string, unknown>;
  terraform: Body[];
}

/** Every .tf file under `root`, recursively, skipping .terraform working folders. */
export function listTfFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.name === ".terraform") continue;
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...listTfFiles(path));
    else if (entry.name.endsWith(".tf")) out.push(path);
  }
  return out.sort();
}

/** Parses one file; rejects with the parser's message (file:line) on a syntax error. */
export async function parseTf(path: string, text = readFileSync(path, "utf8")): Promise<Body> {
  return (await parse(basename(path), text)) as Body;
}

const asObject = (v: unknown, where: string): Body => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return v as Body;
};

const asBlocks = (v: unknown, where: string): Body[] => {
  if (!Array.isArray(v)) throw new Error(`${where}: expected a block list, got ${JSON.stringify(v)}`);
  return v.map((b, i) => asObject(b, `${where}[${i}]`));
};

/**
 * Parses the .tf files of one directory (one Terraform module) and indexes its blocks. Declaring the
 * same resource, variable, output, module or local twice is an error, as it is for Terraform.
 */
export async function loadTfDir(dir: string): Promise<TfDir> {
  const names = readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  const result: TfDir = { dir, files: {}, resources: [], data: [], variables: [], outputs: [], modules: [], providers: [], locals: {}, terraform: [] };
  const seen = new Set<string>();
  const add = (list: Block[], kind: string, file: string, type: string, name: string, bodies: Body[]) => {
    for (const body of bodies) {
      const key = `${kind} ${type} ${name}`.replace(/\s+/g, " ");
      if (kind !== "provider" && seen.has(key)) throw new Error(`${dir}/${file}: ${key} is declared twice`);
      seen.add(key);
      list.push({ file, type, name, body });
    }
  };
  for (const file of names) {
    const json = await parseTf(join(dir, file));
    result.files[file] = json;
    for (const [kind, value] of Object.entries(json)) {
      const where = `${file}: ${kind}`;
      switch (kind) {
        case "resource":
        case "data":
          for (const [type, byName] of Object.entries(asObject(value, where))) {
            for (const [name, bodies] of Object.entries(asObject(byName, `${where}.${type}`))) {
              add(kind === "resource" ? result.resources : result.data, kind, file, type, name, asBlocks(bodies, `${where}.${type}.${name}`));
            }
          }
          break;
        case "variable":
        case "output":
        case "module":
        case "provider": {
          const list = { variable: result.variables, output: result.outputs, module: result.modules, provider: result.providers }[kind];
          for (const [name, bodies] of Object.entries(asObject(value, where))) add(list, kind, file, "", name, asBlocks(bodies, `${where}.${name}`));
          break;
        }
        case "locals":
          for (const block of asBlocks(value, where)) {
            for (const [name, v] of Object.entries(block)) {
              if (name in result.locals) throw new Error(`${dir}/${file}: local ${name} is declared twice`);
              result.locals[name] = v;
            }
          }
          break;
        case "terraform":
          result.terraform.push(...asBlocks(value, where));
          break;
        default:
          throw new Error(`${dir}/${file}: unexpected top-level ${kind}`);
      }
    }
  }
  return result;
}

/** The only resource of `type` (named `name` when given); throws when there is not exactly one. */
export function resource(tf: TfDir, type: string, name?: string): Body {
  const found = tf.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? `.${name}` : ""}, found ${found.length}`);
  return (found[0] as Block).body;
}

/** The first (and only) nested block `name` of a body, e.g. build_config. */
export function block(body: Body, name: string): Body {
  const blocks = asBlocks(body[name], name);
  if (blocks.length !== 1) throw new Error(`expected one ${name} block, found ${blocks.length}`);
  return blocks[0] as Body;
}

/** Every nested block `name` of a body (none = []). */
export function blocks(body: Body, name: string): Body[] {
  return body[name] === undefined ? [] : asBlocks(body[name], name);
}

export function variable(tf: TfDir, name: string): Body {
  const found = tf.variables.find((v) => v.name === name);
  if (!found) throw new Error(`variable ${name} is not declared in ${tf.dir}`);
  return found.body;
}

/** `"${var.x}"` -> "x"; `"${tostring(var.x)}"` -> "x"; anything else -> undefined. */
export function plainVariableRef(expr: unknown): string | undefined {
  if (typeof expr !== "string") return undefined;
  return (/^\$\{var\.(\w+)\}$/.exec(expr) ?? /^\$\{tostring\(var\.(\w+)\)\}$/.exec(expr))?.[1];
}

/** Every string in a parsed tree whose text matches, with its path (for "nothing public anywhere"). */
export function findStrings(tree: unknown, pattern: RegExp, path = "$"): string[] {
  if (typeof tree === "string") return pattern.test(tree) ? [`${path}: ${tree}`] : [];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => findStrings(v, pattern, `${path}[${i}]`));
  if (tree && typeof tree === "object") {
    return Object.entries(tree).flatMap(([k, v]) => [...(pattern.test(k) ? [`${path}.${k} (key)`] : []), ...findStrings(v, pattern, `${path}.${k}`)]);
  }
  return [];
}
