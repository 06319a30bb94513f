import { createPrivateKey } from "node:crypto";
import { PRIORITIES, type Priority } from "../analysis/priority.js";
import { parseUnitSelector } from "../resources/unitSelector.js";
import { parseDuration } from "./parseDuration.js";

/** A setting's text turned into its value, or the reason it cannot be (said with the setting's name in front). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses a setting's trimmed text ("" = unset and no default). `label` is the flag or variable the user wrote. */
export type SettingParser<T> = (text: string, label: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (label: string, text: string, want: string): Parsed<never> => ({ ok: false, problem: `${label}=${JSON.stringify(text)} ${want}` });

/** Free text, kept as written ("" = unset). */
export const text: SettingParser<string> = (t) => ok(t);

/** "90s", "5m", "1h", "1h30m"; `zero` admits a bare "0". */
export const duration =
  (options: { zero?: boolean } = {}): SettingParser<number> =>
  (t, label) => {
    if (options.zero && t === "0") return ok(0);
    const ms = parseDuration(t);
    return ms === undefined ? bad(label, t, "is not a duration: use e.g. 90s, 5m, 1h, 1h30m") : ok(ms);
  };

export const wholeNumber =
  (min: number, max: number): SettingParser<number> =>
  (t, label) => {
    const n = Number(t);
    return /^\d+$/.test(t) && n >= min && n <= max ? ok(n) : bad(label, t, `must be a whole number from ${min} to ${max}`);
  };

export const oneOf =
  <T extends string>(values: readonly T[], fold: "upper" | "lower"): SettingParser<T> =>
  (t, label) => {
    const v = fold === "upper" ? t.toUpperCase() : t.toLowerCase();
    return (values as readonly string[]).includes(v) ? ok(v as T) : bad(label, t, `must be one of ${values.join(", ")}`);
  };

export const priority: SettingParser<Priority> = oneOf(PRIORITIES, "upper");

export const boolean: SettingParser<boolean> = (t, label) => {
  const v = t.toLowerCase();
  if (["true", "1", "yes"].includes(v)) return ok(true);
  if (["false", "0", "no", ""].includes(v)) return ok(false);
  return bad(label, t, "must be true or false");
};

/** An endpoint override: "" = the default endpoint. */
export const endpoint: SettingParser<string | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  return /^https?:\/\/[^\s/]+/.test(t) ? ok(t) : bad(label, t, "must be a URL such as http://127.0.0.1:8080 or https://host");
};

export const projectId: SettingParser<string | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  return /^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.:-]{2,62}$/.test(t)
    ? ok(t)
    : bad(label, t, "is not a project id: lowercase letters, digits and hyphens, 6 to 30 characters");
};

export const bucketName: SettingParser<string | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  return /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(t) ? ok(t) : bad(label, t, "is not a bucket name (give the name, without gs://)");
};

/**
 * Comma-separated units (see resources/unitSelector.ts): Cloud Run services and Cloud Functions by name
 * (a function's mixed-case name too), run-job/NAME, app-engine/NAME, gke/NAMESPACE/WORKLOAD. Kept as
 * written; every bad one named.
 */
export const serviceList: SettingParser<string[]> = (t) => {
  const services = t.split(",").map((s) => s.trim()).filter(Boolean);
  const problems = services.flatMap((s) => {
    const p = parseUnitSelector(s);
    return p.ok ? [] : [p.problem];
  });
  return problems.length ? { ok: false, problem: problems.join("; ") } : ok(services);
};

/** OWNER/REPO ("" = none). */
export const repository: SettingParser<{ owner: string; repo: string } | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  const m = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(t);
  return m ? ok({ owner: m[1] as string, repo: m[2] as string }) : bad(label, t, "must be OWNER/REPO");
};

/** An object prefix, without leading or trailing slashes. */
export const prefix: SettingParser<string> = (t) => ok(t.replace(/^\/+|\/+$/g, ""));

/** One project to garden and its services (empty = every Cloud Run service found in it). */
export interface ProjectServices {
  projectId: string;
  services: string[];
}

/**
 * `PROJECT[/SERVICE],…`: several projects, each with the services to garden; a project named alone
 * means every Cloud Run service found in it. `shop-prod/checkout,shop-prod/payments,shop-staging`.
 */
