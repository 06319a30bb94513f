# What the function may read, with log_access = "view" (the default): not the whole watched project
# (roles/logging.viewer) but two log views, each with roles/logging.viewAccessor (iam.tf).
#
#   - A view on the logs project's _Default bucket holding its Cloud Run revision logs and nothing
#     else: no other resource type's logs, and no Data Access audit logs (which can name people and
#     which even logging.viewer does not grant). A view's filter may only combine SOURCE(),
#     resource.type and LOG_ID() with AND and NOT (Cloud Logging API, LogView.filter), so it cannot be
#     narrowed to the watched services; the gardener's own query does that.
#   - The _Required bucket's _AllLogs view: Admin Activity and System Event audit logs, where a deploy
#     ("Ready condition status changed ...", Services.ReplaceService) is recorded. Views cannot be made
#     on _Required; these entries are what logging.viewer would show too.
#
# The function reads with entries.list over these two views' names (GARDENER_LOG_VIEWS), not over the
# project.

locals {
  default_log_bucket = "projects/${local.logs_project_id}/locations/${var.log_bucket_location}/buckets/_Default"
  required_log_view  = "projects/${local.logs_project_id}/locations/${var.log_bucket_location}/buckets/_Required/views/_AllLogs"

  # Exactly what the view shows (test/cloud checks the Logging fake applies the same filter).
  cloud_run_view_filter = "SOURCE(\"projects/${local.logs_project_id}\") AND resource.type = \"cloud_run_revision\" AND NOT LOG_ID(\"cloudaudit.googleapis.com/data_access\")"

  # The resource names the function reads: the two views, or the project.
  log_read_names = var.log_access == "view" ? [
    google_logging_log_view.cloud_run[0].id,
    local.required_log_view,
  ] : []
}

resource "google_logging_log_view" "cloud_run" {
  count = var.log_access == "view" ? 1 : 0

  # The bucket's full name; the provider derives parent and location from it. id is the view's full
  # name, projects/P/locations/L/buckets/_Default/views/NAME.
  name        = "${var.function_name}-cloud-run"
  bucket      = local.default_log_bucket
  description = "Cloud Run revision logs of ${local.logs_project_id}, without Data Access audit logs: what log-gardener (${var.function_name}) reads."
  filter      = local.cloud_run_view_filter

  depends_on = [time_sleep.apis_ready]
}
