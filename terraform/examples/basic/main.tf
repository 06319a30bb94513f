# The smallest deployment: one project, the services to watch, a bucket, and optionally a repository.
# Cloud Build (cloudbuild.yaml) runs this example; run it by hand with terraform init/apply here. Both
# keep the state in the same GCS bucket (backend.tf).

provider "google" {
  project = var.project_id
  region  = var.region
}

module "log_gardener" {
  source = "../.."

  project_id            = var.project_id
  region                = var.region
  services              = var.services
  bucket_name           = var.bucket_name
  github_repository     = var.github_repository
  notification_channels = var.notification_channels

  # Cloud Build's deployer runs this with the accounts terraform/deployer made (false) and may name a
  # secret that already has a version.
  create_service_accounts = var.create_service_accounts
  github_secret           = var.github_secret

  # A GitHub App instead of a token (README, Deploy: "A token or a GitHub App?").
  github_auth                = var.github_auth
  github_app_id              = var.github_app_id
  github_app_installation_id = var.github_app_installation_id
}
