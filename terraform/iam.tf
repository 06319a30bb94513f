# Three identities, each with only what it needs. Every grant of the module is listed here (and in
# modules/identities for the two project-level ones), and test/terraform fails if one is added, widened
# or moved. Bindings are additive (_iam_member), never authoritative (_iam_binding/_iam_policy), so
# applying this module never removes anyone else's access.
#
# The function (<name>-run):
#   - roles/logging.viewAccessor on two log views of the watched project (log_access = "view", logs.tf):
#     its Cloud Run revision logs in _Default, and _Required's _AllLogs (the deploy audit entries). With
#     log_access = "project": roles/logging.viewer on that project instead (modules/identities).
#   - roles/storage.objectUser on the worklog bucket only: get, list, create, update and delete objects.
#     A state commit is a write with ifGenerationMatch; a precondition needs no extra permission, and
#     replacing the existing object needs storage.objects.delete, which objectUser has. objectAdmin
#     would add getIamPolicy/setIamPolicy on objects, which the gardener never needs.
#   - roles/secretmanager.secretAccessor on the GitHub secret only.
# The scheduler (<name>-invoker):
#   - roles/run.invoker on the function's Cloud Run service only: it may call the gardener, nothing else.
# The build (<name>-build), which Cloud Functions runs the build as instead of the project's default
# build account:
#   - roles/storage.objectViewer on the source bucket only (it reads the zip),
#   - roles/artifactregistry.writer on the function's image repository only (artifacts.tf),
#   - roles/logging.logWriter on the project (its build logs; modules/identities).
# Cloud Storage's log delivery (group cloud-storage-analytics@google.com):
#   - roles/storage.objectCreator on the access-log bucket only, which usage logs require.

module "identities" {
  source = "./modules/identities"
  count  = var.create_service_accounts ? 1 : 0

  project_id      = var.project_id
  logs_project_id = local.logs_project_id
  function_name   = var.function_name
  log_access      = var.log_access
  log_analytics   = var.log_source == "log-analytics"

  depends_on = [time_sleep.apis_ready]
}

# The same three accounts when terraform/deployer made them (create_service_accounts = false): looked up
# by name, so a plan fails early and clearly when they are missing.
data "google_service_account" "existing" {
  for_each = var.create_service_accounts ? toset([]) : toset(["run", "invoker", "build"])

  project    = var.project_id
  account_id = "${var.function_name}-${each.value}"
}

locals {
  function_sa_email  = var.create_service_accounts ? module.identities[0].function_email : data.google_service_account.existing["run"].email
  scheduler_sa_email = var.create_service_accounts ? module.identities[0].scheduler_email : data.google_service_account.existing["invoker"].email
  build_sa_email     = var.create_service_accounts ? module.identities[0].build_email : data.google_service_account.existing["build"].email
  function_member    = "serviceAccount:${local.function_sa_email}"
  scheduler_member   = "serviceAccount:${local.scheduler_sa_email}"
  build_member       = "serviceAccount:${local.build_sa_email}"
}

# The provider parses parent, location and bucket out of a full view name given as `name`
# (google/services/logging/iam_logging_log_view.go); they are spelt out as well for the reader.
resource "google_logging_log_view_iam_member" "function_cloud_run_logs" {
  count = var.log_access == "view" ? 1 : 0

  parent   = "projects/${local.logs_project_id}"
  location = var.log_bucket_location
  bucket   = "_Default"
  name     = google_logging_log_view.cloud_run[0].id
  role     = "roles/logging.viewAccessor"
  member   = local.function_member
}

resource "google_logging_log_view_iam_member" "function_audit_logs" {
  count = var.log_access == "view" ? 1 : 0

  parent   = "projects/${local.logs_project_id}"
  location = var.log_bucket_location
  bucket   = "_Required"
  name     = local.required_log_view
  role     = "roles/logging.viewAccessor"
  member   = local.function_member

  depends_on = [time_sleep.apis_ready]
}

resource "google_storage_bucket_iam_member" "function_worklogs" {
  bucket = google_storage_bucket.worklogs.name
  role   = "roles/storage.objectUser"
  member = local.function_member
}

resource "google_secret_manager_secret_iam_member" "function_github" {
  count = local.github_enabled ? 1 : 0

  project   = local.github_secret_project
  secret_id = local.github_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = local.function_member
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.gardener.service_config[0].service
  role     = "roles/run.invoker"
  member   = local.scheduler_member
}

resource "google_storage_bucket_iam_member" "build_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = local.build_member
}

resource "google_artifact_registry_repository_iam_member" "build_images" {
  project    = google_artifact_registry_repository.gardener.project
  location   = google_artifact_registry_repository.gardener.location
  repository = google_artifact_registry_repository.gardener.name
  role       = "roles/artifactregistry.writer"
  member     = local.build_member
}

# Usage logs are delivered by this Google group; with uniform bucket-level access it needs this grant.
resource "google_storage_bucket_iam_member" "access_log_delivery" {
  bucket = google_storage_bucket.access_logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}
