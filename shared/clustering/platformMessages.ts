/**
 * Cloud Run's own messages (run.googleapis.com/varlog/system, the text of request logs, and the
 * Ready conditions of its audit entries), each with a normalised key, what it means in plain words and
 * its role in an incident. Texts as Cloud Run writes them; see ../shared/docs/PLATFORM-NOTES.md and the
 * real entries under ../shared/data/cloud-logging and ../shared/data/realworld.
 */

/**
 * What a platform message is to an incident. Analysis reads the role, never the words:
 * - `cause`: states a cause of its own (a memory limit, a container that could not be started and why);
 * - `death`: an instance died (exit with a non-zero code, SIGKILL, killed for memory);
 * - `failed-start`: an instance never started (its start-up probe failed);
 * - `deploy-failed`: a revision or service did not become Ready (the audit trail of a failed deploy);
 * - `request-failure`: the platform's text on a failed request (no answer, no instance, timeout);
 * - `symptom`: another consequence (a failed liveness probe, an exec that likely failed);
 * - `lifecycle`: normal life (instances starting, idle or SIGTERM shutdowns, exit code 0, Ready=True).
 */
export const PLATFORM_ROLES = ["cause", "death", "failed-start", "deploy-failed", "request-failure", "symptom", "lifecycle"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export interface PlatformMessage {
  /** Normalised key: stable whatever the numbers, container names or ports in the text. */
  key: string;
  /** What a person reads, variables written `<*>`. */
  template: string;
  meaning: string;
  role: PlatformRole;
  /** A one-line title with the real values (no `<*>`), for an incident rooted in this message. */
  title: string;
  /** The revision the message names, when it names one (Ready conditions, deploy failures). */
  revision?: string;
}

interface Rule {
  pattern: RegExp;
  role: (m: RegExpExecArray) => PlatformRole;
  /** Key and template from the match (groups kept only where they change the meaning). */
  key: (m: RegExpExecArray) => string;
  template: (m: RegExpExecArray) => string;
  meaning: (m: RegExpExecArray) => string;
  title: (m: RegExpExecArray) => string;
  revision?: (m: RegExpExecArray) => string | undefined;
}

/** Numbers in a detail written `<*>` for the key (ports, codes, sizes); words and paths stay. */
const maskNumbers = (s: string) => s.replace(/\b\d+(?:\.\d+)?\b/g, "<*>");
/** The first sentence of a long platform explanation: what went wrong, without the advice and links that follow. */
const firstSentence = (s: string) => (/^(.*?[.!])(?:\s|$)/s.exec(s.trim())?.[1] ?? s.trim()).replace(/\s+/g, " ").slice(0, 300);

const RULES: ReadonlyArray<Rule> = [
  {
    pattern: /^The request failed because either the HTTP response was malformed or connection to the instance had an error\b/,
    role: () => "request-failure",
    key: () => "request_failed_malformed_or_connection_error",
    template: () => "The request failed because either the HTTP response was malformed or connection to the instance had an error.",
    meaning: () =>
      "The instance did not answer with valid HTTP: it crashed, closed the connection, or was not listening yet. The caller got a 503.",
    title: () => "Requests failed: the instance did not answer with valid HTTP (503)",
  },
  {
    pattern: /^Container called exit\((-?\d+)\)\.?/,
    role: (m) => (m[1] === "0" ? "lifecycle" : "death"),
    key: (m) => `container_exit:${m[1]}`,
    template: (m) => `Container called exit(${m[1]}).`,
    meaning: (m) =>
      m[1] === "0"
        ? "The container's main process ended by itself with code 0: a normal stop (after SIGTERM at scale-in or a deploy), or a server that ran out of work."
        : `The container's main process ended by itself with code ${m[1]}: it crashed or gave up (often at start-up).`,
    title: (m) => `Container called exit(${m[1]})`,
  },
  {
    pattern: /^Container terminated on signal (\d+)\.?/,
    role: (m) => (m[1] === "15" || m[1] === "2" ? "lifecycle" : "death"),
    key: (m) => `container_signal:${m[1]}`,
    template: (m) => `Container terminated on signal ${m[1]}.`,
    meaning: (m) =>
      m[1] === "9"
        ? "The container was killed (SIGKILL), usually for using too much memory or not stopping in time."
        : `The container was stopped by signal ${m[1]} (SIGTERM is 15: a normal scale-down or deploy).`,
    title: (m) => `Container terminated on signal ${m[1]}`,
  },
  {
    pattern: /^Memory limit of (\d+(?:\.\d+)? ?[KMG]i?B) exceeded with (\d+(?:\.\d+)? ?[KMG]i?B) used/,
    role: () => "cause",
    key: () => "memory_limit_exceeded",
    template: () => "Memory limit of <*> MiB exceeded with <*> MiB used.",
    meaning: () => "The instance used more memory than its limit and was killed; in-flight requests failed.",
    title: (m) => `Memory limit of ${m[1]} exceeded with ${m[2]} used`,
  },
  {
    pattern: /While handling this request, the container instance was found to be using too much memory and was terminated/,
    role: () => "death",
    key: () => "request_memory_terminated",
    template: () => "While handling this request, the container instance was found to be using too much memory and was terminated.",
    meaning: () => "The instance ran out of memory while serving this request and was killed; the request failed.",
    title: () => "An instance ran out of memory while serving requests and was terminated",
  },
  {
    pattern: /^The request was aborted because there was no available instance\b/,
    role: () => "request-failure",
    key: () => "no_available_instance",
    template: () => "The request was aborted because there was no available instance.",
    meaning: () => "No instance could take the request (max instances reached, or instances failing to start); the caller got a 429 or 500.",
    title: () => "Requests aborted: no available instance",
  },
  {
    pattern: /^The request has been terminated because it has reached the maximum request timeout\b/,
    role: () => "request-failure",
    key: () => "request_timeout",
    template: () => "The request has been terminated because it has reached the maximum request timeout.",
    meaning: () => "The request ran longer than the service's request timeout and was cut off with a 504.",
    title: () => "Requests cut off at the maximum request timeout (504)",
  },
  {
    // Cloud Run's own words when it could not start the container at all: the reason follows.
    pattern: /^(?:terminated: )?Application failed to start: (.+)/,
    role: () => "cause",
    key: (m) => `app_failed_to_start:${maskNumbers(firstLine(m[1] as string))}`,
    template: (m) => `Application failed to start: ${maskNumbers(firstLine(m[1] as string))}`,
    meaning: () => "Cloud Run could not start the container's process (a missing entrypoint or binary, a bad command): no instance of this revision ever served.",
    title: (m) => `Application failed to start: ${firstLine(m[1] as string)}`,
  },
  {
    pattern: /^Application exec likely failed\b/,
    role: () => "symptom",
    key: () => "app_exec_likely_failed",
    template: () => "Application exec likely failed",
    meaning: () => "The container's command could not be executed (the platform's follow-up to a start that failed).",
    title: () => "Application exec likely failed",
  },
  {
    pattern: /^(?:Default )?(STARTUP|LIVENESS|READINESS) (TCP|HTTP|GRPC|gRPC) probe failed (?:\d+ times? consecutively )?for container "[^"]*"(?: on (?:port \d+|path \S+))?/,
    role: (m) => (m[1] === "STARTUP" ? "failed-start" : "symptom"),
    key: (m) => `probe_failed:${(m[1] as string).toLowerCase()}:${(m[2] as string).toLowerCase()}`,
    template: (m) => `${m[1]} ${m[2]} probe failed <*> time consecutively for container <*> on port <*>.`,
    meaning: (m) =>
      m[1] === "STARTUP"
        ? "The container did not start listening on its port in time, so the instance was not started (often a crash or slow start-up)."
        : `The ${(m[1] as string).toLowerCase()} probe failed: the platform will restart or stop routing to the instance.`,
    title: (m) => (m[1] === "STARTUP" ? "Instances not started: the start-up probe failed" : `${m[1]} probe failed`),
  },
  {
    pattern: /^(?:Default )?(STARTUP|LIVENESS|READINESS) (TCP|HTTP|GRPC|gRPC) probe succeeded after \d+ attempts? for container "[^"]*"/,
    role: () => "lifecycle",
    key: (m) => `probe_succeeded:${(m[1] as string).toLowerCase()}:${(m[2] as string).toLowerCase()}`,
    template: (m) => `${m[1]} ${m[2]} probe succeeded after <*> attempt for container <*> on port <*>.`,
    meaning: () => "The container started listening in time: the instance is up.",
    title: (m) => `${m[1]} probe succeeded`,
  },
  {
    pattern: /^Starting new instance\. Reason: ([A-Z_]+)/,
    role: () => "lifecycle",
    key: (m) => `starting_instance:${(m[1] as string).toLowerCase()}`,
    template: (m) => `Starting new instance. Reason: ${m[1]} - <*>`,
    meaning: (m) =>
      m[1] === "AUTOSCALING"
        ? "A new instance started because of traffic or CPU load (or because no instance could take the traffic)."
        : m[1] === "MANUAL_OR_CUSTOMER_MIN_INSTANCE"
          ? "A new instance started to keep the configured minimum number of instances (many of these in an hour means instances keep dying)."
          : `A new instance started (${m[1]}).`,
    title: (m) => `Starting new instance (${m[1]})`,
  },
  {
    pattern: /^The request was not authenticated\b/,
    role: () => "request-failure",
    key: () => "request_not_authenticated",
    template: () => "The request was not authenticated. <*>",
    meaning: () => "The caller sent no valid identity token for a service that requires authentication (403/401).",
    title: () => "Requests not authenticated",
  },
  {
    pattern: /^The request was not authori[sz]ed to invoke this service\b/,
    role: () => "request-failure",
    key: () => "request_not_authorized",
    template: () => "The request was not authorized to invoke this service. <*>",
    meaning: () => "The caller's identity lacks roles/run.invoker on this service (403).",
    title: () => "Requests not authorized to invoke the service",
  },
  {
    pattern: /^Shutting down (?:user (?:disconnected|disabled)|idle) instance/,
    role: () => "lifecycle",
    key: () => "instance_shutdown",
    template: () => "Shutting down <*> instance",
    meaning: () => "An idle instance was shut down (normal scale-down).",
    title: () => "Idle instance shut down",
  },
];

