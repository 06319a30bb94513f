# The GitHub token's secret. Terraform creates the secret and nothing else: there is deliberately no
# google_secret_manager_secret_version here, so the token never passes through a plan or the state.
# Add it with: printf %s "$TOKEN" | gcloud secrets versions add SECRET_ID --data-file=-
# (see README.md). Only the function's service account may read it (iam.tf).

resource "google_secret_manager_secret" "github_token" {
  project   = var.project_id
  secret_id = var.github_token_secret_id
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.gardener]
}
