import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { SETTINGS } from "../../shared/config/settings.js";
import { defaultProblems, environmentProblems, iamGrants, keyAlternatives, secretEnvironmentBlocks } from "./moduleChecks.js";
import { block, blocks, loadTfDir, resource, variable, type Body, type TfDir } from "./tfConfig.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const MODULE_DIR = join(ROOT, "terraform");
const EXAMPLE_DIR = join(MODULE_DIR, "examples", "basic");
const FUNCTIONS_DIR = join(ROOT, "functions");
const INDEX_TS = join(FUNCTIONS_DIR, "index.ts");

const SCHEDULER_SA = "${local.scheduler_member}";
const FUNCTION_URI = "${google_cloudfunctions2_function.gardener.service_config[0].uri}";

let tf: TfDir;
let example: TfDir;
let fn: Body;

beforeAll(async () => {
  tf = await loadTfDir(MODULE_DIR);
  example = await loadTfDir(EXAMPLE_DIR);
  fn = resource(tf, "google_cloudfunctions2_function");
});

/** A copy of the module with one variable's body changed, to show a check catches it. */
const withVariable = (dir: TfDir, name: string, body: Body): TfDir => ({
  ...dir,
  variables: dir.variables.map((v) => (v.name === name ? { ...v, body } : v)),
});

/**
 * Evaluates one of main.tf's arithmetic locals for given variable values, so the documented timeout
 * figures are checked against the expressions Terraform will evaluate. Only numbers, + - * / ( ),
 * min, max, ceil and references are accepted; anything else fails the test.
 */
