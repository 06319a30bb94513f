# The gardener itself: a gen2 HTTP function built from the repository's TypeScript by the Node.js
# buildpack (package.json's "gcp-build" runs the compiler; "main" points at the built entry point), as
# its own build account, into its own image repository (artifacts.tf).

# The uploaded source is an allowlist: exactly what the buildpack needs to build and run the function
# (the manifest and lockfile for `npm ci`, the function's tsconfig for `npm run gcp-build`, and the
# TypeScript of functions/ and shared/). Nothing else ships: no README, sample, scripts or tests (a
# README edit does not redeploy), and no untracked file such as an .env or an .npmrc with a token.
# test/deploy reads these two locals, rebuilds the zip the way the archive provider does and runs the
# buildpack's steps on it, so a file the build needs and the list lacks fails CI.
locals {
  function_source_patterns = [
    "package.json",
    "package-lock.json",
    "tsconfig.function.json",
    "functions/**/*.ts",
    "shared/**/*.ts",
  ]
  function_source_files = toset(flatten([for p in local.function_source_patterns : fileset(local.source_dir, p)]))
}

# One `source` block per file. With `source` blocks the archive provider sorts the entries by name and
# writes each with a zero modification time and no file mode (zip.Writer.Create), so the zip, and its
# hash, depend only on the files' names and contents: the same on every machine and checkout.
# (The files' text is kept in the state with the data source: about 0.7 MB, no secrets.)
data "archive_file" "source" {
  type        = "zip"
  output_path = "${path.root}/.terraform/log-gardener-source.zip"

  dynamic "source" {
    for_each = local.function_source_files
    content {
      filename = source.value
      content  = file("${local.source_dir}/${source.value}")
    }
  }
}

# Named by the zip's content hash: a code change is a new object, which redeploys the function; an
# unchanged tree is the same name, so a plan without code changes shows no function update.
resource "google_storage_bucket_object" "source" {
  bucket = google_storage_bucket.source.name
  name   = "log-gardener-${data.archive_file.source.output_sha256}.zip"
  source = data.archive_file.source.output_path
}

