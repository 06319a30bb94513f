# Every variable is typed, described and validated where a rule exists. The settings block at the end
# maps one to one onto the function's environment (shared/config/settings.ts); its defaults are the
# loader's defaults, which test/terraform checks.

# --- where it runs ----------------------------------------------------------------------------------

variable "project_id" {
  type        = string
  description = "Project that hosts the gardener: function, scheduler job, bucket, secret, metrics and alerts."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "logs_project_id" {
  type        = string
  description = "Project whose Cloud Run logs the gardener reads (GARDENER_PROJECT_ID); null = project_id. The function's service account gets roles/logging.viewer there and nowhere else."
  default     = null

  validation {
    condition     = var.logs_project_id == null ? true : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.logs_project_id))
    error_message = "logs_project_id must be null or a project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the function, the scheduler job and (unless bucket_location is set) the buckets, e.g. europe-west1."
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as us-central1 or europe-west1."
  }
}

variable "function_name" {
  type        = string
  description = "Name of the function (and of its Cloud Run service and scheduler job); the service accounts are <name>-run and <name>-invoker."
  default     = "log-gardener"

  validation {
    # 22 characters at most so that "<name>-invoker" still fits a 30-character service account id.
    condition     = can(regex("^[a-z][a-z0-9-]{3,20}[a-z0-9]$", var.function_name))
    error_message = "function_name must be 5 to 22 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "function_memory" {
  type        = string
  description = "Memory of the function's instance (Cloud Run quantity, e.g. 512Mi, 1Gi). Clusters are bounded in memory, so 1Gi covers the largest page budget."
  default     = "1Gi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.function_memory))
    error_message = "function_memory must be a quantity such as 512Mi or 1Gi."
  }
}

variable "ingress_settings" {
  type        = string
  description = "Network ingress of the function. ALLOW_INTERNAL_ONLY (the default) still admits Cloud Scheduler in the same project, which is the only caller; every call must also carry an OIDC token of a principal holding roles/run.invoker (only the scheduler's service account does). ALLOW_ALL lets a person call it from outside, e.g. with curl and their own identity token."
  default     = "ALLOW_INTERNAL_ONLY"

  validation {
    condition     = contains(["ALLOW_ALL", "ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_ALL, ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB."
  }
}

variable "create_service_accounts" {
  type        = bool
  description = "true = this module creates the function's three service accounts (<name>-run, <name>-invoker, <name>-build) and their project-level grants, which needs Project IAM Admin (a person deploying by hand). false = they exist already, made by terraform/deployer, so that Cloud Build's deployer account needs no IAM admin role."
  default     = true
}

variable "source_dir" {
  type        = string
  description = "Root of the log-gardener repository to zip as the function's source; null = the folder above this module."
  default     = null
}

variable "enable_apis" {
  type        = bool
  description = "Enable the Google APIs the gardener needs in project_id (and Cloud Logging in logs_project_id), then wait for them to propagate before creating anything. Turning them off again is never done by Terraform."
  default     = true
}

variable "log_access" {
  type        = string
  description = "How the function may read logs. \"view\" (the default): a log view on the _Default bucket of logs_project_id holding only Cloud Run revision logs (no Data Access audit logs), plus the _Required bucket's _AllLogs view (the deploy audit entries), each with roles/logging.viewAccessor; the function reads through the views. \"project\": roles/logging.viewer on the whole logs project."
  default     = "view"

  validation {
    condition     = contains(["view", "project"], var.log_access)
    error_message = "log_access must be \"view\" or \"project\"."
  }
}

variable "log_bucket_location" {
  type        = string
  description = "Location of the logs project's _Default and _Required log buckets (global unless an organisation policy moved them)."
  default     = "global"

  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.log_bucket_location))
    error_message = "log_bucket_location must be a location such as global or europe-west1."
  }
}

variable "labels" {
  type        = map(string)
  description = "Labels put on the buckets, the secret and the function."
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.labels : can(regex("^[a-z][a-z0-9_-]{0,62}$", k)) && can(regex("^[a-z0-9_-]{0,63}$", v))])
    error_message = "labels keys must start with a lowercase letter; keys and values use lowercase letters, digits, _ and - (63 characters at most)."
  }
}