function evaluateLocal(name: string, vars: Record<string, number>, services: number, watchedProjects = 0): number {
  const expand = (expr: string): string =>
    expr
      .replace(/length\(var\.services\)/g, String(services))
      .replace(/length\(var\.watched_project_ids\)/g, String(watchedProjects))
      .replace(/local\.(\w+)/g, (_, local: string) => `(${expand(unwrap(tf.locals[local]))})`)
      .replace(/var\.(\w+)/g, (_, v: string) => {
        if (!(v in vars)) throw new Error(`no value given for var.${v}`);
        return String(vars[v]);
      });
  const unwrap = (v: unknown): string => {
    if (typeof v === "number") return String(v);
    const m = typeof v === "string" ? /^\$\{([\s\S]*)\}$/.exec(v) : null;
    if (!m) throw new Error(`local is not an arithmetic expression: ${JSON.stringify(v)}`);
    return m[1] as string;
  };
  const js = expand(unwrap(tf.locals[name])).replace(/\b(min|max|ceil)\(/g, "Math.$1(");
  if (!/^(?:[\d\s+*/().,-]|Math\.(?:min|max|ceil))*$/.test(js)) throw new Error(`unexpected tokens in ${name}: ${js}`);
  return Function(`"use strict"; return (${js});`)() as number;
}

describe("the function's environment is exactly the settings the config loader reads", () => {
  it("sets every non-secret setting as a plain variable and the GitHub credential as a secret, nothing else", () => {
    expect(environmentProblems(fn, SETTINGS)).toEqual([]);
    const env = block(fn, "service_config").environment_variables as Record<string, string>;
    const expected = Object.values(SETTINGS)
      .filter((s) => !("secret" in s && s.secret) && !("cliOnly" in s && s.cliOnly))
      .map((s) => s.env)
      .sort();
    expect(Object.keys(env).sort()).toEqual(expected);
    const secrets = secretEnvironmentBlocks(block(fn, "service_config")).flatMap((b) => keyAlternatives(b.key));
    expect(secrets.sort()).toEqual(Object.values(SETTINGS).filter((s) => "secret" in s && s.secret).map((s) => s.env).sort());
  });

  it("would fail when the loader gains a setting Terraform does not set, or Terraform sets one it does not read", () => {
    const added = { ...SETTINGS, future: { env: "GARDENER_FUTURE_SETTING", description: "added later", default: "x" } };
    expect(environmentProblems(fn, added)).toEqual(["GARDENER_FUTURE_SETTING (read by the config loader) is not set in environment_variables"]);
    const { window: _dropped, ...withoutWindow } = SETTINGS;
    expect(environmentProblems(fn, withoutWindow)).toEqual(["GARDENER_WINDOW is set in environment_variables but the config loader never reads it"]);
    const tokenAsPlain = { ...SETTINGS, githubApiUrl: { ...SETTINGS.githubApiUrl, secret: true } };
    expect(environmentProblems(fn, tokenAsPlain)).toEqual(
      expect.arrayContaining(["GITHUB_API_URL is a secret setting and is not a secret_environment_variables entry", "GITHUB_API_URL is a secret and must not be a plain environment variable"]),
    );
  });

  it("wires each setting from the matching variable, whose default is the loader's default", () => {
    expect(defaultProblems(fn, tf, SETTINGS)).toEqual([]);
    const env = block(fn, "service_config").environment_variables as Record<string, string>;
    expect(env).toMatchObject({
      GARDENER_PROJECT_ID: '${local.multi_project ? "" : local.logs_project_id}',
      GARDENER_SERVICES: '${local.multi_project ? "" : join(",", var.services)}',
      GARDENER_BUCKET: "${google_storage_bucket.worklogs.name}",
      GARDENER_PREFIX: "${var.worklog_prefix}",
      GARDENER_PAGE_BUDGET: "${tostring(var.page_budget)}",
    });
    const changed = withVariable(tf, "window", { ...variable(tf, "window"), default: "2h" });
    expect(defaultProblems(fn, changed, SETTINGS)).toEqual(['var.window (GARDENER_WINDOW) defaults to "2h", the config loader to "1h"']);
  });

  it("exposes the endpoint overrides as variables defaulting to empty (the loader treats empty as unset)", () => {
    const env = block(fn, "service_config").environment_variables as Record<string, string>;
    for (const [name, varName] of [
      ["GITHUB_API_URL", "github_api_url"],
      ["LOGGING_API_ENDPOINT", "logging_api_endpoint"],
      ["STORAGE_API_ENDPOINT", "storage_api_endpoint"],
    ] as const) {
      expect(env[name]).toBe(`\${var.${varName}}`);
      expect(variable(tf, varName)).toMatchObject({ type: "${string}", default: "" });
    }
  });
});

describe("the function", () => {
  it("is gen2 on nodejs22 with entry point logGardener, the target package.json starts", () => {
    const build = block(fn, "build_config");
    expect(build.runtime).toBe("nodejs22");
    expect(build.entry_point).toBe("logGardener");
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; main: string };
    expect(pkg.scripts.start).toContain(`--target=${String(build.entry_point)}`);
    // The buildpack runs gcp-build on the uploaded zip: the function's own build config, not the developer build.
    expect(pkg.scripts["gcp-build"]).toBe("tsc -p tsconfig.function.json");
    expect(pkg.main).toBe("dist/functions/index.js");
  });

  // functions/index.ts is written beside this module; until it is on this branch the check is skipped, visibly.
  it("registers the same target in functions/index.ts", () => {
    const source = readFileSync(INDEX_TS, "utf8");
    const call = /\bhttp\(\s*("([^"]+)"|([A-Za-z_$][\w$]*))\s*,/.exec(source);
    expect(call).not.toBeNull();
    const target = call?.[2] ?? new RegExp(`\\b${call?.[3] as string}\\s*=\\s*"([^"]+)"`).exec(source)?.[1];
    expect(target).toBe(block(fn, "build_config").entry_point);
  });

  it("runs one pass at a time as its own service account, with a timeout from the worst-case pass", () => {
    const service = block(fn, "service_config");
    expect(service).toMatchObject({
      max_instance_count: 1,
      max_instance_request_concurrency: 1,
      service_account_email: "${local.function_sa_email}",
      timeout_seconds: "${local.function_timeout_seconds}",
    });
    expect(blocks(block(fn, "lifecycle"), "precondition").map((p) => p.condition)).toContain("${local.worst_case_pass_seconds <= local.max_function_timeout}");
  });

  it("has the timeouts main.tf documents: 300 s by default, 720 s for 40 pages x 5 services, capped under Scheduler's 30 minutes", () => {
    const defaults = { page_budget: Number(variable(tf, "page_budget").default), max_new_issues: Number(variable(tf, "max_new_issues").default) };
    expect(defaults).toEqual({ page_budget: Number(SETTINGS.pageBudget.default), max_new_issues: Number(SETTINGS.maxNewIssues.default) });
    expect(evaluateLocal("worst_case_pass_seconds", defaults, 1)).toBe(280);
    expect(evaluateLocal("function_timeout_seconds", defaults, 1)).toBe(300);
    expect(evaluateLocal("function_timeout_seconds", defaults, 5)).toBe(720);
    // A further watched project counts as one service (its services are found at run time).
    expect(evaluateLocal("function_timeout_seconds", defaults, 1, 4)).toBe(720);
    // 1 s a page is the quota's floor (60 reads a minute per project): the budget must not assume less.
    expect(evaluateLocal("seconds_per_page", {}, 1)).toBeGreaterThanOrEqual(60 / 60);
    const huge = { page_budget: 10_000, max_new_issues: 100 };
    expect(evaluateLocal("function_timeout_seconds", huge, 3)).toBe(1740);
    expect(evaluateLocal("attempt_deadline_seconds", huge, 3)).toBeLessThanOrEqual(1800);
    expect(evaluateLocal("attempt_deadline_seconds", defaults, 1)).toBeGreaterThan(evaluateLocal("function_timeout_seconds", defaults, 1));
  });

  it("deploys an allowlisted zip named by its content hash (test/deploy rebuilds it and runs the buildpack's steps on it)", () => {
    const archive = tf.data.find((d) => d.type === "archive_file")?.body as Body;
    expect(archive).toMatchObject({ type: "zip" });
    // An exclude list would ship whatever else the checkout holds (an .env, an .npmrc with a token).
    expect(archive.source_dir).toBeUndefined();
    expect(archive.excludes).toBeUndefined();
    expect(tf.locals.function_source_patterns).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "tsconfig.function.json"]));
    const object = resource(tf, "google_storage_bucket_object", "source");
    expect(object.name).toMatch(/\$\{data\.archive_file\.source\.output_(sha256|md5|sha)\}/);
    expect(block(block(block(fn, "build_config"), "source"), "storage_source")).toEqual({
      bucket: "${google_storage_bucket.source.name}",
      object: "${google_storage_bucket_object.source.name}",
    });
  });
});

