variable "project_id" {
  type        = string
  description = "Project that hosts the gardener (the project_id given to examples/basic)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "logs_project_id" {
  type        = string
  description = "Project whose logs the gardener reads; null = project_id."
  default     = null

  validation {
    condition     = var.logs_project_id == null ? true : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.logs_project_id))
    error_message = "logs_project_id must be null or a project id."
  }
}

variable "region" {
  type        = string
  description = "Default region of the provider."
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as us-central1."
  }
}

variable "function_name" {
  type        = string
  description = "The function's name, as given to the module (default log-gardener); the accounts are named after it: <name>-run, -invoker, -build and -deploy."
  default     = "log-gardener"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{3,20}[a-z0-9]$", var.function_name))
    error_message = "function_name must be 5 to 22 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "log_access" {
  type        = string
  description = "The module's log_access: \"view\" (default) or \"project\"."
  default     = "view"

  validation {
    condition     = contains(["view", "project"], var.log_access)
    error_message = "log_access must be \"view\" or \"project\"."
  }
}

variable "build_submitters" {
  type        = list(string)
  description = "Principals who may start a build as the deployer (user:, group: or serviceAccount: members, e.g. a Cloud Build trigger's owner)."
  default     = []

  validation {
    condition     = alltrue([for m in var.build_submitters : can(regex("^(user|group|serviceAccount):[^@\\s]+@[^@\\s]+$", m))])
    error_message = "build_submitters must be user:EMAIL, group:EMAIL or serviceAccount:EMAIL members."
  }
}

variable "log_source" {
  type        = string
  description = "The module's log_source: \"cloud-logging\" (default) or \"log-analytics\" (the deployer may then upgrade the logs bucket, link its dataset and grant it)."
  default     = "cloud-logging"

  validation {
    condition     = contains(["cloud-logging", "log-analytics"], var.log_source)
    error_message = "log_source must be \"cloud-logging\" or \"log-analytics\"."
  }
}
