output "function_email" {
  description = "Email of the function's runtime service account."
  value       = google_service_account.function.email
}

output "scheduler_email" {
  description = "Email of the scheduler job's service account."
  value       = google_service_account.scheduler.email
}

output "build_email" {
  description = "Email of the function's build service account."
  value       = google_service_account.build.email
}

output "project_grants" {
  description = "The project-level grants made here (for depends_on: the function must not be built or started before them)."
  value = concat(
    [google_project_iam_member.build_log_writer.id, google_project_iam_member.function_monitoring_viewer.id],
    google_project_iam_member.function_logging_viewer[*].id,
    google_project_iam_member.function_bigquery_job_user[*].id,
  )
}