describe("secrets", () => {
  it("passes the credential from the GitHub secret, latest version, only when a repository is set", () => {
    const service = block(fn, "service_config");
    const dynamic = blocks(service.dynamic as Body, "secret_environment_variables");
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]?.for_each).toBe("${local.github_enabled ? [local.github_secret_id] : []}");
    expect(block(dynamic[0] as Body, "content")).toEqual({
      key: '${var.github_auth == "app" ? "GITHUB_APP_PRIVATE_KEY" : "GITHUB_TOKEN"}',
      project_id: "${local.github_secret_project}",
      secret: "${secret_environment_variables.value}",
      version: "latest",
    });
    expect(tf.locals.github_enabled).toBe('${var.github_repository != ""}');
  });

  it("sets the App settings only with github_auth = \"app\" (the loader refuses a token and an App together), and requires both ids then", () => {
    const env = block(fn, "service_config").environment_variables as Record<string, string>;
    expect(env.GITHUB_APP_ID).toBe('${var.github_auth == "app" ? var.github_app_id : ""}');
    expect(env.GITHUB_APP_INSTALLATION_ID).toBe('${var.github_auth == "app" ? var.github_app_installation_id : ""}');
    expect(variable(tf, "github_auth").default).toBe("token");
    expect(blocks(block(fn, "lifecycle"), "precondition").map((p) => p.condition)).toContain('${var.github_auth != "app" || (var.github_app_id != "" && var.github_app_installation_id != "")}');
  });

  it("never puts a secret value in Terraform: no secret version resource or data source, no credential variable", () => {
    for (const dir of [tf, example]) {
      expect([...dir.resources, ...dir.data].filter((r) => r.type.startsWith("google_secret_manager_secret_version")).map((r) => r.name)).toEqual([]);
      expect(dir.variables.map((v) => v.name).filter((n) => /token|password|key|secret/i.test(n) && !["github_secret_id", "github_secret", "secret_replication_locations"].includes(n))).toEqual([]);
    }
  });
});

describe("the buckets", () => {
  it("are private: uniform access and public access prevention enforced on every bucket", () => {
    const buckets = tf.resources.filter((r) => r.type === "google_storage_bucket");
    expect(buckets.map((b) => b.name).sort()).toEqual(["access_logs", "source", "worklogs"]);
    for (const b of buckets) expect(b.body).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced" });
  });

  it("keep worklogs versioned and age them out after a variable number of days, leaving the state alone", () => {
    const worklogs = resource(tf, "google_storage_bucket", "worklogs");
    expect(blocks(worklogs, "versioning")).toEqual([{ enabled: true }]);
    const rules = blocks(worklogs, "lifecycle_rule").map((r) => ({ condition: block(r, "condition"), action: block(r, "action") }));
    const ageRule = rules.find((r) => r.condition.age !== undefined);
    expect(ageRule).toEqual({
      condition: { age: "${var.worklog_retention_days}", matches_prefix: "${local.worklog_prefixes}", with_state: "LIVE" },
      action: { type: "Delete" },
    });
    expect(tf.locals.worklog_prefixes).toBe('${[for s in var.services : local.multi_project ? "${var.worklog_prefix}/${local.logs_project_id}/${s}/" : "${var.worklog_prefix}/${s}/"]}');
    expect(variable(tf, "worklog_retention_days")).toMatchObject({ type: "${number}", default: 90 });
    expect(rules.some((r) => r.condition.days_since_noncurrent_time === "${var.noncurrent_version_retention_days}" && r.action.type === "Delete")).toBe(true);
  });
});