resource "google_cloudfunctions2_function" "gardener" {
  project     = var.project_id
  location    = var.region
  name        = var.function_name
  description = "log-gardener: gardens Cloud Run logs of ${local.logs_project_id} into worklogs (gs://${var.bucket_name}/${var.worklog_prefix}) and GitHub issues."
  labels      = local.labels

  build_config {
    runtime     = "nodejs22"
    entry_point = "logGardener" # functions/index.ts: FUNCTION_TARGET, registered with http()
    # Not the project's default build account: its own, which may read the source bucket and write the
    # image repository and nothing else (iam.tf).
    service_account   = "projects/${var.project_id}/serviceAccounts/${local.build_sa_email}"
    docker_repository = google_artifact_registry_repository.gardener.id

    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    # One pass at a time: one instance, one request per instance. A second call while a pass runs
    # gets 429 and Cloud Scheduler retries it later; the state's generation precondition is the
    # second line of defence.
    max_instance_count               = 1
    min_instance_count               = 0
    max_instance_request_concurrency = 1
    available_memory                 = var.function_memory
    timeout_seconds                  = local.function_timeout_seconds
    ingress_settings                 = var.ingress_settings
    all_traffic_on_latest_revision   = true
    service_account_email            = local.function_sa_email

    # Several projects per deployment (GARDENER_PROJECT_IDS) are not provisioned by this module: its
    # grants, timeout and lifecycle rules are for one watched project; deploy one module per project.
    # Exactly the settings shared/config/loadConfig.ts reads (shared/config/settings.ts), no more:
    # test/terraform checks this map against SETTINGS. Empty endpoint overrides mean "unset".
    environment_variables = {
      GARDENER_PROJECT_ID             = local.logs_project_id
      GARDENER_SERVICES               = join(",", var.services)
      GARDENER_BUCKET                 = google_storage_bucket.worklogs.name
      GARDENER_PREFIX                 = var.worklog_prefix
      GARDENER_GITHUB_REPOSITORY      = var.github_repository
      GITHUB_API_URL                  = var.github_api_url
      GITHUB_APP_ID                   = var.github_auth == "app" ? var.github_app_id : ""
      GITHUB_APP_INSTALLATION_ID      = var.github_auth == "app" ? var.github_app_installation_id : ""
      LOGGING_API_ENDPOINT            = var.logging_api_endpoint
      STORAGE_API_ENDPOINT            = var.storage_api_endpoint
      MONITORING_API_ENDPOINT         = var.monitoring_api_endpoint
      BIGQUERY_API_ENDPOINT           = var.bigquery_api_endpoint
      GARDENER_SOURCE                 = var.log_source
      GARDENER_LOG_ANALYTICS_DATASET  = var.log_source == "log-analytics" ? "${local.logs_project_id}.${var.log_analytics_link_id}" : ""
      GARDENER_LOG_ANALYTICS_MAX_GB   = tostring(var.log_analytics_max_gb)
      GARDENER_PROJECT_IDS            = ""
      GARDENER_WINDOW                 = var.window
      GARDENER_INGESTION_LAG          = var.ingestion_lag
      GARDENER_MAX_CATCH_UP           = var.max_catch_up
      GARDENER_PAGE_BUDGET            = tostring(var.page_budget)
      GARDENER_MAX_NEW_ISSUES         = tostring(var.max_new_issues)
      GARDENER_ISSUE_MIN_PRIORITY     = var.issue_min_priority
      GARDENER_COMMENT_QUIET_INTERVAL = var.comment_quiet_interval
      GARDENER_ISSUE_SAMPLES          = var.issue_samples
      GARDENER_DRY_RUN                = tostring(var.dry_run)
      GARDENER_LOG_LEVEL              = var.log_level
      GARDENER_LOG_VIEWS              = join(",", local.log_read_names)
    }

    # The GitHub credential comes from Secret Manager at instance start; its value is never in
    # Terraform. Only with a repository: without one nothing is read, and no version is needed. The
    # secret holds a token, or with github_auth = "app" the App's private key.
    dynamic "secret_environment_variables" {
      for_each = local.github_enabled ? [local.github_secret_id] : []
      content {
        key        = var.github_auth == "app" ? "GITHUB_APP_PRIVATE_KEY" : "GITHUB_TOKEN"
        project_id = local.github_secret_project
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  lifecycle {
    precondition {
      condition     = var.github_auth != "app" || (var.github_app_id != "" && var.github_app_installation_id != "")
      error_message = "github_auth = \"app\" needs github_app_id and github_app_installation_id (the App's settings page, and the number at the end of its installation's URL)."
    }
    precondition {
      condition     = local.worst_case_pass_seconds <= local.max_function_timeout
      error_message = "A worst-case pass (page_budget x services x ${local.seconds_per_page} s + GitHub + overhead = ${local.worst_case_pass_seconds} s) would not fit the ${local.max_function_timeout} s that Cloud Scheduler's 30-minute attempt deadline allows: lower page_budget or split the services over two deployments."
    }
  }

  # Everything the build and the first instance rely on exists before the function is created: the
  # APIs, the build account's grants (source, images, build logs), and the runtime account's (logs,
  # bucket, secret). The secret's version is the one thing Terraform cannot wait for: see secret.tf.
  depends_on = [
    time_sleep.apis_ready,
    module.identities,
    google_storage_bucket_iam_member.build_source,
    google_artifact_registry_repository_iam_member.build_images,
    google_logging_log_view_iam_member.function_cloud_run_logs,
    google_logging_log_view_iam_member.function_audit_logs,
    google_storage_bucket_iam_member.function_worklogs,
    google_secret_manager_secret_iam_member.function_github,
  ]
}
