output "function_name" {
  description = "Name of the gen2 function (and of its Cloud Run service)."
  value       = google_cloudfunctions2_function.gardener.name
}

output "function_uri" {
  description = "HTTPS endpoint of the function; calls need an OIDC token of a principal holding roles/run.invoker on it."
  value       = google_cloudfunctions2_function.gardener.service_config[0].uri
}

output "function_timeout_seconds" {
  description = "The function's timeout, derived from the worst-case pass (main.tf)."
  value       = local.function_timeout_seconds
}

output "function_service_account_email" {
  description = "Identity of the function: reads the watched project's logs (through the log views), the worklog bucket's objects and the GitHub secret."
  value       = local.function_sa_email
}

output "scheduler_service_account_email" {
  description = "Identity of the scheduler job: may only invoke the function."
  value       = local.scheduler_sa_email
}

output "build_service_account_email" {
  description = "Identity the function is built as: reads the source bucket, writes the image repository and its build logs."
  value       = local.build_sa_email
}

output "log_views" {
  description = "The log views the function reads through (log_access = \"view\"); empty with log_access = \"project\"."
  value       = local.log_read_names
}

output "scheduler_job_name" {
  description = "Name of the Cloud Scheduler job (gcloud scheduler jobs run NAME --location REGION runs a pass now)."
  value       = google_cloud_scheduler_job.gardener.name
}

output "worklog_bucket" {
  description = "Name of the bucket that holds the worklogs and the state."
  value       = google_storage_bucket.worklogs.name
}

output "worklog_url" {
  description = "Where the worklogs are: gs://BUCKET/PREFIX; each service has <service>/latest.md."
  value       = "gs://${google_storage_bucket.worklogs.name}/${var.worklog_prefix}"
}

output "github_secret" {
  description = "The secret the function reads the GitHub credential from (projects/P/secrets/NAME); add the credential as a version with gcloud secrets versions add. Empty without a repository."
  value       = local.github_secret_name
}

output "source_object" {
  description = "The uploaded source zip, named by its SHA-256."
  value       = "gs://${google_storage_bucket.source.name}/${google_storage_bucket_object.source.name}"
}

output "alert_policy" {
  description = "The alert policy that fires on a failed pass or on no successful pass."
  value       = google_monitoring_alert_policy.gardener.name
}
