# Alerts from the gardener's own logs. A pass logs JSON lines (pino, messageKey "message", a severity):
#   failure: severity ERROR, message starting "gardening pass failed" (also for a bad configuration)
#   success: severity INFO, message "gardening pass finished"
# One policy fires on either: a failed pass, or no successful pass for alert_no_success_seconds (two
# hours by default), which also catches what logs no failure line: a crash, a timeout, a scheduler
# that stopped calling.

locals {
  # How long a new log-based metric takes to be usable in an alert policy: the provider issue reports
  # the second apply, a minute or so later, passing; twice that for margin.
  metric_propagation_wait = "120s"

  function_logs = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${var.function_name}\""
}

resource "google_logging_metric" "pass_failed" {
  project     = var.project_id
  name        = "${var.function_name}/pass_failed"
  description = "log-gardener passes that failed (ERROR \"gardening pass failed...\")."
  filter      = "${local.function_logs} AND severity>=ERROR AND jsonPayload.message=~\"^gardening pass failed\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "pass_finished" {
  project     = var.project_id
  name        = "${var.function_name}/pass_finished"
  description = "log-gardener passes that finished (INFO \"gardening pass finished\")."
  filter      = "${local.function_logs} AND severity=INFO AND jsonPayload.message=\"gardening pass finished\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [time_sleep.apis_ready]
}

# A new log-based metric is not at once known to Cloud Monitoring: an alert policy created right after
# it fails with 404 "Cannot find metric(s) that match type = logging.googleapis.com/user/..." and a
# second apply passes (google provider issue #11102). So the policy waits for this, which waits a while
# after the metrics exist, and again whenever a metric is replaced.
resource "time_sleep" "metrics_ready" {
  create_duration = local.metric_propagation_wait

  triggers = {
    pass_failed   = google_logging_metric.pass_failed.id
    pass_finished = google_logging_metric.pass_finished.id
  }
}

resource "google_monitoring_alert_policy" "gardener" {
  project               = var.project_id
  display_name          = "log-gardener ${var.function_name}: pass failed or none succeeded"
  combiner              = "OR"
  notification_channels = var.notification_channels
  user_labels           = local.labels

  conditions {
    display_name = "a gardening pass failed"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.pass_failed.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  conditions {
    display_name = "no gardening pass succeeded for ${var.alert_no_success_seconds / 3600} h"

    # Summed over every revision: a deploy starts a new time series, and the old one falling silent
    # must not look like an outage.
    condition_absent {
      filter   = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.pass_finished.name}\" AND resource.type=\"cloud_run_revision\""
      duration = "${var.alert_no_success_seconds}s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  depends_on = [time_sleep.metrics_ready]

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      The log-gardener function `${var.function_name}` failed a pass, or none finished for ${var.alert_no_success_seconds / 3600} h.

      Read its logs: `gcloud logging read 'resource.type="cloud_run_revision" AND resource.labels.service_name="${var.function_name}" AND severity>=WARNING' --project ${var.project_id} --freshness 3h`.
      A failed pass logs `gardening pass failed: <reason>`; a bad setting logs `configuration invalid: ...` with every problem.
      Run a pass by hand: `gcloud scheduler jobs run ${var.function_name} --location ${var.region} --project ${var.project_id}`.
    EOT
  }
}