# --- the bucket ---------------------------------------------------------------------------------------

variable "bucket_name" {
  type        = string
  description = "Name of the bucket that holds the worklogs (under worklog_prefix) and the gardener's state (under <worklog_prefix>/.state/). The function's source goes to a second bucket, <bucket_name>-source, and both buckets' access logs to a third, <bucket_name>-access."
  # 3 to 56 characters, no dots: leaves room for "-source" and "-access" within 63, and dotted names
  # need domain verification.

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{1,54}[a-z0-9]$", var.bucket_name)) && !startswith(var.bucket_name, "goog")
    error_message = "bucket_name must be 3 to 56 lowercase letters, digits, _ and -, start and end with a letter or digit, and not start with goog (give the name, without gs://)."
  }
}

variable "bucket_location" {
  type        = string
  description = "Location of the buckets (region, dual-region or multi-region, e.g. EU); null = region."
  default     = null

  validation {
    condition     = var.bucket_location == null ? true : can(regex("^[A-Za-z0-9-]+$", var.bucket_location))
    error_message = "bucket_location must be null or a location such as EU, US or europe-west1."
  }
}

variable "worklog_retention_days" {
  type        = number
  description = "Age in days after which a worklog is deleted (it is kept as a noncurrent version for noncurrent_version_retention_days more). The per-service latest.md/json and the state are rewritten every pass and so never reach this age."
  default     = 90

  validation {
    condition     = var.worklog_retention_days >= 1 && var.worklog_retention_days <= 3650 && floor(var.worklog_retention_days) == var.worklog_retention_days
    error_message = "worklog_retention_days must be a whole number of days from 1 to 3650."
  }
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days an overwritten or deleted object (worklog or state) is kept as a noncurrent version before it is deleted for good."
  default     = 7

  validation {
    condition     = var.noncurrent_version_retention_days >= 1 && var.noncurrent_version_retention_days <= 365 && floor(var.noncurrent_version_retention_days) == var.noncurrent_version_retention_days
    error_message = "noncurrent_version_retention_days must be a whole number of days from 1 to 365."
  }
}

variable "access_log_retention_days" {
  type        = number
  description = "Days the buckets' access logs (in <bucket_name>-access) are kept."
  default     = 30

  validation {
    condition     = var.access_log_retention_days >= 1 && var.access_log_retention_days <= 3650 && floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "access_log_retention_days must be a whole number of days from 1 to 3650."
  }
}

# --- the secret ---------------------------------------------------------------------------------------

variable "github_secret_id" {
  type        = string
  description = "Secret Manager secret id this module creates for the GitHub credential (the token, or the App's private key with github_auth = \"app\"). Terraform creates the secret only; its value is added with gcloud so it never lands in a plan or the state. Ignored when github_secret names an existing secret."
  default     = "log-gardener-github"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.github_secret_id))
    error_message = "github_secret_id must be 1 to 255 letters, digits, _ and -."
  }
}

variable "github_secret" {
  type        = string
  description = "An existing secret holding the GitHub credential, projects/PROJECT/secrets/NAME, that already has a version; null = this module creates github_secret_id (empty) and you add its version before the function is deployed (README, Deploy)."
  default     = null

  validation {
    condition     = var.github_secret == null ? true : can(regex("^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/secrets/[A-Za-z0-9_-]{1,255}$", var.github_secret))
    error_message = "github_secret must be null or projects/PROJECT/secrets/NAME."
  }
}

variable "secret_replication_locations" {
  type        = list(string)
  description = "Regions the created secret is replicated to (user-managed replication), e.g. [\"europe-west1\"] under a resource-location organisation policy; empty = automatic replication."
  default     = []

  validation {
    condition     = alltrue([for l in var.secret_replication_locations : can(regex("^[a-z]+-[a-z]+[0-9]+$", l))]) && length(distinct(var.secret_replication_locations)) == length(var.secret_replication_locations)
    error_message = "secret_replication_locations must list distinct regions such as europe-west1."
  }
}

# --- the schedule -------------------------------------------------------------------------------------

