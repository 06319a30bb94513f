import type { Entry } from "../../shared/entries/entry.js";
import type { Severity } from "../../shared/entries/severity.js";

/** A stderr text entry of one instance, for stitching tables. */
export function entryOf(message: string, atMs: number, options: { instance?: string; severity?: Severity; logId?: string; insertId?: string } = {}): Entry {
  const logId = options.logId ?? "run.googleapis.com/stderr";
  return {
    timestamp: new Date(atMs).toISOString(),
    timeMs: atMs,
    severity: options.severity ?? "DEFAULT",
    logName: `projects/p/logs/${encodeURIComponent(logId)}`,
    logId,
    resourceType: "cloud_run_revision",
    resourceLabels: { service_name: "svc", revision_name: "svc-00001-abc" },
    labels: { instanceId: options.instance ?? "i1" },
    message,
    payloadKind: "text",
    errorGroups: [],
    ...(options.insertId ? { insertId: options.insertId } : {}),
  };
}
