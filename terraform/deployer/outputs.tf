output "deployer_service_account" {
  description = "The account cloudbuild.yaml runs as (its serviceAccount)."
  value       = google_service_account.deployer.email
}

output "function_service_account_email" {
  description = "The function's runtime account, made here; examples/basic finds it by name (create_service_accounts = false)."
  value       = module.identities.function_email
}

output "scheduler_service_account_email" {
  description = "The scheduler job's account, made here."
  value       = module.identities.scheduler_email
}

output "build_service_account_email" {
  description = "The function's build account, made here."
  value       = module.identities.build_email
}
