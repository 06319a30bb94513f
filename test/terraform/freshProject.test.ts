import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { parse as parseYaml } from "yaml";
import { parseDuration } from "../../shared/config/parseDuration.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { block, blocks, loadTfDir, parseTf, resource, variable, type Body, type TfDir } from "./tfConfig.js";

/**
 * A first apply on a fresh project: the APIs enabled and waited for, every resource after that wait,
 * the alert after its metrics, the secret's version before the function, one state for both ways of
 * deploying, providers locked, buckets logged and versioned.
 */

const TERRAFORM = join(PROJECT_ROOT, "terraform");
let tf: TfDir;
let example: TfDir;
let deployer: TfDir;
let identities: TfDir;
beforeAll(async () => {
  const load = (d: string) => loadTfDir(join(TERRAFORM, d));
  [tf, example, deployer, identities] = await Promise.all([load(""), load("examples/basic"), load("deployer"), load("modules/identities")]);
});

const dependsOn = (body: Body): string[] => (Array.isArray(body.depends_on) ? (body.depends_on as string[]) : []);
const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const guide = /\n## Deploy\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
const cloudbuild = parseYaml(readFileSync(join(PROJECT_ROOT, "cloudbuild.yaml"), "utf8")) as { steps: Array<{ id: string; args?: string[] }> };
const stepText = (id: string) => (cloudbuild.steps.find((s) => s.id === id)?.args ?? []).join(" ");

describe("APIs on a fresh project", () => {
  it("enables every API the pieces call, Service Usage and Cloud Resource Manager included", () => {
    expect([...(tf.locals.gardener_apis as string[])].sort()).toEqual(
      [
        "artifactregistry.googleapis.com",
        "cloudbuild.googleapis.com",
        "cloudfunctions.googleapis.com",
        "cloudresourcemanager.googleapis.com",
        "cloudscheduler.googleapis.com",
        "iam.googleapis.com",
        "logging.googleapis.com",
        "monitoring.googleapis.com",
        "run.googleapis.com",
        "secretmanager.googleapis.com",
        "serviceusage.googleapis.com",
        "storage.googleapis.com",
      ].sort(),
    );
    expect(resource(tf, "google_project_service", "gardener")).toMatchObject({ disable_on_destroy: false });
  });

  it("says in the guide that Service Usage and Cloud Resource Manager must be on before the first apply", () => {
    expect(guide).toMatch(/gcloud services enable serviceusage\.googleapis\.com cloudresourcemanager\.googleapis\.com/);
  });

  it("waits for the APIs to propagate, and every resource that calls one waits for that", () => {
    const wait = resource(tf, "time_sleep", "apis_ready");
    expect(dependsOn(wait).sort()).toEqual(
      [
        "${google_project_service.gardener}",
        "${google_project_service.logs_project_logging}",
        "${google_project_service.logs_project_monitoring}",
        "${google_project_service.logs_project_bigquery}",
      ].sort(),
    );
    expect(wait.create_duration).toBe('${var.enable_apis ? local.api_propagation_wait : "0s"}');
    expect(parseDuration(String(tf.locals.api_propagation_wait))).toBeGreaterThanOrEqual(60_000);
    // The roots of the graph: everything else references one of these, or an IAM grant on one.
    const roots = tf.resources.filter((r) =>
      ["google_storage_bucket", "google_secret_manager_secret", "google_artifact_registry_repository", "google_logging_log_view", "google_logging_metric", "google_cloudfunctions2_function", "google_cloud_scheduler_job"].includes(r.type),
    );
    expect(roots.length).toBe(10);
    for (const r of roots) expect({ resource: `${r.type}.${r.name}`, waits: dependsOn(r.body).includes("${time_sleep.apis_ready}") }).toEqual({ resource: `${r.type}.${r.name}`, waits: true });
    expect(dependsOn(tf.modules.find((m) => m.name === "identities")?.body as Body)).toContain("${time_sleep.apis_ready}");
  });

  it("creates the function only after every grant its build and its first instance need", () => {
    const fn = resource(tf, "google_cloudfunctions2_function");
    expect(dependsOn(fn)).toEqual(
      expect.arrayContaining([
        "${module.identities}",
        "${google_storage_bucket_iam_member.build_source}",
        "${google_artifact_registry_repository_iam_member.build_images}",
        "${google_logging_log_view_iam_member.function_cloud_run_logs}",
        "${google_logging_log_view_iam_member.function_audit_logs}",
        "${google_storage_bucket_iam_member.function_worklogs}",
        "${google_secret_manager_secret_iam_member.function_github}",
      ]),
    );
    const job = resource(tf, "google_cloud_scheduler_job");
    expect(dependsOn(job)).toContain("${google_cloud_run_v2_service_iam_member.scheduler_invoker}");
  });
});

