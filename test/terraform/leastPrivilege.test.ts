import { join } from "node:path";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { readFileSync } from "node:fs";
import { grantTable, grantTableMarkdown } from "./grantTable.js";
import { iamGrants, PUBLIC_MEMBER, type Grant } from "./moduleChecks.js";
import { block, findStrings, loadTfDir, resource, variable, type Body, type TfDir } from "./tfConfig.js";

/**
 * Least privilege end to end: every grant of the module, of its identities submodule and of
 * terraform/deployer, exactly; the deployer's roles against what examples/basic makes; the build's own
 * account; ingress.
 */

const TERRAFORM = join(PROJECT_ROOT, "terraform");
let tf: TfDir;
let identities: TfDir;
let deployer: TfDir;
let example: TfDir;

beforeAll(async () => {
  const load = (d: string) => loadTfDir(join(TERRAFORM, d));
  [tf, identities, deployer, example] = await Promise.all([load(""), load("modules/identities"), load("deployer"), load("examples/basic")]);
});

const key = (g: Grant) => `${g.type} | ${g.role} | ${g.member} | ${g.on}${g.when ? ` | when ${g.when}` : ""}`;
const keys = (grants: Grant[]) => grants.map(key).sort();

const FUNCTION = "${local.function_member}";
const SCHEDULER = "${local.scheduler_member}";
const BUILD = "${local.build_member}";

