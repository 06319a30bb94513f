terraform {
  # 1.5: variable validation, lifecycle preconditions and optional() are all stable from here on.
  required_version = ">= 1.5, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
    # time_sleep: the waits after enabling APIs and after creating the log-based metrics (apis.tf,
    # monitoring.tf).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
}
