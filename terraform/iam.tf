# Two identities, each with only what it needs. These four grants are the module's only IAM, and
# test/terraform/terraformModule.test.ts fails if one is added, widened or moved.
#
# The function's service account:
#   - roles/logging.viewer on the watched project: entries.list of Cloud Run request, stdout, stderr
#     and system logs (it cannot read Data Access audit logs, which need privateLogViewer).
#   - roles/storage.objectUser on the worklog bucket only: get, list, create, update and delete
#     objects. A state commit is a write with ifGenerationMatch; a precondition needs no extra
#     permission, and replacing the existing object needs storage.objects.delete, which objectUser has.
#     objectAdmin would add getIamPolicy/setIamPolicy on objects, which the gardener never needs.
#   - roles/secretmanager.secretAccessor on the GitHub token's secret only.
# The scheduler's service account:
#   - roles/run.invoker on the function's Cloud Run service only: it may call the gardener, nothing else.
#
# Bindings are additive (_iam_member), never authoritative (_iam_binding/_iam_policy), so applying
# this module never removes anyone else's access.

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = "${var.function_name}-run"
  display_name = "log-gardener function"
  description  = "Runs the log-gardener function: reads logs of ${local.logs_project_id}, writes gs://${var.bucket_name}, reads the GitHub token secret."
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "${var.function_name}-invoker"
  display_name = "log-gardener scheduler"
  description  = "Identity of the Cloud Scheduler job that calls the log-gardener function; may invoke that function and nothing else."
}

resource "google_project_iam_member" "function_logging_viewer" {
  project = local.logs_project_id
  role    = "roles/logging.viewer"
  member  = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "function_worklogs" {
  bucket = google_storage_bucket.worklogs.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.function.email}"
}

resource "google_secret_manager_secret_iam_member" "function_github_token" {
  project   = google_secret_manager_secret.github_token.project
  secret_id = google_secret_manager_secret.github_token.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.gardener.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}
