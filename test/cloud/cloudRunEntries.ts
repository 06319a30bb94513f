import type { RestEntry } from "../fakes/loggingServer.js";

/** Synthetic Cloud Run entries in the REST shape, modelled on ../shared/data/cloud-logging. */
export const PROJECT = "demo-project-1";

export type Kind = "error-json" | "traceback-default" | "info-stdout" | "request-200" | "request-503" | "system-warning" | "default-chatter";

const KINDS: Kind[] = ["error-json", "traceback-default", "info-stdout", "request-200", "request-503", "system-warning", "default-chatter"];

/** What the gardener's filter keeps of each kind (INFO stdout and plain DEFAULT chatter are left out). */
export const WANTED: Record<Kind, boolean> = {
  "error-json": true, "traceback-default": true, "info-stdout": false, "request-200": true, "request-503": true, "system-warning": true, "default-chatter": false,
};

export function cloudRunEntry(service: string, kind: Kind, timeMs: number, i: number): RestEntry {
  const base = {
    insertId: `${service}-${i}`,
    timestamp: new Date(timeMs).toISOString(),
    receiveTimestamp: new Date(timeMs + 150).toISOString(),
    resource: {
      type: "cloud_run_revision",
      labels: { project_id: PROJECT, service_name: service, revision_name: `${service}-00042-abc`, configuration_name: service, location: "europe-west1" },
    },
    labels: { instanceId: `00f4b2c1d${i % 3}` },
  };
  const log = (id: string) => `projects/${PROJECT}/logs/${encodeURIComponent(id)}`;
  switch (kind) {
    case "error-json":
      return { ...base, severity: "ERROR", logName: log("run.googleapis.com/stderr"), jsonPayload: { message: `payment failed for order ${i}: upstream timeout`, attempt: 3, ok: false } };
    case "traceback-default":
      return { ...base, logName: log("run.googleapis.com/stderr"), textPayload: `Traceback (most recent call last):\n  File "/app/main.py", line 12, in <module>\nKeyError: 'user_${i}'` };
    case "info-stdout":
      return { ...base, severity: "INFO", logName: log("run.googleapis.com/stdout"), textPayload: `handled job ${i}` };
    case "default-chatter":
      return { ...base, logName: log("run.googleapis.com/stdout"), textPayload: `cache warm ${i}` };
    case "request-200":
      return {
        ...base, severity: "INFO", logName: log("run.googleapis.com/requests"), trace: `projects/${PROJECT}/traces/t${i}`,
        httpRequest: { requestMethod: "GET", requestUrl: `https://${service}.a.run.app/api/items/${i}`, status: 200, latency: "0.052341s", userAgent: "curl/8" },
      };
    case "request-503":
      return {
        ...base, severity: "ERROR", logName: log("run.googleapis.com/requests"),
        httpRequest: { requestMethod: "POST", requestUrl: `https://${service}.a.run.app/api/pay`, status: 503, latency: "3.786648988s" },
        textPayload: "The request failed because either the HTTP response was malformed or connection to the instance had an error.",
      };
    case "system-warning":
      return { ...base, severity: "WARNING", logName: log("run.googleapis.com/varlog/system"), textPayload: "Container called exit(3)." };
  }
}

/** `count` entries of rotating kinds, evenly spread over [startMs, startMs + spanMs). */
export function cloudRunEntries(service: string, startMs: number, spanMs: number, count: number, kinds: Kind[] = KINDS): RestEntry[] {
  const out: RestEntry[] = [];
  for (let i = 0; i < count; i++) out.push(cloudRunEntry(service, kinds[i % kinds.length] as Kind, startMs + Math.floor((i * spanMs) / count), i));
  return out;
}
