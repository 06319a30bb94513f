/**
 * LogEntry field names (google.logging.v2.LogEntry in its JSON form, and the Node client's
 * `metadata`). Readers use them to tell a log entry from an object that holds entries.
 */
export const LOG_ENTRY_FIELDS: ReadonlySet<string> = new Set([
  "logName", "resource", "protoPayload", "textPayload", "jsonPayload", "timestamp", "receiveTimestamp", "severity",
  "insertId", "httpRequest", "labels", "operation", "trace", "spanId", "traceSampled", "sourceLocation", "split",
  "errorGroups", "apphub", "apphubDestination", "apphubSource", "otel", "metadata",
]);

/** Fields only a log entry has: an array whose first object has one of them is a list of entries. */
export const ENTRY_MARKERS: ReadonlySet<string> = new Set([
  "timestamp", "logName", "insertId", "receiveTimestamp", "textPayload", "jsonPayload", "protoPayload", "metadata",
]);
