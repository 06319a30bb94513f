import { iamGrants, type Grant } from "./moduleChecks.js";
import type { TfDir } from "./tfConfig.js";

/** One row of the README's grant table: who holds which role on what, and when. */
export interface GrantRow {
  who: string;
  role: string;
  on: string;
  when?: string;
  /** Where it is granted: the module, its identities submodule, or terraform/deployer. */
  where: "module" | "identities" | "deployer";
}

/** Member expressions of the three Terraform directories, by the account they name. */
const WHO: Array<[RegExp, string]> = [
  [/local\.function_member|google_service_account\.function\.email/, "function"],
  [/local\.scheduler_member|google_service_account\.scheduler\.email/, "scheduler"],
  [/local\.build_member|google_service_account\.build\.email/, "build"],
  [/google_service_account\.deployer\.email/, "deployer"],
  [/^each of var\.build_submitters$/, "build submitters"],
  [/^group:cloud-storage-analytics@google\.com$/, "Cloud Storage log delivery"],
];

/** What a scope expression is, in words. */
function what(g: Grant): string {
  const on = g.on;
  const rules: Array<[RegExp, string]> = [
    [/^project=\$\{(var\.project_id)\}$/, "the gardener's project"],
    [/^project=\$\{(var\.logs_project_id|local\.logs_project_id)\}$/, "the watched (logs) project"],
    [/google_logging_log_view\.cloud_run/, "the Cloud Run log view on _Default"],
    [/local\.required_log_view/, "the _Required bucket's _AllLogs view"],
    [/google_logging_linked_dataset\.gardener/, "the Log Analytics linked dataset"],
    [/google_storage_bucket\.worklogs/, "the worklog bucket"],
    [/google_storage_bucket\.source/, "the source bucket"],
    [/google_storage_bucket\.access_logs/, "the access-log bucket"],
    [/local\.github_secret_id/, "the GitHub secret"],
    [/google_cloudfunctions2_function\.gardener/, "the function's Cloud Run service"],
    [/google_artifact_registry_repository\.gardener/, "the image repository"],
    [/module\.identities\.function_email/, "the function's account"],
    [/module\.identities\.scheduler_email/, "the scheduler's account"],
    [/module\.identities\.build_email/, "the build account"],
    [/google_service_account\.deployer\.name/, "the deployer account"],
  ];
  return rules.find(([r]) => r.test(on))?.[1] ?? on;
}

export function grantTable(dirs: { module: TfDir; identities: TfDir; deployer: TfDir }): GrantRow[] {
  const rows: GrantRow[] = [];
  for (const [where, dir] of [["module", dirs.module], ["identities", dirs.identities], ["deployer", dirs.deployer]] as const) {
    for (const g of iamGrants(dir).grants) {
      const who = WHO.find(([r]) => r.test(g.member))?.[1] ?? g.member;
      rows.push({ who, role: g.role, on: what(g), where, ...(g.when ? { when: g.when } : {}) });
    }
  }
  const order = ["deployer", "build", "function", "scheduler", "build submitters", "Cloud Storage log delivery"];
  return rows.sort((a, b) => order.indexOf(a.who) - order.indexOf(b.who) || a.role.localeCompare(b.role));
}

/** A grant's condition in words. */
function whenText(when: string | undefined): string {
  if (!when) return "always";
  // Either of two conditions: each in words (a `|` would split the Markdown table's cell).
  if (when.includes(" || ")) return when.split(" || ").map(whenText).join(" or ");
  const setting = /^var\.(\w+) == "([\w-]+)"$/.exec(when);
  if (setting) return `\`${setting[1]} = "${setting[2]}"\``;
  if (when === "local.github_enabled") return "a repository is set";
  if (when === "var.log_analytics") return '`log_source = "log-analytics"`';
  return `\`${when}\``;
}

/** The table as Markdown. */
export function grantTableMarkdown(rows: GrantRow[]): string {
  const lines = ["| who | role | on | when | granted in |", "| --- | --- | --- | --- | --- |"];
  const where = { module: "`terraform/`", identities: "`terraform/modules/identities`", deployer: "`terraform/deployer`" };
  for (const r of rows) lines.push(`| ${r.who} | \`${r.role}\` | ${r.on} | ${whenText(r.when)} | ${where[r.where]} |`);
  return lines.join("\n");
}