describe("the module's grants", () => {
  it("are exactly these, each on one resource (the grant table of the README)", () => {
    const { grants, problems } = iamGrants(tf);
    expect(problems).toEqual([]);
    expect(keys(grants)).toEqual(
      keys([
        { type: "google_logging_log_view_iam_member", role: "roles/logging.viewAccessor", member: FUNCTION, on: "name=${google_logging_log_view.cloud_run[0].id}", when: 'var.log_access == "view"' },
        { type: "google_logging_log_view_iam_member", role: "roles/logging.viewAccessor", member: FUNCTION, on: "name=${local.required_log_view}", when: 'var.log_access == "view"' },
        { type: "google_storage_bucket_iam_member", role: "roles/storage.objectUser", member: FUNCTION, on: "bucket=${google_storage_bucket.worklogs.name}" },
        { type: "google_secret_manager_secret_iam_member", role: "roles/secretmanager.secretAccessor", member: FUNCTION, on: "secret_id=${local.github_secret_id}", when: "local.github_enabled" },
        { type: "google_cloud_run_v2_service_iam_member", role: "roles/run.invoker", member: SCHEDULER, on: "name=${google_cloudfunctions2_function.gardener.service_config[0].service}" },
        { type: "google_storage_bucket_iam_member", role: "roles/storage.objectViewer", member: BUILD, on: "bucket=${google_storage_bucket.source.name}" },
        { type: "google_artifact_registry_repository_iam_member", role: "roles/artifactregistry.writer", member: BUILD, on: "repository=${google_artifact_registry_repository.gardener.name}" },
        { type: "google_storage_bucket_iam_member", role: "roles/storage.objectCreator", member: "group:cloud-storage-analytics@google.com", on: "bucket=${google_storage_bucket.access_logs.name}" },
        // Log Analytics (off by default): the linked dataset only.
        { type: "google_bigquery_dataset_iam_member", role: "roles/bigquery.dataViewer", member: FUNCTION, on: "dataset_id=${google_logging_linked_dataset.gardener[0].link_id}", when: 'var.log_source == "log-analytics"' },
      ]),
    );
  });

  it("make only these project-level grants, in the identities submodule: build log writing, metrics reading, log reading when log_access is project, query jobs with Log Analytics", () => {
    const { grants, problems } = iamGrants(identities);
    expect(problems).toEqual([]);
    expect(keys(grants)).toEqual(
      keys([
        { type: "google_project_iam_member", role: "roles/logging.logWriter", member: "serviceAccount:${google_service_account.build.email}", on: "project=${var.project_id}" },
        { type: "google_project_iam_member", role: "roles/logging.viewer", member: "serviceAccount:${google_service_account.function.email}", on: "project=${var.logs_project_id}", when: 'var.log_access == "project"' },
        // The header's whole-window counts (Cloud Monitoring): metrics only, never the logs.
        { type: "google_project_iam_member", role: "roles/monitoring.viewer", member: "serviceAccount:${google_service_account.function.email}", on: "project=${var.logs_project_id}" },
        { type: "google_project_iam_member", role: "roles/bigquery.jobUser", member: "serviceAccount:${google_service_account.function.email}", on: "project=${var.logs_project_id}", when: "var.log_analytics" },
      ]),
    );
    expect(tf.resources.filter((r) => r.type === "google_project_iam_member")).toEqual([]);
  });

  it("grant the log views only what the function reads: the log view filter and the _Required audit view", () => {
    expect(variable(tf, "log_access").default).toBe("view");
    expect(tf.locals.log_read_names).toBe('${var.log_access == "view" ? [\n    google_logging_log_view.cloud_run[0].id,\n    local.required_log_view,\n  ] : []}');
    const fn = resource(tf, "google_cloudfunctions2_function");
    expect((block(fn, "service_config").environment_variables as Body).GARDENER_LOG_VIEWS).toBe('${join(",", local.log_read_names)}');
  });

  it("flag authoritative, conditional or multiplied grants, and expand the for_each forms they allow", () => {
    const broken: TfDir = {
      ...tf,
      locals: { ...tf.locals, roles: ["roles/a", "roles/b"] },
      resources: [
        { file: "x.tf", type: "google_project_iam_binding", name: "b", body: { project: "p", role: "roles/viewer", members: ["user:a@b.c"] } },
        { file: "x.tf", type: "google_storage_bucket_iam_member", name: "m", body: { for_each: "${var.x}", bucket: "b", role: "roles/storage.admin", member: "user:a@b.c" } },
        { file: "x.tf", type: "google_storage_bucket_iam_member", name: "n", body: { count: "${length(var.x)}", bucket: "b", role: "r", member: "user:a@b.c" } },
        { file: "x.tf", type: "google_project_iam_member", name: "c", body: { project: "p", role: "r", member: "user:a@b.c", condition: [{ expression: "true" }] } },
        { file: "x.tf", type: "google_project_iam_member", name: "e", body: { for_each: "${toset(local.roles)}", project: "p", role: "${each.value}", member: "user:a@b.c" } },
      ],
    };
    const { grants, problems } = iamGrants(broken);
    expect(problems).toEqual([
      "google_project_iam_binding.b: only additive *_iam_member grants are allowed",
      "google_project_iam_binding.b: grants several members",
      "google_storage_bucket_iam_member.m: count/for_each would multiply the grant",
      "google_storage_bucket_iam_member.n: count other than COND ? 1 : 0 would multiply the grant",
      "google_project_iam_member.c: has a condition the checks do not model",
    ]);
    expect(grants.filter((g) => g.member === "user:a@b.c" && g.on === "project=p").map((g) => g.role)).toEqual(["r", "roles/a", "roles/b"]);
  });

  it("never name allUsers or allAuthenticatedUsers, in any Terraform directory", async () => {
    for (const dir of [tf, identities, deployer, example]) expect(findStrings(dir.files, PUBLIC_MEMBER)).toEqual([]);
    const { parseTf } = await import("./tfConfig.js");
    const leaky = await parseTf("leaky.tf", 'resource "google_cloud_run_v2_service_iam_member" "x" {\n  member = "${local.public ? "allUsers" : "x"}"\n}\n');
    expect(findStrings(leaky, PUBLIC_MEMBER)).toHaveLength(1);
  });
});

