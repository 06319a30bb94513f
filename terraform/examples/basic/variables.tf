variable "project_id" {
  type        = string
  description = "Project that hosts the gardener and whose Cloud Run logs it reads."
}

variable "region" {
  type        = string
  description = "Region of the function, the scheduler job and the buckets."
  default     = "us-central1"
}

variable "services" {
  type        = list(string)
  description = "Cloud Run services to garden."
}

variable "bucket_name" {
  type        = string
  description = "Bucket for the worklogs and the state (created; the name must be globally unique)."
}

variable "github_repository" {
  type        = string
  description = "OWNER/REPO to file issues in; empty = actions are only planned in the worklog."
  default     = ""
}

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channels for the alert (projects/P/notificationChannels/ID)."
  default     = []
}

variable "create_service_accounts" {
  type        = bool
  description = "true = the module creates the function's service accounts (a person with Project IAM Admin deploying by hand); false = terraform/deployer made them (Cloud Build)."
  default     = true
}

variable "github_secret" {
  type        = string
  description = "An existing secret with the GitHub credential (projects/P/secrets/NAME) that has a version; null = the module creates one."
  default     = null
}

variable "github_auth" {
  type        = string
  description = "\"token\" (the secret holds a token) or \"app\" (the secret holds a GitHub App's private key)."
  default     = "token"
}

variable "github_app_id" {
  type        = string
  description = "The GitHub App's id, with github_auth = \"app\"."
  default     = ""
}

variable "github_app_installation_id" {
  type        = string
  description = "The App's installation id on the repository's owner, with github_auth = \"app\"."
  default     = ""
}
