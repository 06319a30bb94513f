# The APIs the gardener needs. disable_on_destroy = false: other workloads in the project may use them,
# so destroying the gardener never turns an API off.

locals {
  gardener_apis = [
    "artifactregistry.googleapis.com", # the function's built image
    "cloudbuild.googleapis.com",       # builds the function from source
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com", # the alert policy
    "run.googleapis.com",        # a gen2 function is a Cloud Run service
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ]
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
