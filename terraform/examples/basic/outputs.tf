output "function_uri" {
  description = "HTTPS endpoint of the function (callable only with an invoker's OIDC token)."
  value       = module.log_gardener.function_uri
}

output "scheduler_job_name" {
  description = "The scheduler job; gcloud scheduler jobs run NAME --location REGION runs a pass now."
  value       = module.log_gardener.scheduler_job_name
}

output "github_secret" {
  description = "The secret to add the GitHub credential to (gcloud secrets versions add NAME --data-file=-)."
  value       = module.log_gardener.github_secret
}

output "worklog_url" {
  description = "gs://BUCKET/PREFIX where the worklogs are written."
  value       = module.log_gardener.worklog_url
}
