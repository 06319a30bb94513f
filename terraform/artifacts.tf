# The repository the function's built images go to, instead of the shared gcf-artifacts repository, so
# that the build account can be granted writing here and nowhere else (iam.tf). Old images are
# deleted; the newest few are kept for a rollback.

locals {
  # Images kept whatever their age, and the age after which older ones go.
  kept_images        = 5
  image_max_age_days = 30
}

resource "google_artifact_registry_repository" "gardener" {
  project       = var.project_id
  location      = var.region
  repository_id = "${var.function_name}-images"
  format        = "DOCKER"
  description   = "Images of the log-gardener function ${var.function_name}, built by Cloud Functions."
  labels        = local.labels

  cleanup_policy_dry_run = false

  cleanup_policies {
    id     = "keep-newest"
    action = "KEEP"
    most_recent_versions {
      keep_count = local.kept_images
    }
  }

  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "${local.image_max_age_days * 86400}s"
    }
  }

  depends_on = [time_sleep.apis_ready]
}