variable "schedule" {
  type        = string
  description = "Cron schedule of the scheduler job (five fields). Each pass reads from the last watermark, so a slower schedule reads longer windows, up to max_catch_up."
  default     = "0 * * * *"

  validation {
    condition     = length(regexall("[^ ]+", var.schedule)) == 5 && can(regex("^[0-9A-Za-z*,/ -]+$", var.schedule))
    error_message = "schedule must be a five-field cron expression such as \"0 * * * *\" (hourly)."
  }
}

variable "time_zone" {
  type        = string
  description = "Time zone of the schedule (tz database name)."
  default     = "Etc/UTC"

  validation {
    condition     = can(regex("^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", var.time_zone))
    error_message = "time_zone must be a tz database name such as Etc/UTC or Europe/Paris."
  }
}

variable "scheduler_retry_count" {
  type        = number
  description = "How often Cloud Scheduler retries a failed call (a pass is idempotent: it reads from the committed watermark and commits with a generation precondition)."
  default     = 2

  validation {
    condition     = var.scheduler_retry_count >= 0 && var.scheduler_retry_count <= 5 && floor(var.scheduler_retry_count) == var.scheduler_retry_count
    error_message = "scheduler_retry_count must be a whole number from 0 to 5."
  }
}

# --- alerts -------------------------------------------------------------------------------------------

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channels (projects/P/notificationChannels/ID) told when a pass fails or none succeeded for alert_no_success_seconds; empty = the incidents only show in the console."
  default     = []

  validation {
    condition     = alltrue([for c in var.notification_channels : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", c))])
    error_message = "notification_channels must be full names: projects/PROJECT/notificationChannels/ID."
  }
}

variable "alert_no_success_seconds" {
  type        = number
  description = "Alert when no pass has finished successfully for this long (seconds). Two hours = two hourly passes missed."
  default     = 7200

  validation {
    condition     = var.alert_no_success_seconds >= 600 && var.alert_no_success_seconds <= 84600 && var.alert_no_success_seconds % 60 == 0
    error_message = "alert_no_success_seconds must be whole minutes from 600 to 84600 seconds (Cloud Monitoring's limits for an absence condition)."
  }
}

# --- the gardener's settings (one variable per entry of shared/config/settings.ts) --------------------

variable "services" {
  type        = list(string)
  description = "Cloud Run services whose logs are gardened (GARDENER_SERVICES)."

  validation {
    condition     = length(var.services) > 0 && alltrue([for s in var.services : can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", s))])
    error_message = "services must list at least one Cloud Run service name: lowercase letters, digits and hyphens."
  }

  validation {
    condition     = length(distinct(var.services)) == length(var.services)
    error_message = "services must not list a service twice."
  }
}

variable "worklog_prefix" {
  type        = string
  description = "Object prefix of the worklogs in the bucket; the state lives under <prefix>/.state/ (GARDENER_PREFIX)."
  default     = "worklogs"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$", var.worklog_prefix))
    error_message = "worklog_prefix must be one or more path segments of letters, digits, ., _ and - (no leading or trailing slash)."
  }
}

variable "github_repository" {
  type        = string
  description = "OWNER/REPO to file issues in; empty = issue actions are only planned and written into the worklog (GARDENER_GITHUB_REPOSITORY)."
  default     = ""

  validation {
    condition     = var.github_repository == "" || can(regex("^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be empty or OWNER/REPO."
  }
}

variable "github_auth" {
  type        = string
  description = "How the function authenticates to GitHub: \"token\" (the secret holds a fine-grained or classic token; GITHUB_TOKEN) or \"app\" (the secret holds a GitHub App's private key, and each pass mints an installation token; GITHUB_APP_PRIVATE_KEY with github_app_id and github_app_installation_id)."
  default     = "token"

  validation {
    condition     = contains(["token", "app"], var.github_auth)
    error_message = "github_auth must be \"token\" or \"app\"."
  }
}

variable "github_app_id" {
  type        = string
  description = "The GitHub App's id, with github_auth = \"app\" (GITHUB_APP_ID); empty otherwise."
  default     = ""

  validation {
    condition     = var.github_app_id == "" || can(regex("^[1-9][0-9]{0,15}$", var.github_app_id))
    error_message = "github_app_id must be empty or the App's numeric id."
  }
}

variable "github_app_installation_id" {
  type        = string
  description = "The App's installation id on the repository's owner, with github_auth = \"app\" (GITHUB_APP_INSTALLATION_ID); empty otherwise."
  default     = ""

  validation {
    condition     = var.github_app_installation_id == "" || can(regex("^[1-9][0-9]{0,15}$", var.github_app_installation_id))
    error_message = "github_app_installation_id must be empty or the installation's numeric id."
  }
}

variable "github_api_url" {
  type        = string
  description = "GitHub API base URL for GitHub Enterprise; empty = api.github.com (GITHUB_API_URL)."
  default     = ""

  validation {
    condition     = var.github_api_url == "" || can(regex("^https?://[^\\s/]+", var.github_api_url))
    error_message = "github_api_url must be empty or a URL such as https://github.example.com/api/v3."
  }
}

variable "logging_api_endpoint" {
  type        = string
  description = "Cloud Logging API endpoint override (a private endpoint); empty = the public endpoint (LOGGING_API_ENDPOINT)."
  default     = ""

  validation {
    condition     = var.logging_api_endpoint == "" || can(regex("^https?://[^\\s/]+", var.logging_api_endpoint))
    error_message = "logging_api_endpoint must be empty or a URL such as https://logging.example.internal."
  }
}

variable "storage_api_endpoint" {
  type        = string
  description = "Cloud Storage API endpoint override (a private endpoint); empty = the public endpoint (STORAGE_API_ENDPOINT)."
  default     = ""

  validation {
    condition     = var.storage_api_endpoint == "" || can(regex("^https?://[^\\s/]+", var.storage_api_endpoint))
    error_message = "storage_api_endpoint must be empty or a URL such as https://storage.example.internal."
  }
}

variable "window" {
  type        = string
  description = "Length of a pass's window on the first run (GARDENER_WINDOW)."
  default     = "1h"

  validation {
    condition     = can(regex("^([0-9]+(\\.[0-9]+)?(ms|s|min|m|h|d))+$", var.window))
    error_message = "window must be a duration such as 30m, 1h or 1h30m."
  }
}

variable "ingestion_lag" {
  type        = string
  description = "How far behind now a window ends, because entries arrive late (GARDENER_INGESTION_LAG)."
  default     = "5m"

  validation {
    condition     = var.ingestion_lag == "0" || can(regex("^([0-9]+(\\.[0-9]+)?(ms|s|min|m|h|d))+$", var.ingestion_lag))
    error_message = "ingestion_lag must be 0 or a duration such as 5m."
  }
}

variable "max_catch_up" {
  type        = string
  description = "Longest window a pass reads after missed runs; older time is reported as skipped (GARDENER_MAX_CATCH_UP)."
  default     = "6h"

  validation {
    condition     = can(regex("^([0-9]+(\\.[0-9]+)?(ms|s|min|m|h|d))+$", var.max_catch_up))
    error_message = "max_catch_up must be a duration such as 6h."
  }
}

variable "monitoring_api_endpoint" {
  type        = string
  description = "Cloud Monitoring API endpoint override (a private endpoint); empty = the public endpoint (MONITORING_API_ENDPOINT)."
  default     = ""

  validation {
    condition     = var.monitoring_api_endpoint == "" || can(regex("^https?://[^\\s/]+", var.monitoring_api_endpoint))
    error_message = "monitoring_api_endpoint must be empty or a URL such as https://monitoring.example.internal."
  }
}

variable "bigquery_api_endpoint" {
  type        = string
  description = "BigQuery API endpoint override (a private endpoint); empty = the public endpoint (BIGQUERY_API_ENDPOINT)."
  default     = ""

  validation {
    condition     = var.bigquery_api_endpoint == "" || can(regex("^https?://[^\\s/]+", var.bigquery_api_endpoint))
    error_message = "bigquery_api_endpoint must be empty or a URL such as https://bigquery.example.internal."
  }
}

variable "log_source" {
  type        = string
  description = "Where a pass reads (GARDENER_SOURCE): \"cloud-logging\" (entries.list, whole-window counts from Cloud Monitoring) or \"log-analytics\": the module then upgrades the logs project's _Default bucket to Log Analytics, links a BigQuery dataset (log_analytics_link_id) and grants the function roles/bigquery.dataViewer on it and roles/bigquery.jobUser on the logs project. An upgrade cannot be undone; see the README for when to switch and what it costs."
  default     = "cloud-logging"

  validation {
    condition     = contains(["cloud-logging", "log-analytics"], var.log_source)
    error_message = "log_source must be \"cloud-logging\" or \"log-analytics\"."
  }
}

variable "log_analytics_link_id" {
  type        = string
  description = "Id of the BigQuery dataset linked to the _Default bucket when log_source is \"log-analytics\" (GARDENER_LOG_ANALYTICS_DATASET is <logs project>.<this>)."
  default     = "log_gardener"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,100}$", var.log_analytics_link_id))
    error_message = "log_analytics_link_id must be letters, digits and underscores (a BigQuery dataset id)."
  }
}

variable "log_analytics_max_gb" {
  type        = number
  description = "BigQuery refuses a Log Analytics query that would bill more than this many GB (GARDENER_LOG_ANALYTICS_MAX_GB)."
  default     = 10

  validation {
    condition     = var.log_analytics_max_gb >= 1 && var.log_analytics_max_gb <= 100000 && floor(var.log_analytics_max_gb) == var.log_analytics_max_gb
    error_message = "log_analytics_max_gb must be a whole number from 1 to 100000."
  }
}

variable "page_budget" {
  type        = number
  description = "Cloud Logging pages (1000 entries each) a pass may read per service (GARDENER_PAGE_BUDGET). The function's timeout is derived from it: see main.tf."
  default     = 40

  validation {
    condition     = var.page_budget >= 1 && var.page_budget <= 10000 && floor(var.page_budget) == var.page_budget
    error_message = "page_budget must be a whole number from 1 to 10000."
  }
}

variable "max_new_issues" {
  type        = number
  description = "New GitHub issues a pass may open; the rest wait for the next pass (GARDENER_MAX_NEW_ISSUES)."
  default     = 5

  validation {
    condition     = var.max_new_issues >= 0 && var.max_new_issues <= 100 && floor(var.max_new_issues) == var.max_new_issues
    error_message = "max_new_issues must be a whole number from 0 to 100."
  }
}

variable "issue_min_priority" {
  type        = string
  description = "Lowest priority that gets a GitHub issue, P0 to P3 (GARDENER_ISSUE_MIN_PRIORITY)."
  default     = "P2"

  validation {
    condition     = contains(["P0", "P1", "P2", "P3"], var.issue_min_priority)
    error_message = "issue_min_priority must be P0, P1, P2 or P3."
  }
}

variable "comment_quiet_interval" {
  type        = string
  description = "A recurring problem gets a new issue comment only after this long; otherwise its status comment is edited (GARDENER_COMMENT_QUIET_INTERVAL)."
  default     = "24h"

  validation {
    condition     = can(regex("^([0-9]+(\\.[0-9]+)?(ms|s|min|m|h|d))+$", var.comment_quiet_interval))
    error_message = "comment_quiet_interval must be a duration such as 24h."
  }
}

variable "issue_samples" {
  type        = string
  description = "What log text GitHub issues carry: redacted (templates, redacted samples and evidence) or none (templates and counts only, with a link to the worklog; for public repositories) (GARDENER_ISSUE_SAMPLES)."
  default     = "redacted"

  validation {
    condition     = contains(["redacted", "none"], var.issue_samples)
    error_message = "issue_samples must be redacted or none."
  }
}

variable "dry_run" {
  type        = bool
  description = "true = read logs and write worklogs but do not touch GitHub (GARDENER_DRY_RUN)."
  default     = false
}

variable "log_level" {
  type        = string
  description = "The gardener's own log level (GARDENER_LOG_LEVEL)."
  default     = "info"

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be debug, info, warn or error."
  }
}
