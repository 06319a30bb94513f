# Calls the gardener on the schedule with an OIDC token of its own service account, which may invoke
# this function and nothing else (iam.tf). Retries are safe: a pass reads from the committed watermark
# and commits its state with a generation precondition, so a repeated call never double-counts.

resource "google_cloud_scheduler_job" "gardener" {
  project     = var.project_id
  region      = var.region
  name        = var.function_name
  description = "Runs one log-gardener pass (see the function ${var.function_name})."
  schedule    = var.schedule
  time_zone   = var.time_zone

  # A minute longer than the function's timeout (main.tf), so Scheduler never gives up on a pass
  # that is still running.
  attempt_deadline = "${local.attempt_deadline_seconds}s"

  retry_config {
    retry_count          = var.scheduler_retry_count
    min_backoff_duration = "60s"
    max_backoff_duration = "600s"
    max_doublings        = 2
  }

  http_target {
    http_method = "POST"
    uri         = google_cloudfunctions2_function.gardener.service_config[0].uri
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode("{}")

    oidc_token {
      service_account_email = local.scheduler_sa_email
      audience              = google_cloudfunctions2_function.gardener.service_config[0].uri
    }
  }

  depends_on = [
    time_sleep.apis_ready,
    google_cloud_run_v2_service_iam_member.scheduler_invoker,
  ]
}