describe("the scheduler job", () => {
  it("calls the function hourly by default with an OIDC token of its own service account, with retries and a deadline", () => {
    const job = resource(tf, "google_cloud_scheduler_job");
    expect(job).toMatchObject({ schedule: "${var.schedule}", attempt_deadline: "${local.attempt_deadline_seconds}s" });
    expect(variable(tf, "schedule").default).toBe("0 * * * *");
    const target = block(job, "http_target");
    expect(target).toMatchObject({ http_method: "POST", uri: FUNCTION_URI });
    expect(blocks(target, "oauth_token")).toEqual([]);
    expect(block(target, "oidc_token")).toEqual({ service_account_email: "${local.scheduler_sa_email}", audience: FUNCTION_URI });
    expect(block(job, "retry_config")).toMatchObject({ retry_count: "${var.scheduler_retry_count}" });
  });

  it("its service account holds run.invoker on the function's service and nothing else", () => {
    const { grants } = iamGrants(tf);
    expect(grants.filter((g) => g.member === SCHEDULER_SA)).toEqual([
      { type: "google_cloud_run_v2_service_iam_member", role: "roles/run.invoker", member: SCHEDULER_SA, on: "name=${google_cloudfunctions2_function.gardener.service_config[0].service}" },
    ]);
  });
});