describe("the function is built and served by its own accounts", () => {
  it("builds as <name>-build into its own image repository, not the default build account and gcf-artifacts", () => {
    const build = block(resource(tf, "google_cloudfunctions2_function"), "build_config");
    expect(build.service_account).toBe("projects/${var.project_id}/serviceAccounts/${local.build_sa_email}");
    expect(build.docker_repository).toBe("${google_artifact_registry_repository.gardener.id}");
    expect(resource(tf, "google_artifact_registry_repository", "gardener")).toMatchObject({ format: "DOCKER", location: "${var.region}" });
    expect(resource(identities, "google_service_account", "build").account_id).toBe("${var.function_name}-build");
    expect(tf.variables.map((v) => v.name)).not.toContain("build_service_account");
  });

  it("takes only internal traffic by default (Cloud Scheduler in the same project counts as internal)", () => {
    expect(variable(tf, "ingress_settings").default).toBe("ALLOW_INTERNAL_ONLY");
    expect(block(resource(tf, "google_cloudfunctions2_function"), "service_config").ingress_settings).toBe("${var.ingress_settings}");
  });

  it("uses the accounts terraform/deployer made, by the same names, when it does not create them", () => {
    const existing = tf.data.find((d) => d.type === "google_service_account" && d.name === "existing")?.body as Body;
    expect(existing.for_each).toBe('${var.create_service_accounts ? toset([]) : toset(["run", "invoker", "build"])}');
    expect(existing.account_id).toBe("${var.function_name}-${each.value}");
    for (const [name, suffix] of [["function", "run"], ["scheduler", "invoker"], ["build", "build"]] as const) {
      expect(resource(identities, "google_service_account", name).account_id).toBe(`\${var.function_name}-${suffix}`);
    }
    expect(deployer.modules.find((m) => m.name === "identities")?.body.source).toBe("../modules/identities");
    expect(tf.modules.find((m) => m.name === "identities")?.body).toMatchObject({ source: "./modules/identities", count: "${var.create_service_accounts ? 1 : 0}" });
  });
});

/**
 * What each kind of thing examples/basic makes needs from Cloud Build's deployer account (create_service_accounts = false):
 * the deployer's project roles must cover every row, and every role must be needed by some row.
 */
const NEEDS: Record<string, string> = {
  google_project_service: "roles/serviceusage.serviceUsageAdmin",
  google_storage_bucket: "roles/storage.admin",
  google_storage_bucket_object: "roles/storage.admin",
  google_storage_bucket_iam_member: "roles/storage.admin",
  google_secret_manager_secret: "roles/secretmanager.admin",
  google_secret_manager_secret_iam_member: "roles/secretmanager.admin",
  google_cloudfunctions2_function: "roles/cloudfunctions.developer",
  google_cloud_run_v2_service_iam_member: "roles/run.admin",
  google_cloud_scheduler_job: "roles/cloudscheduler.admin",
  google_artifact_registry_repository: "roles/artifactregistry.admin",
  google_artifact_registry_repository_iam_member: "roles/artifactregistry.admin",
  google_logging_metric: "roles/logging.configWriter",
  google_monitoring_alert_policy: "roles/monitoring.alertPolicyEditor",
  // On the logs project, granted apart (deployer_log_views).
  google_logging_log_view: "roles/logging.admin",
  google_logging_log_view_iam_member: "roles/logging.admin",
  // Log Analytics (log_source = "log-analytics"), on the logs project too: deployer_log_views and deployer_log_analytics.
  google_logging_project_bucket_config: "roles/logging.admin",
  google_logging_linked_dataset: "roles/logging.admin",
  google_bigquery_dataset_iam_member: "roles/bigquery.dataOwner",
  // No API call.
  time_sleep: "",
};
/** Needed by the build itself, not by a resource: its logs (options.logging: CLOUD_LOGGING_ONLY). */
const BUILD_ITSELF = ["roles/logging.logWriter"];
const IAM_ADMIN = /^roles\/(owner|editor|resourcemanager\.projectIamAdmin|iam\.securityAdmin|iam\.serviceAccountAdmin|iam\.serviceAccountKeyAdmin|iam\.serviceAccountTokenCreator|iam\.roleAdmin)$/;