/**
 * A revision or service whose Ready condition changed, as the audit trail (system_event) says it:
 * `Ready condition status changed to False for Revision X with message: M`, or gcloud's and the API's
 * `Revision 'X' is not ready and cannot serve traffic. M`. Found anywhere in the audit entry's summary.
 */
const READY_CHANGED = /Ready condition status changed to (True|False|Unknown) for (Revision|Service) ([a-z0-9][a-z0-9-]*[a-z0-9])(?:\.| with message: ([^)]+?)(?:\)|$))/s;
const NOT_READY = /Revision '([a-z0-9][a-z0-9-]*[a-z0-9])' is not ready and cannot serve traffic\.\s*([^)]*)/s;

/** The catalogue entry for a platform text, or undefined when the text is not a known platform message. */
export function platformMessageOf(text: string): PlatformMessage | undefined {
  const head = text.length > 600 ? text.slice(0, 600) : text;
  for (const rule of RULES) {
    const m = rule.pattern.exec(head);
    if (m) {
      const revision = rule.revision?.(m);
      return { key: rule.key(m), template: rule.template(m), meaning: rule.meaning(m), role: rule.role(m), title: rule.title(m), ...(revision ? { revision } : {}) };
    }
  }
  return undefined;
}

/** A Ready condition in an audit entry's text (a deploy that succeeded, or one that failed, and why), or undefined. */
export function readyConditionOf(text: string): PlatformMessage | undefined {
  const head = text.length > 4000 ? text.slice(0, 4000) : text;
  const r = READY_CHANGED.exec(head);
  if (r) {
    const [, status, what, name, message] = r as unknown as [string, string, string, string, string | undefined];
    const level = what.toLowerCase();
    const why = message ? firstSentence(message) : "";
    if (status === "True") {
      return {
        key: `ready_true:${level}`,
        template: `Ready condition status changed to True for ${what} <*>`,
        meaning: `The ${level} became Ready: a deploy completed.`,
        role: "lifecycle",
        title: `${what} ${name} became Ready`,
        ...(level === "revision" ? { revision: name } : {}),
      };
    }
    return {
      key: `ready_false:${level}:${maskNumbers(why)}`,
      template: `${what} not Ready: ${maskNumbers(why)}`.trim(),
      meaning: `The ${level} did not become Ready: the deploy failed${level === "service" ? " and traffic stayed on the previous revision" : ""}.`,
      role: "deploy-failed",
      title: `${what} ${name} not Ready: ${why}`.trim(),
      ...(level === "revision" ? { revision: name } : {}),
    };
  }
  const n = NOT_READY.exec(head);
  if (n) {
    const why = firstSentence(n[2] ?? "");
    return {
      key: `ready_false:revision:${maskNumbers(why)}`,
      template: `Revision not Ready: ${maskNumbers(why)}`.trim(),
      meaning: "The revision did not become Ready and cannot serve traffic: the deploy failed and traffic stayed on the previous revision.",
      role: "deploy-failed",
      title: `Revision ${n[1]} not Ready: ${why}`.trim(),
      revision: n[1] as string,
    };
  }
  return undefined;
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return (nl >= 0 ? s.slice(0, nl) : s).trim().slice(0, 300);
}