describe("alerting", () => {
  it("counts failed and finished passes from the function's own log lines", () => {
    const failed = resource(tf, "google_logging_metric", "pass_failed");
    const finished = resource(tf, "google_logging_metric", "pass_finished");
    expect(failed.filter).toContain('severity>=ERROR AND jsonPayload.message=~"^gardening pass failed"');
    expect(finished.filter).toContain('severity=INFO AND jsonPayload.message="gardening pass finished"');
    for (const m of [failed, finished]) expect(String(m.filter)).toMatch(/^\$\{local\.function_logs\} AND /);
    expect(tf.locals.function_logs).toBe('resource.type="cloud_run_revision" AND resource.labels.service_name="${var.function_name}"');
  });

  // The messages are logged by the function's handler; checked once it is on this branch.
  it("matches the messages the function logs", () => {
    const sources = readdirSync(FUNCTIONS_DIR)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(FUNCTIONS_DIR, f), "utf8"))
      .join("\n");
    expect(sources).toMatch(/\.error\([^\n]*`gardening pass failed/);
    expect(sources).toMatch(/\.info\([^\n]*"gardening pass finished"/);
  });

  it("alerts on a failed pass and on no finished pass for two hours, to the given channels", () => {
    const policy = resource(tf, "google_monitoring_alert_policy");
    expect(policy).toMatchObject({ combiner: "OR", notification_channels: "${var.notification_channels}" });
    const conditions = blocks(policy, "conditions");
    const threshold = conditions.flatMap((c) => blocks(c, "condition_threshold"));
    const absent = conditions.flatMap((c) => blocks(c, "condition_absent"));
    expect(threshold).toHaveLength(1);
    expect(threshold[0]?.filter).toContain("logging.googleapis.com/user/${google_logging_metric.pass_failed.name}");
    expect(threshold[0]).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 0 });
    expect(absent).toHaveLength(1);
    expect(absent[0]?.filter).toContain("logging.googleapis.com/user/${google_logging_metric.pass_finished.name}");
    expect(absent[0]?.duration).toBe("${var.alert_no_success_seconds}s");
    expect(variable(tf, "alert_no_success_seconds").default).toBe(2 * 3600);
    expect(variable(tf, "notification_channels")).toMatchObject({ type: "${list(string)}", default: [] });
  });
});

describe("module layout", () => {
  it("splits the module by concern, terraform-google-modules style", () => {
    expect(Object.keys(tf.files).sort()).toEqual(
      ["apis.tf", "artifacts.tf", "bucket.tf", "function.tf", "iam.tf", "log_analytics.tf", "logs.tf", "main.tf", "monitoring.tf", "outputs.tf", "scheduler.tf", "secret.tf", "variables.tf", "versions.tf"].sort(),
    );
    expect(tf.variables.every((v) => v.file === "variables.tf")).toBe(true);
    expect(tf.outputs.every((o) => o.file === "outputs.tf")).toBe(true);
    expect(tf.terraform.length).toBe(1);
  });

  it("pins Terraform, google 7.x, archive 2.x and time 0.x in the module and the example", () => {
    for (const dir of [tf, example]) {
      const settings = dir.terraform.find((t) => t.required_providers !== undefined);
      expect(settings?.required_version).toMatch(/^>= 1\.\d+/);
      const providers = block(settings as Body, "required_providers");
      expect(providers).toEqual({
        google: { source: "hashicorp/google", version: expect.stringMatching(/^~> 7\.\d+$/) },
        archive: { source: "hashicorp/archive", version: expect.stringMatching(/^~> 2\.\d+$/) },
        time: { source: "hashicorp/time", version: expect.stringMatching(/^~> 0\.\d+$/) },
      });
    }
  });

  it("types and describes every variable and output", () => {
    for (const dir of [tf, example]) {
      for (const v of dir.variables) {
        expect({ name: v.name, type: typeof v.body.type, description: String(v.body.description ?? "").length > 10 }).toEqual({ name: v.name, type: "string", description: true });
      }
      for (const o of dir.outputs) expect({ name: o.name, described: String(o.body.description ?? "").length > 10 }).toEqual({ name: o.name, described: true });
    }
  });

  it("validates the inputs that have a rule", () => {
    const validated = tf.variables.filter((v) => blocks(v.body, "validation").length > 0).map((v) => v.name);
    const unvalidated = tf.variables.map((v) => v.name).filter((n) => !validated.includes(n));
    // Free-form by nature: a path, and three booleans.
    expect(unvalidated.sort()).toEqual(["create_service_accounts", "dry_run", "enable_apis", "source_dir"]);
  });

  it("enables the APIs the pieces use", () => {
    expect(tf.locals.gardener_apis).toEqual(
      expect.arrayContaining([
        "cloudfunctions.googleapis.com",
        "run.googleapis.com",
        "cloudbuild.googleapis.com",
        "artifactregistry.googleapis.com",
        "cloudscheduler.googleapis.com",
        "secretmanager.googleapis.com",
        "storage.googleapis.com",
        "logging.googleapis.com",
        "monitoring.googleapis.com",
      ]),
    );
    expect(resource(tf, "google_project_service", "gardener")).toMatchObject({ disable_on_destroy: false });
  });

  it("has an example that calls the module from ../.. with every required variable", () => {
    expect(example.modules).toHaveLength(1);
    const call = example.modules[0]?.body as Body;
    expect(call.source).toBe("../..");
    const declared = tf.variables.map((v) => v.name);
    const required = tf.variables.filter((v) => !("default" in v.body)).map((v) => v.name);
    const passed = Object.keys(call).filter((k) => k !== "source");
    expect(passed.filter((k) => !declared.includes(k))).toEqual([]);
    expect(required.filter((k) => !passed.includes(k))).toEqual([]);
    expect(required.sort()).toEqual(["bucket_name", "project_id", "services"]);
    expect(existsSync(join(EXAMPLE_DIR, "README.md"))).toBe(true);
  });
});

describe("the deploy guide (the README's Deploy section)", () => {
  const readme = readFileSync(join(MODULE_DIR, "..", "README.md"), "utf8");
  const guide = /\n## Deploy\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";

  it("adds the credential with gcloud from stdin, to the secret the module creates by default, between two applies", () => {
    const secretId = String(variable(tf, "github_secret_id").default);
    expect(guide).toMatch(new RegExp(`gcloud secrets versions add ${secretId}[\\s\\S]*?--data-file=-`));
    expect(guide).toContain("terraform apply -target=module.log_gardener.google_secret_manager_secret.github");
    expect(example.modules[0]?.name).toBe("log_gardener");
    const order = ["-target=module.log_gardener.google_secret_manager_secret.github", `gcloud secrets versions add ${secretId}`, "\nterraform apply\n"].map((t) => guide.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("triggers the job the module names, and reads the function's logs and the latest worklog", () => {
    const name = String(variable(tf, "function_name").default);
    expect(guide).toContain(`gcloud scheduler jobs run ${name} `);
    expect(guide).toContain(`resource.labels.service_name="${name}"`);
    expect(guide).toContain("gardening pass finished");
    expect(guide).toMatch(/gcloud storage cat gs:\/\/BUCKET\/worklogs\/SERVICE\/latest\.md/);
    expect(String(variable(tf, "worklog_prefix").default)).toBe("worklogs");
  });
});
