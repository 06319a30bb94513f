# The gardener's three identities and the only grants they need at the project level. Kept apart from
# the rest of the module because creating service accounts and granting project roles needs IAM
# admin rights: the module calls this when a person deploys by hand (create_service_accounts = true);
# terraform/deployer calls it once, as a project owner, so that Cloud Build's deployer never holds an
# IAM admin role. Every other grant is on a single resource and lives in ../../iam.tf.

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = "${var.function_name}-run"
  display_name = "log-gardener function"
  description  = "Runs the log-gardener function: reads logs of ${var.logs_project_id}, writes the worklog bucket, reads the GitHub secret."
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "${var.function_name}-invoker"
  display_name = "log-gardener scheduler"
  description  = "Identity of the Cloud Scheduler job that calls the log-gardener function; may invoke that function and nothing else."
}

resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.function_name}-build"
  display_name = "log-gardener build"
  description  = "Builds the log-gardener function from its source zip (Cloud Build, on behalf of Cloud Functions)."
}

# A build running as its own account writes its build logs to Cloud Logging; writing log entries can
# only be granted on the project.
resource "google_project_iam_member" "build_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.build.email}"
}

# Only with log_access = "project": read every log of the watched project. With "view" (the default) the
# function reads through log views instead, granted on the views in ../../iam.tf.
resource "google_project_iam_member" "function_logging_viewer" {
  count = var.log_access == "project" ? 1 : 0

  project = var.logs_project_id
  role    = "roles/logging.viewer"
  member  = "serviceAccount:${google_service_account.function.email}"
}

# The whole-window counts of a worklog's header: Cloud Monitoring's built-in log_entry_count and Cloud
# Run's request metrics (timeSeries.list). Monitoring grants roles on projects only; monitoring.viewer
# reads metrics and dashboards, nothing of the logs themselves.
resource "google_project_iam_member" "function_monitoring_viewer" {
  project = var.logs_project_id
  role    = "roles/monitoring.viewer"
  member  = "serviceAccount:${google_service_account.function.email}"
}

# Only with log_source = "log-analytics": run query jobs in the logs project (the linked dataset's
# project); the data itself is granted on the linked dataset alone (../../log_analytics.tf).
resource "google_project_iam_member" "function_bigquery_job_user" {
  count = var.log_analytics ? 1 : 0

  project = var.logs_project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.function.email}"
}
