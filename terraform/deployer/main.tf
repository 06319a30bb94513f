# Run once per project by a project owner, before Cloud Build can deploy log-gardener (README, Deploy:
# From Cloud Build). It makes the identities that need IAM admin rights, so that the build itself never
# holds such a right:
#   - the gardener's three service accounts and their project-level grants (../modules/identities),
#   - the deployer: the service account cloudbuild.yaml runs as, with the roles `terraform apply` of
#     examples/basic needs and no more, and Service Account User on the three accounts only (deploying
#     a function or a scheduler job "as" an account needs actAs on it; on the project it would let the
#     build act as every account there),
#   - who may start a build as the deployer (Service Account User on the deployer).
# test/terraform checks the grant list below against what examples/basic creates.

provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  logs_project_id = coalesce(var.logs_project_id, var.project_id)

  # Roles of the deployer on the gardener's project, each for what examples/basic creates there:
  deployer_project_roles = [
    "roles/serviceusage.serviceUsageAdmin", # google_project_service: enable the APIs (apis.tf)
    "roles/storage.admin",                  # the buckets and their IAM, the source zip, the build's source and the Terraform state objects
    "roles/secretmanager.admin",            # the GitHub secret and its accessor grant (no narrower role may set a secret's IAM)
    "roles/cloudfunctions.developer",       # the gen2 function
    "roles/run.admin",                      # run.invoker on the function's Cloud Run service (run.services.setIamPolicy)
    "roles/cloudscheduler.admin",           # the scheduler job
    "roles/artifactregistry.admin",         # the image repository and its writer grant
    "roles/logging.configWriter",           # the log-based metrics
    "roles/monitoring.alertPolicyEditor",   # the alert policy
    "roles/logging.logWriter",              # the build's own logs (options.logging: CLOUD_LOGGING_ONLY)
  ]
}

module "identities" {
  source = "../modules/identities"

  project_id      = var.project_id
  logs_project_id = local.logs_project_id
  function_name   = var.function_name
  log_access      = var.log_access
  log_analytics   = var.log_source == "log-analytics"
}

resource "google_service_account" "deployer" {
  project      = var.project_id
  account_id   = "${var.function_name}-deploy"
  display_name = "log-gardener deployer"
  description  = "Cloud Build runs log-gardener's cloudbuild.yaml (tests, terraform plan and apply) as this account."
}

resource "google_project_iam_member" "deployer" {
  for_each = toset(local.deployer_project_roles)

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

# The log view on the watched project and its viewAccessor grant (log_access = "view"): only Logging
# Admin holds logging.views.setIamPolicy among the predefined roles. With log_source = "log-analytics"
# also the _Default bucket's upgrade and its linked dataset (logging.buckets.update, logging.links.create).
resource "google_project_iam_member" "deployer_log_views" {
  count = var.log_access == "view" || var.log_source == "log-analytics" ? 1 : 0

  project = local.logs_project_id
  role    = "roles/logging.admin"
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

# Only with log_source = "log-analytics": the function's dataViewer grant on the linked dataset (the
# bucket upgrade and the link itself are Logging Admin's, above). Data Owner is the narrowest
# predefined role that may set a dataset's IAM policy.
resource "google_project_iam_member" "deployer_log_analytics" {
  count = var.log_source == "log-analytics" ? 1 : 0

  project = local.logs_project_id
  role    = "roles/bigquery.dataOwner"
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

# actAs on exactly the three accounts the deployment runs things as: the function, the scheduler job and
# the function's build.
resource "google_service_account_iam_member" "deployer_acts_as" {
  for_each = {
    run     = module.identities.function_email
    invoker = module.identities.scheduler_email
    build   = module.identities.build_email
  }

  service_account_id = "projects/${var.project_id}/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.deployer.email}"
}

# Starting a build that runs as the deployer needs actAs on it: only these principals have it.
resource "google_service_account_iam_member" "build_submitters" {
  for_each = toset(var.build_submitters)

  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.serviceAccountUser"
  member             = each.value
}