export const projectServicesList: SettingParser<ProjectServices[] | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  const byProject = new Map<string, { all: boolean; services: string[] }>();
  const problems: string[] = [];
  for (const item of t.split(",").map((x) => x.trim()).filter(Boolean)) {
    const [project = "", service, extra] = item.split("/");
    const p = projectId(project, label);
    if (!p.ok || extra !== undefined) {
      problems.push(`${label} item ${JSON.stringify(item)} must be PROJECT or PROJECT/SERVICE with a project id such as shop-prod`);
      continue;
    }
    if (service !== undefined && !/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(service)) {
      problems.push(`${label} item ${JSON.stringify(item)}: ${JSON.stringify(service)} is not a Cloud Run service name`);
      continue;
    }
    const entry = byProject.get(project) ?? { all: false, services: [] };
    if (service === undefined) entry.all = true;
    else if (!entry.services.includes(service)) entry.services.push(service);
    byProject.set(project, entry);
  }
  for (const [project, e] of byProject) {
    if (e.all && e.services.length) problems.push(`${label} names ${project} alone (every service) and with services (${e.services.join(", ")}): keep one`);
  }
  if (problems.length) return { ok: false, problem: problems.join("; ") };
  if (!byProject.size) return bad(label, t, "names no project");
  return ok([...byProject].map(([projectId, e]) => ({ projectId, services: e.services })));
};

/**
 * A linked dataset as `PROJECT.DATASET`; `{project}` stands for each gardened project
 * (`{project}.log_gardener` when every project links its own bucket under the same id).
 */
export const datasetTemplate: SettingParser<string | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  return /^(\{project\}|[a-z][a-z0-9.:-]*[a-z0-9])\.[A-Za-z0-9_]{1,1024}$/.test(t)
    ? ok(t)
    : bad(label, t, "must be PROJECT.DATASET of the log bucket's linked BigQuery dataset, e.g. shop-prod.log_gardener or {project}.log_gardener");
};

/** A Cloud Logging view's full name: what entries.list takes in resourceNames to read through the view. */
const LOG_VIEW = /^projects\/[a-z][a-z0-9.:-]{2,62}\/locations\/[a-z0-9-]+\/buckets\/[A-Za-z0-9_-]+\/views\/[A-Za-z0-9_-]+$/;

/** Comma-separated log view names ("" = none: read the project); every bad one named. */
export const logViewList: SettingParser<string[]> = (t, label) => {
  const views = t.split(",").map((v) => v.trim()).filter(Boolean);
  const wrong = views.filter((v) => !LOG_VIEW.test(v));
  if (wrong.length) {
    return { ok: false, problem: wrong.map((v) => `${label} entry ${JSON.stringify(v)} is not a log view: projects/PROJECT/locations/LOCATION/buckets/BUCKET/views/VIEW`).join("; ") };
  }
  return ok([...new Set(views)]);
};

/** A GitHub numeric id (an App's id, an installation's id); "" = unset. */
export const githubId: SettingParser<number | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  return /^[1-9]\d{0,15}$/.test(t) ? ok(Number(t)) : bad(label, t, "must be a GitHub numeric id, e.g. 123456 (the App's settings page, or the installation's URL)");
};

/**
 * A GitHub App's private key: the PEM file GitHub downloads (PKCS#1 "BEGIN RSA PRIVATE KEY", or PKCS#8),
 * checked by loading it, so a broken key is a configuration error at start and not a failure on every
 * pass. A key pasted with literal "\n" sequences is accepted too. The value is never echoed.
 */
export const privateKeyPem: SettingParser<string | undefined> = (t, label) => {
  if (!t) return ok(undefined);
  const pem = t.includes("\\n") && !t.includes("\n") ? t.replace(/\\n/g, "\n") : t;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") return { ok: false, problem: `${label} is a ${key.asymmetricKeyType ?? "non-RSA"} key: a GitHub App's private key is RSA (the .pem file from the App's settings)` };
    return ok(pem);
  } catch (err) {
    return { ok: false, problem: `${label} is not a readable private key (${(err as Error).message.split("\n")[0]}): give the whole .pem file from the App's settings` };
  }
};
