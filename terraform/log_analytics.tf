# Only with log_source = "log-analytics" (off by default): for services too busy for the Logging read
# quota (60 entries.list calls a minute per project), the function queries the logs through BigQuery
# instead. This upgrades the logs project's _Default bucket to Log Analytics, links a BigQuery dataset
# to it, and grants the function read access to that dataset only (jobs: modules/identities). An
# upgrade cannot be undone; the README says when to switch and what the queries cost.
#
# The bucket keeps the provider's default retention (30 days, the _Default bucket's own default): set
# retention on the bucket by hand first if yours differs, or Terraform will put it back to 30.

resource "google_logging_project_bucket_config" "analytics" {
  count = var.log_source == "log-analytics" ? 1 : 0

  project          = local.logs_project_id
  location         = var.log_bucket_location
  bucket_id        = "_Default"
  enable_analytics = true

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_linked_dataset" "gardener" {
  count = var.log_source == "log-analytics" ? 1 : 0

  # The bucket's full name; the provider derives parent and location from it.
  link_id     = var.log_analytics_link_id
  bucket      = google_logging_project_bucket_config.analytics[0].id
  description = "Log Analytics view of ${local.logs_project_id}'s _Default bucket, read by log-gardener (${var.function_name})."
}

resource "google_bigquery_dataset_iam_member" "function_log_analytics" {
  count = var.log_source == "log-analytics" ? 1 : 0

  project    = local.logs_project_id
  dataset_id = google_logging_linked_dataset.gardener[0].link_id
  role       = "roles/bigquery.dataViewer"
  member     = local.function_member
}
