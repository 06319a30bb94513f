# The GitHub credential's secret: the token, or the GitHub App's private key (github_auth = "app").
# Terraform creates the secret and nothing else: there is deliberately no
# google_secret_manager_secret_version here, so the credential never passes through a plan or the state.
#
# Order on a first deploy (README, Deploy; cloudbuild.yaml's _APPLY=secret does step 1):
#   1. create the secret alone:  terraform apply -target=module.log_gardener.google_secret_manager_secret.github
#   2. add its value:            printf %s "$TOKEN" | gcloud secrets versions add SECRET_ID --data-file=-
#   3. apply the rest:           terraform apply
# The function reads version "latest" when an instance starts, so the version must exist before step 3
# deploys it. Or skip steps 1-2: give an existing secret that has a version as github_secret.
# Without a repository (github_repository = "") no secret is made or read.

locals {
  github_enabled        = var.github_repository != ""
  github_secret_created = local.github_enabled && var.github_secret == null
  # The secret the function reads: projects/P/secrets/NAME, split into its project and id.
  github_secret_name    = !local.github_enabled ? "" : var.github_secret != null ? var.github_secret : "projects/${var.project_id}/secrets/${var.github_secret_id}"
  github_secret_project = local.github_enabled ? split("/", local.github_secret_name)[1] : ""
  github_secret_id      = local.github_enabled ? split("/", local.github_secret_name)[3] : ""
}

resource "google_secret_manager_secret" "github" {
  count = local.github_secret_created ? 1 : 0

  project   = var.project_id
  secret_id = var.github_secret_id
  labels    = local.labels

  # Automatic replication by default; a resource-location organisation policy refuses it, so regions
  # can be named instead (secret_replication_locations).
  replication {
    dynamic "auto" {
      for_each = length(var.secret_replication_locations) == 0 ? [1] : []
      content {}
    }
    dynamic "user_managed" {
      for_each = length(var.secret_replication_locations) > 0 ? [1] : []
      content {
        dynamic "replicas" {
          for_each = var.secret_replication_locations
          content {
            location = replicas.value
          }
        }
      }
    }
  }

  depends_on = [time_sleep.apis_ready]
}