describe("the alert after its metrics", () => {
  it("waits after the log-based metrics exist before creating the policy (provider issue #11102)", () => {
    const wait = resource(tf, "time_sleep", "metrics_ready");
    expect(wait.triggers).toEqual({ pass_failed: "${google_logging_metric.pass_failed.id}", pass_finished: "${google_logging_metric.pass_finished.id}" });
    expect(parseDuration(String(tf.locals.metric_propagation_wait))).toBeGreaterThanOrEqual(60_000);
    expect(dependsOn(resource(tf, "google_monitoring_alert_policy"))).toEqual(["${time_sleep.metrics_ready}"]);
    expect(readFileSync(join(TERRAFORM, "monitoring.tf"), "utf8")).toMatch(/#11102/);
  });
});

describe("the secret's version before the function", () => {
  const TARGET = "-target=module.log_gardener.google_secret_manager_secret.github";

  it("targets a resource the module has, and the function reads only that secret's latest version", () => {
    expect(resource(tf, "google_secret_manager_secret", "github")).toMatchObject({ count: "${local.github_secret_created ? 1 : 0}", secret_id: "${var.github_secret_id}" });
    expect(example.modules[0]?.name).toBe("log_gardener");
    expect(tf.resources.filter((r) => r.type === "google_secret_manager_secret_version")).toEqual([]);
  });

  it("is the same order by hand and in Cloud Build: the secret alone, then its version, then the rest", () => {
    expect(guide).toContain(`terraform apply ${TARGET}`);
    const secretStep = cloudbuild.steps.findIndex((s) => s.id === "terraform-secret");
    expect(stepText("terraform-secret")).toContain(TARGET);
    expect(stepText("terraform-secret")).toMatch(/"\$\$APPLY" = "secret"/);
    expect(secretStep).toBeLessThan(cloudbuild.steps.findIndex((s) => s.id === "terraform-apply"));
    expect(guide).toMatch(/_APPLY=secret[\s\S]*gcloud secrets versions add[\s\S]*_APPLY=true/);
  });

  it("or takes an existing secret that already has a version, and then creates none", () => {
    expect(variable(tf, "github_secret")).toMatchObject({ type: "${string}", default: null });
    expect(tf.locals.github_secret_created).toBe("${local.github_enabled && var.github_secret == null}");
    expect(example.modules[0]?.body.github_secret).toBe("${var.github_secret}");
  });
});

describe("one state for both ways of deploying", () => {
  it("keeps the example's state in GCS, bucket and prefix given at init, by hand and in Cloud Build alike", () => {
    const backend = example.terraform.find((t) => t.backend !== undefined);
    expect(backend?.backend).toEqual({ gcs: [{}] });
    expect(guide).toMatch(/terraform init -backend-config="bucket=[A-Z_]+" -backend-config="prefix=log-gardener"/);
    expect(stepText("terraform-init")).toContain("-backend-config=bucket=${_TF_STATE_BUCKET} -backend-config=prefix=${_TF_STATE_PREFIX}");
    // Cloud Build no longer writes a backend of its own.
    expect(readFileSync(join(PROJECT_ROOT, "cloudbuild.yaml"), "utf8")).not.toContain("backend_override");
  });
});

describe("providers locked", () => {
  it("commits a lock file for each root configuration, with every provider it requires, in range, with h1: and zh: hashes", async () => {
    for (const [dir, root] of [["examples/basic", example], ["deployer", deployer]] as const) {
      const path = join(TERRAFORM, dir, ".terraform.lock.hcl");
      expect(existsSync(path)).toBe(true);
      const lock = (await parseTf(path)).provider as Record<string, Array<{ version: string; constraints: string; hashes: string[] }>>;
      const required = Object.values(block(root.terraform.find((t) => t.required_providers) as Body, "required_providers")) as Array<{ source: string; version: string }>;
      const child = dir === "examples/basic" ? Object.values(block(tf.terraform[0] as Body, "required_providers")) as Array<{ source: string; version: string }> : [];
      for (const p of [...required, ...child]) {
        const entry = lock[`registry.terraform.io/${p.source}`]?.[0];
        expect({ provider: p.source, locked: entry !== undefined }).toEqual({ provider: p.source, locked: true });
        const [major, minor] = /^~> (\d+)\.(\d+)$/.exec(p.version)?.slice(1).map(Number) ?? [];
        const [vMajor, vMinor] = (entry?.version ?? "").split(".").map(Number);
        expect({ provider: p.source, inRange: vMajor === major && (vMinor ?? -1) >= (minor ?? 0) }).toEqual({ provider: p.source, inRange: true });
        expect(entry?.hashes.filter((h) => /^h1:[A-Za-z0-9+/]{43}=$/.test(h)).length).toBeGreaterThanOrEqual(1);
        expect(entry?.hashes.filter((h) => /^zh:[0-9a-f]{64}$/.test(h)).length).toBeGreaterThanOrEqual(10);
        expect(entry?.hashes.every((h) => /^(h1:[A-Za-z0-9+/]{43}=|zh:[0-9a-f]{64})$/.test(h))).toBe(true);
      }
    }
    expect(stepText("terraform-init")).toContain("-lockfile=readonly");
  });
});

describe("buckets and the secret's replication", () => {
  it("logs access to the worklog and source buckets into the access-log bucket, and versions both", () => {
    for (const name of ["worklogs", "source"]) {
      const b = resource(tf, "google_storage_bucket", name);
      expect(block(b, "logging")).toMatchObject({ log_bucket: "${google_storage_bucket.access_logs.name}" });
      expect(blocks(b, "versioning")).toEqual([{ enabled: true }]);
    }
    const logs = resource(tf, "google_storage_bucket", "access_logs");
    expect(logs.name).toBe("${var.bucket_name}-access");
    expect(blocks(logs, "logging")).toEqual([]);
    expect(block(block(logs, "lifecycle_rule"), "condition")).toEqual({ age: "${var.access_log_retention_days}" });
  });

  it("leaves room for the longest bucket suffix within Cloud Storage's 63 characters", () => {
    const longest = Math.max(...["-source", "-access"].map((s) => s.length));
    const condition = String(blocks(variable(tf, "bucket_name"), "validation")[0]?.condition);
    const max = Number(/\{1,(\d+)\}/.exec(condition)?.[1]) + 2;
    expect(max + longest).toBeLessThanOrEqual(63);
  });

  it("replicates the secret automatically, or to the regions given (a resource-location policy refuses automatic)", () => {
    const replication = block(resource(tf, "google_secret_manager_secret", "github"), "replication");
    const dynamic = replication.dynamic as Body;
    expect(block(dynamic, "auto").for_each).toBe("${length(var.secret_replication_locations) == 0 ? [1] : []}");
    const userManaged = block(dynamic, "user_managed");
    expect(userManaged.for_each).toBe("${length(var.secret_replication_locations) > 0 ? [1] : []}");
    expect(variable(tf, "secret_replication_locations")).toMatchObject({ type: "${list(string)}", default: [] });
  });
});

it("the identities submodule declares its own provider requirement", () => {
  expect(block(identities.terraform[0] as Body, "required_providers")).toEqual({ google: { source: "hashicorp/google", version: "~> 7.0" } });
});
