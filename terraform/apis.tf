# The APIs the gardener needs, enabled and then waited for, so that a first apply on a fresh project
# works. disable_on_destroy = false: other workloads in the project may use them, so destroying the
# gardener never turns an API off.
#
# Bootstrapping: Terraform enables APIs through the Service Usage API and reads and changes the
# project's IAM through the Cloud Resource Manager API, so those two must be on before the first
# apply (README, Deploy: `gcloud services enable serviceusage.googleapis.com
# cloudresourcemanager.googleapis.com`; provider issues #6101 and #11435 show the failure otherwise).
# They are listed here as well so that the project's state says the gardener relies on them.
#
# Not needed: Eventarc and Pub/Sub (a gen2 function needs them only for event triggers; this one is
# called over HTTP by Cloud Scheduler), IAM Credentials (Scheduler's own service agent mints the OIDC
# token).

locals {
  gardener_apis = [
    "artifactregistry.googleapis.com",     # the function's built image (artifacts.tf)
    "cloudbuild.googleapis.com",           # builds the function from source
    "cloudfunctions.googleapis.com",       # the gen2 function
    "cloudresourcemanager.googleapis.com", # project IAM (bootstrap: see above)
    "cloudscheduler.googleapis.com",       # the hourly call
    "iam.googleapis.com",                  # the service accounts
    "logging.googleapis.com",              # log-based metrics, the log view
    "monitoring.googleapis.com",           # the alert policy
    "run.googleapis.com",                  # a gen2 function is a Cloud Run service
    "secretmanager.googleapis.com",        # the GitHub credential
    "serviceusage.googleapis.com",         # enabling the others (bootstrap: see above)
    "storage.googleapis.com",              # the buckets
  ]

  # An API that reports enabled may still answer "has not been used in project ... or it is disabled"
  # for a while: the change propagates over a minute or two (a service account created at once after
  # iam.googleapis.com fails that way). Everything else in the module waits this long after the APIs.
  api_propagation_wait = "90s"
}

resource "google_project_service" "gardener" {
  for_each = var.enable_apis ? toset(local.gardener_apis) : toset([])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# Reading the watched project's logs needs its Logging API (on by default in every project).
resource "google_project_service" "logs_project_logging" {
  count = var.enable_apis && local.logs_project_id != var.project_id ? 1 : 0

  project            = local.logs_project_id
  service            = "logging.googleapis.com"
  disable_on_destroy = false
}

# The header's whole-window counts read the watched project's metrics (Cloud Monitoring API).
resource "google_project_service" "logs_project_monitoring" {
  count = var.enable_apis && local.logs_project_id != var.project_id ? 1 : 0

  project            = local.logs_project_id
  service            = "monitoring.googleapis.com"
  disable_on_destroy = false
}

# Only with log_source = "log-analytics": the linked dataset is a BigQuery dataset of the logs project.
resource "google_project_service" "logs_project_bigquery" {
  count = var.enable_apis && var.log_source == "log-analytics" ? 1 : 0

  project            = local.logs_project_id
  service            = "bigquery.googleapis.com"
  disable_on_destroy = false
}

# The wait. Re-runs only when the set of APIs changes; with enable_apis = false there is nothing to wait
# for and the sleep is 0 s. Every resource that calls one of these APIs depends on it.
resource "time_sleep" "apis_ready" {
  create_duration = var.enable_apis ? local.api_propagation_wait : "0s"

  triggers = {
    apis = join(",", sort(keys(google_project_service.gardener)))
  }

  depends_on = [google_project_service.gardener, google_project_service.logs_project_logging, google_project_service.logs_project_monitoring, google_project_service.logs_project_bigquery]
}
