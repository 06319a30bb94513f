variable "project_id" {
  type        = string
  description = "Project that hosts the gardener and its service accounts."
}

variable "logs_project_id" {
  type        = string
  description = "Project whose logs the gardener reads."
}

variable "function_name" {
  type        = string
  description = "Name of the function; the accounts are <name>-run, <name>-invoker and <name>-build."
}

variable "log_access" {
  type        = string
  description = "\"view\" (read through log views, granted on the views) or \"project\" (roles/logging.viewer on the logs project, granted here)."

  validation {
    condition     = contains(["view", "project"], var.log_access)
    error_message = "log_access must be \"view\" or \"project\"."
  }
}

variable "log_analytics" {
  type        = bool
  description = "The function reads Log Analytics through a linked BigQuery dataset (log_source = \"log-analytics\"): it may run query jobs in the logs project."
  default     = false
}