describe("Cloud Build's deployer (terraform/deployer)", () => {
  const deployerGrants = () => iamGrants(deployer);
  const DEPLOYER = "serviceAccount:${google_service_account.deployer.email}";

  it("holds exactly the project roles that what examples/basic makes needs, none spare", () => {
    const { grants, problems } = deployerGrants();
    expect(problems).toEqual([]);
    const projectRoles = grants.filter((g) => g.member === DEPLOYER && g.on === "project=${var.project_id}").map((g) => g.role).sort();
    const kinds = [...new Set(tf.resources.map((r) => r.type))];
    expect(kinds.filter((k) => !(k in NEEDS))).toEqual([]);
    const onLogsProject = ["roles/logging.admin", "roles/bigquery.dataOwner"];
    const needed = [...new Set([...kinds.map((k) => NEEDS[k] as string).filter((r) => r && !onLogsProject.includes(r)), ...BUILD_ITSELF])].sort();
    expect(projectRoles).toEqual(needed);
  });

  it("reaches the logs project only to make the log view and grant it, and with Log Analytics to upgrade, link and grant the dataset", () => {
    const logs = deployerGrants().grants.filter((g) => g.member === DEPLOYER && g.on === "project=${local.logs_project_id}");
    expect(keys(logs)).toEqual(
      keys([
        { type: "google_project_iam_member", role: "roles/logging.admin", member: DEPLOYER, on: "project=${local.logs_project_id}", when: 'var.log_access == "view" || var.log_source == "log-analytics"' },
        { type: "google_project_iam_member", role: "roles/bigquery.dataOwner", member: DEPLOYER, on: "project=${local.logs_project_id}", when: 'var.log_source == "log-analytics"' },
      ]),
    );
  });

  it("holds no IAM admin role anywhere, and acts as the gardener's three accounts only", () => {
    const { grants } = deployerGrants();
    expect(grants.filter((g) => IAM_ADMIN.test(g.role))).toEqual([]);
    expect(grants.filter((g) => g.role === "roles/iam.serviceAccountUser" && g.member === DEPLOYER).map((g) => g.on).sort()).toEqual(
      [
        "service_account_id=projects/${var.project_id}/serviceAccounts/${module.identities.build_email}",
        "service_account_id=projects/${var.project_id}/serviceAccounts/${module.identities.function_email}",
        "service_account_id=projects/${var.project_id}/serviceAccounts/${module.identities.scheduler_email}",
      ].sort(),
    );
    expect(grants.filter((g) => g.type === "google_project_iam_member" && g.role === "roles/iam.serviceAccountUser")).toEqual([]);
  });

  it("lets only the listed principals start a build as the deployer", () => {
    const submitters = deployerGrants().grants.filter((g) => g.member !== DEPLOYER && !g.member.includes("google_service_account.function"));
    expect(submitters.filter((g) => g.type === "google_service_account_iam_member")).toEqual([
      {
        type: "google_service_account_iam_member",
        role: "roles/iam.serviceAccountUser",
        member: "each of var.build_submitters",
        on: "service_account_id=${google_service_account.deployer.name}",
      },
    ]);
    expect(variable(deployer, "build_submitters").default).toEqual([]);
  });

  it("is the account cloudbuild.yaml runs as", async () => {
    const { parse } = await import("yaml");
    const build = parse(readFileSync(join(PROJECT_ROOT, "cloudbuild.yaml"), "utf8")) as { serviceAccount: string };
    const id = String(resource(deployer, "google_service_account", "deployer").account_id).replace("${var.function_name}", String(variable(deployer, "function_name").default));
    expect(build.serviceAccount).toBe(`projects/$PROJECT_ID/serviceAccounts/${id}@$PROJECT_ID.iam.gserviceaccount.com`);
  });
});

describe("the grant table", () => {
  it("lists who holds which role on what, for the deployer, the build and the runtime accounts", () => {
    const table = grantTable({ module: tf, identities, deployer });
    expect(table.map((r) => r.who)).toEqual(expect.arrayContaining(["deployer", "build", "function", "scheduler"]));
    expect(table.filter((r) => r.who === "function").map((r) => r.role)).toEqual(
      expect.arrayContaining(["roles/logging.viewAccessor", "roles/storage.objectUser", "roles/secretmanager.secretAccessor"]),
    );
    expect(table.filter((r) => r.who === "build").map((r) => r.role).sort()).toEqual(["roles/artifactregistry.writer", "roles/logging.logWriter", "roles/storage.objectViewer"]);
    expect(table.filter((r) => r.who === "deployer").length).toBe(15);
  });

  it("is the one the README's Deploy section shows", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    expect(readme).toContain(grantTableMarkdown(grantTable({ module: tf, identities, deployer })));
  });
});
