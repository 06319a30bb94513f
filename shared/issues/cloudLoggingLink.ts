import type { TimeWindow } from "../worklog/worklog.js";

/** Logs Explorer: the service's logs at ERROR and above for the window, in the project when known. */
export function cloudLoggingLink(input: { project?: string; service: string; window: TimeWindow; severity?: string }): string {
  const query = [
    'resource.type="cloud_run_revision"',
    `resource.labels.service_name="${input.service.replace(/["\\]/g, "")}"`,
    `severity>=${input.severity ?? "ERROR"}`,
  ].join("\n");
  // Parentheses are encoded too: the link goes inside a Markdown (...) link.
  const enc = (s: string) => encodeURIComponent(s).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const start = new Date(input.window.start).toISOString();
  const end = new Date(input.window.end).toISOString();
  const project = input.project ? `?project=${enc(input.project)}` : "";
  return `https://console.cloud.google.com/logs/query;query=${enc(query)};startTime=${enc(start)};endTime=${enc(end)}${project}`;
}
