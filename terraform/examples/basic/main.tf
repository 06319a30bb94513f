# The smallest deployment: one project, the services to watch, a bucket, and optionally a repository.
# Cloud Build (cloudbuild.yaml) runs this example; run it by hand with terraform init/apply here.

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
}
