import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadConfig, type SettingValues } from "../../shared/config/loadConfig.js";
import { SETTINGS, type SettingName } from "../../shared/config/settings.js";
import { PROJECT_ROOT } from "../realdata/sharedData.js";
import { iamGrants, type Grant } from "./moduleChecks.js";
import { block, loadTfDir, resource, variable, type Body, type TfDir } from "./tfConfig.js";

/**
 * Several watched projects per deployment (watched_project_ids, GARDENER_PROJECT_IDS): each further
 * project gets, per project, exactly the grants the one logs project gets (the Logging read quota and
 * the counts are per project), the deployer may make them there and nothing more, and the function's
 * environment, as Terraform evaluates it, is one the config loader accepts.
 */

const TERRAFORM = join(PROJECT_ROOT, "terraform");
let tf: TfDir;
let identities: TfDir;
let deployer: TfDir;

beforeAll(async () => {
  const load = (d: string) => loadTfDir(join(TERRAFORM, d));
  [tf, identities, deployer] = await Promise.all([load(""), load("modules/identities"), load("deployer")]);
});

/** What a grant is on: the logs project (or its views and dataset), each further watched project, or something else. */
function scope(g: Grant): "logs" | "watched" | "other" {
  if (/watched/.test(g.on)) return "watched";
  if (/logs_project_id|google_logging_log_view\.cloud_run\[0\]|local\.required_log_view|google_logging_linked_dataset\.gardener\[0\]/.test(g.on)) return "logs";
  return "other";
}

const roleAndWhen = (grants: Grant[]) => grants.map((g) => `${g.type} | ${g.role} | when ${g.when ?? "always"}`).sort();

describe("each further watched project", () => {
  it("gets from the function's account every grant the logs project gets, under the same condition, and no other", () => {
    const fnGrants = [...iamGrants(tf).grants, ...iamGrants(identities).grants].filter((g) => /function/.test(g.member));
    const onLogs = fnGrants.filter((g) => scope(g) === "logs");
    const onWatched = fnGrants.filter((g) => scope(g) === "watched");
    // viewAccessor x2 (view), logging.viewer (project), monitoring.viewer, bigquery.jobUser and dataViewer (Log Analytics).
    expect(onLogs).toHaveLength(6);
    expect(roleAndWhen(onWatched)).toEqual(roleAndWhen(onLogs));
    // The counts are always readable in every watched project: the header's whole-window totals.
    expect(onWatched.filter((g) => g.role === "roles/monitoring.viewer" && !g.when)).toHaveLength(1);
    // Per project: each grant is multiplied over the list, never over anything wider.
    for (const g of onWatched) expect(g.on).toMatch(/each of var\.watched_project_ids|watched_cloud_run\[each\.key\]|linked_dataset\.watched\[each\.key\]/);
  });

  it("has its own Cloud Run log view, with the logs project's filter for that project, and the function reads through it", () => {
    const view = resource(tf, "google_logging_log_view", "watched_cloud_run");
    expect(view.for_each).toBe('${var.log_access == "view" ? toset(var.watched_project_ids) : toset([])}');
    expect(String(tf.locals.cloud_run_view_filter).replaceAll("${local.logs_project_id}", "${each.value}")).toBe(view.filter);
    expect(view.bucket).toBe(String(tf.locals.default_log_bucket).replace("${local.logs_project_id}", "${each.value}"));
    expect(view.name).toBe(resource(tf, "google_logging_log_view", "cloud_run").name);
    const reads = String(tf.locals.watched_log_read_names);
    expect(reads).toContain("google_logging_log_view.watched_cloud_run[p].id");
    expect(reads).toContain(String(tf.locals.required_log_view).replace("${local.logs_project_id}", "${p}"));
    expect((block(resource(tf, "google_cloudfunctions2_function"), "service_config").environment_variables as Body).GARDENER_LOG_VIEWS).toBe(
      '${join(",", concat(local.log_read_names, local.watched_log_read_names))}',
    );
  });

  it("with Log Analytics, has its own upgraded bucket and linked dataset under the same link id", () => {
    const on = '${var.log_source == "log-analytics" ? toset(var.watched_project_ids) : toset([])}';
    expect(resource(tf, "google_logging_project_bucket_config", "watched_analytics")).toMatchObject({ for_each: on, project: "${each.value}", bucket_id: "_Default", enable_analytics: true });
    expect(resource(tf, "google_logging_linked_dataset", "watched")).toMatchObject({ for_each: on, link_id: "${var.log_analytics_link_id}" });
  });

  it("is passed to the identities submodule by the module and by terraform/deployer", () => {
    expect(tf.modules.find((m) => m.name === "identities")?.body.watched_project_ids).toBe("${var.watched_project_ids}");
    expect(deployer.modules.find((m) => m.name === "identities")?.body.watched_project_ids).toBe("${var.watched_project_ids}");
    expect(variable(tf, "watched_project_ids").default).toEqual([]);
    expect(variable(deployer, "watched_project_ids").default).toEqual([]);
  });

  it("is reached by the deployer for what it does on the logs project, under the same conditions, and no more", () => {
    const grants = iamGrants(deployer).grants.filter((g) => /google_service_account\.deployer\.email/.test(g.member));
    const onLogs = grants.filter((g) => g.on === "project=${local.logs_project_id}");
    expect(onLogs).toHaveLength(2);
    expect(roleAndWhen(grants.filter((g) => g.on === "project=each of var.watched_project_ids"))).toEqual(roleAndWhen(onLogs));
  });
});

