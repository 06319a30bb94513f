# The worklog bucket holds the worklogs (<prefix>/<service>/...) and the gardener's state
# (<prefix>/.state/). Private by construction: uniform access (no object ACLs) and public access
# prevention enforced. Versioning keeps an overwritten state or worklog recoverable for a while. Every
# bucket but the access-log bucket itself records its access logs there.

resource "google_storage_bucket" "worklogs" {
  project  = var.project_id
  name     = var.bucket_name
  location = local.bucket_location
  labels   = local.labels

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  logging {
    log_bucket        = google_storage_bucket.access_logs.name
    log_object_prefix = "worklogs"
  }

  # Old worklogs age out. With versioning on, the delete makes them noncurrent; the next rule removes
  # them for good. The latest.* objects and the state are rewritten every pass, so they stay young.
  lifecycle_rule {
    condition {
      age            = var.worklog_retention_days
      matches_prefix = local.worklog_prefixes
      with_state     = "LIVE"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_retention_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [time_sleep.apis_ready]
}

# The function's source zips, named by content hash. A separate bucket, so that the function's own
# service account (which may write the worklog bucket) can never touch the code it runs.
resource "google_storage_bucket" "source" {
  project  = var.project_id
  name     = "${var.bucket_name}-source"
  location = local.bucket_location
  labels   = local.labels

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # A zip is never overwritten (its name is its hash); versioning keeps a deleted one for a while.
  versioning {
    enabled = true
  }

  logging {
    log_bucket        = google_storage_bucket.access_logs.name
    log_object_prefix = "source"
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_retention_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [time_sleep.apis_ready]
}

# Access logs of the two buckets above (Cloud Storage usage logs, delivered hourly). It does not log
# itself (that would log its own log deliveries) and keeps no versions: logs are written once.
resource "google_storage_bucket" "access_logs" {
  project  = var.project_id
  name     = "${var.bucket_name}-access"
  location = local.bucket_location
  labels   = local.labels

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  lifecycle_rule {
    condition {
      age = var.access_log_retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [time_sleep.apis_ready]
}
