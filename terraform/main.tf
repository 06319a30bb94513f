# log-gardener: an hourly Cloud Function (gen2) that gardens Cloud Run logs into worklogs and GitHub
# issues. The pieces live in one file per concern: apis.tf, bucket.tf, secret.tf, iam.tf, function.tf,
# scheduler.tf, monitoring.tf. This file holds what they share.

locals {
  logs_project_id = coalesce(var.logs_project_id, var.project_id)
  bucket_location = upper(coalesce(var.bucket_location, var.region))
  source_dir      = abspath(coalesce(var.source_dir, "${path.module}/.."))

  labels = merge(var.labels, { "app" = "log-gardener" })

  # Worst-case length of one pass, in seconds. The function's timeout and the scheduler's attempt
  # deadline are derived from it.
  #
  # Reads dominate. A pass may read page_budget pages of 1000 entries for every service, and Cloud
  # Logging allows 60 entries.list calls a minute per project, shared by everything reading that
  # project. So the reads take at least page_budget x services / 60 minutes, i.e. 1 s a page. We count
  # 2 s a page: half the quota left to other readers (people in the console, other tools), or a slow
  # page and a 429 back-off.
  #   defaults, one service:   40 pages x 1 x 2 s =   80 s
  #   40 pages, 5 services:    40 x 5 x 2 s       =  400 s
  # GitHub: the throttling plugin spaces issue creation 3 s apart and other writes 1 s; we allow 10 s
  # per new issue (list, create, label) and 30 s per service for listing issues and editing status
  # comments. Then 120 s for a cold start, the state and worklog objects, and rendering.
  #   defaults, one service:   80 + 5 x 10 + 1 x 30 + 120 = 280 s  -> timeout 300 s (the floor)
  #   40 pages, 5 services:   400 + 50 + 150 + 120         = 720 s
  # The ceiling, 1740 s, leaves a minute under Cloud Scheduler's 30-minute attempt deadline, so a pass
  # is never still running when Scheduler gives up on it and retries (a retry would race the pass).
  seconds_per_page      = 2
  pass_overhead_seconds = 120
  # A further watched project (watched_project_ids) counts as one service: its services are found at
  # run time, so a project with several busy ones can take longer; lower page_budget for those.
  passes_per_run           = length(var.services) + length(var.watched_project_ids)
  worst_case_pass_seconds  = var.page_budget * local.passes_per_run * local.seconds_per_page + var.max_new_issues * 10 + local.passes_per_run * 30 + local.pass_overhead_seconds
  max_function_timeout     = 1740
  function_timeout_seconds = min(local.max_function_timeout, max(300, ceil(local.worst_case_pass_seconds)))
  attempt_deadline_seconds = local.function_timeout_seconds + 60

  # Several watched projects (watched_project_ids): the function gets GARDENER_PROJECT_IDS, the logs
  # project's services first, then every further project whole (all Cloud Run services found), and
  # GARDENER_PROJECT_ID and GARDENER_SERVICES stay empty (the loader refuses both forms at once).
  multi_project     = length(var.watched_project_ids) > 0
  gardener_projects = concat([for s in var.services : "${local.logs_project_id}/${s}"], var.watched_project_ids)

  # Worklog objects are <prefix>/<service>/YYYY/MM/DD/HHMMZ.{md,json}, or with several projects
  # <prefix>/<project>/<service>/...; the state is under <prefix>/.state/ (<prefix>/<project>/.state/)
  # and is deliberately not matched by the age rule. A further project's services are found at run
  # time, so the rule cannot name their folders: their worklogs are kept until deleted by hand.
  worklog_prefixes = [for s in var.services : local.multi_project ? "${var.worklog_prefix}/${local.logs_project_id}/${s}/" : "${var.worklog_prefix}/${s}/"]
}