const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
const scratch = mkdtempSync(join(tmpdir(), "watched-projects-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The function's project settings as Terraform itself evaluates the module's expressions for these variables. */
function evaluatedEnvironment(vars: { services: string[]; watched_project_ids: string[]; log_source: string }): SettingValues {
  const env = block(resource(tf, "google_cloudfunctions2_function"), "service_config").environment_variables as Record<string, string>;
  const names = ["GARDENER_PROJECT_ID", "GARDENER_SERVICES", "GARDENER_PROJECT_IDS", "GARDENER_SOURCE", "GARDENER_LOG_ANALYTICS_DATASET"];
  const dir = mkdtempSync(join(scratch, "tf-"));
  const config = {
    variable: {
      services: { default: vars.services },
      watched_project_ids: { default: vars.watched_project_ids },
      log_source: { default: vars.log_source },
      log_analytics_link_id: { default: variable(tf, "log_analytics_link_id").default },
      project_id: { default: "gardener-host" },
      logs_project_id: { default: "shop-prod" },
    },
    locals: {
      logs_project_id: "${coalesce(var.logs_project_id, var.project_id)}",
      multi_project: tf.locals.multi_project,
      gardener_projects: tf.locals.gardener_projects,
      env: Object.fromEntries(names.map((n) => [n, env[n]])),
    },
  };
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
  const printed = execFileSync("terraform", ["console"], { cwd: dir, input: "jsonencode(local.env)\n", encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] });
  const byEnv = JSON.parse(JSON.parse(printed.trim().split("\n").pop() as string) as string) as Record<string, string>;
  const values: SettingValues = { bucket: "gardener-worklogs" };
  for (const [name, spec] of Object.entries(SETTINGS)) if (spec.env in byEnv) values[name as SettingName] = byEnv[spec.env];
  return values;
}

describe("the function's environment with watched projects, as Terraform evaluates it (needs terraform on PATH)", () => {
  (terraform ? it : it.skip)("names every project in GARDENER_PROJECT_IDS, the logs project's services first, and the loader accepts it", () => {
    const values = evaluatedEnvironment({ services: ["checkout", "payments"], watched_project_ids: ["shop-staging", "shop-eu"], log_source: "log-analytics" });
    expect(values).toMatchObject({ projectId: "", services: "", projectIds: "shop-prod/checkout,shop-prod/payments,shop-staging,shop-eu", logAnalyticsDataset: "{project}.log_gardener" });
    const config = loadConfig(values, "function");
    expect(config.multiProject).toBe(true);
    expect(config.projects).toEqual([
      { projectId: "shop-prod", services: ["checkout", "payments"] },
      { projectId: "shop-staging", services: [] },
      { projectId: "shop-eu", services: [] },
    ]);
  });

  (terraform ? it : it.skip)("keeps the one-project form without them", () => {
    const values = evaluatedEnvironment({ services: ["checkout"], watched_project_ids: [], log_source: "cloud-logging" });
    expect(values).toMatchObject({ projectId: "shop-prod", services: "checkout", projectIds: "", logAnalyticsDataset: "" });
    const config = loadConfig(values, "function");
    expect(config.multiProject).toBe(false);
    expect(config.projects).toEqual([{ projectId: "shop-prod", services: ["checkout"] }]);
  });
});
