/**
 * Cloud Run's own messages (run.googleapis.com/varlog/system and the text of request logs), each with
 * a normalised key and what it means in plain words. Texts as Cloud Run writes them; see
 * ../shared/docs/PLATFORM-NOTES.md and the real entries under ../shared/data/cloud-logging.
 */
export interface PlatformMessage {
  /** Normalised key: stable whatever the numbers, container names or ports in the text. */
  key: string;
  /** What a person reads, variables written `<*>`. */
  template: string;
  meaning: string;
}

interface Rule {
  pattern: RegExp;
  /** Key and template from the match (groups kept only where they change the meaning). */
  key: (m: RegExpExecArray) => string;
  template: (m: RegExpExecArray) => string;
  meaning: (m: RegExpExecArray) => string;
}

const RULES: ReadonlyArray<Rule> = [
  {
    pattern: /^The request failed because either the HTTP response was malformed or connection to the instance had an error\b/,
    key: () => "request_failed_malformed_or_connection_error",
    template: () => "The request failed because either the HTTP response was malformed or connection to the instance had an error.",
    meaning: () =>
      "The instance did not answer with valid HTTP: it crashed, closed the connection, or was not listening yet. The caller got a 503.",
  },
  {
    pattern: /^Container called exit\((-?\d+)\)\.?/,
    key: (m) => `container_exit:${m[1]}`,
    template: (m) => `Container called exit(${m[1]}).`,
    meaning: (m) =>
      m[1] === "0"
        ? "The container's main process ended by itself with code 0 (a normal exit, unexpected for a server)."
        : `The container's main process ended by itself with code ${m[1]}: it crashed or gave up (often at start-up).`,
  },
  {
    pattern: /^Container terminated on signal (\d+)\.?/,
    key: (m) => `container_signal:${m[1]}`,
    template: (m) => `Container terminated on signal ${m[1]}.`,
    meaning: (m) =>
      m[1] === "9"
        ? "The container was killed (SIGKILL), usually for using too much memory or not stopping in time."
        : `The container was stopped by signal ${m[1]} (SIGTERM is 15: a normal scale-down or deploy).`,
  },
  {
    pattern: /^Memory limit of \d+(?:\.\d+)? ?[KMG]i?B exceeded with \d+(?:\.\d+)? ?[KMG]i?B used/,
    key: () => "memory_limit_exceeded",
    template: () => "Memory limit of <*> MiB exceeded with <*> MiB used.",
    meaning: () => "The instance used more memory than its limit and was killed; in-flight requests failed.",
  },
  {
    pattern: /While handling this request, the container instance was found to be using too much memory and was terminated/,
    key: () => "request_memory_terminated",
    template: () => "While handling this request, the container instance was found to be using too much memory and was terminated.",
    meaning: () => "The instance ran out of memory while serving this request and was killed; the request failed.",
  },
  {
    pattern: /^The request was aborted because there was no available instance\b/,
    key: () => "no_available_instance",
    template: () => "The request was aborted because there was no available instance.",
    meaning: () => "No instance could take the request (max instances reached, or instances failing to start); the caller got a 429 or 500.",
  },
  {
    pattern: /^The request has been terminated because it has reached the maximum request timeout\b/,
    key: () => "request_timeout",
    template: () => "The request has been terminated because it has reached the maximum request timeout.",
    meaning: () => "The request ran longer than the service's request timeout and was cut off with a 504.",
  },
  {
    pattern: /^(?:Default )?(STARTUP|LIVENESS|READINESS) (TCP|HTTP|GRPC|gRPC) probe failed (?:\d+ times? consecutively )?for container "[^"]*"(?: on (?:port \d+|path \S+))?/,
    key: (m) => `probe_failed:${(m[1] as string).toLowerCase()}:${(m[2] as string).toLowerCase()}`,
    template: (m) => `${m[1]} ${m[2]} probe failed <*> time consecutively for container <*> on port <*>.`,
    meaning: (m) =>
      m[1] === "STARTUP"
        ? "The container did not start listening on its port in time, so the instance was not started (often a crash or slow start-up)."
        : `The ${(m[1] as string).toLowerCase()} probe failed: the platform will restart or stop routing to the instance.`,
  },
  {
    pattern: /^(?:Default )?(STARTUP|LIVENESS|READINESS) (TCP|HTTP|GRPC|gRPC) probe succeeded after \d+ attempts? for container "[^"]*"/,
    key: (m) => `probe_succeeded:${(m[1] as string).toLowerCase()}:${(m[2] as string).toLowerCase()}`,
    template: (m) => `${m[1]} ${m[2]} probe succeeded after <*> attempt for container <*> on port <*>.`,
    meaning: () => "The container started listening in time: the instance is up.",
  },
  {
    pattern: /^Starting new instance\. Reason: ([A-Z_]+)/,
    key: (m) => `starting_instance:${(m[1] as string).toLowerCase()}`,
    template: (m) => `Starting new instance. Reason: ${m[1]} - <*>`,
    meaning: (m) =>
      m[1] === "AUTOSCALING"
        ? "A new instance started because of traffic or CPU load (or because no instance could take the traffic)."
        : m[1] === "MANUAL_OR_CUSTOMER_MIN_INSTANCE"
          ? "A new instance started to keep the configured minimum number of instances (many of these in an hour means instances keep dying)."
          : `A new instance started (${m[1]}).`,
  },
  {
    pattern: /^The request was not authenticated\b/,
    key: () => "request_not_authenticated",
    template: () => "The request was not authenticated. <*>",
    meaning: () => "The caller sent no valid identity token for a service that requires authentication (403/401).",
  },
  {
    pattern: /^The request was not authori[sz]ed to invoke this service\b/,
    key: () => "request_not_authorized",
    template: () => "The request was not authorized to invoke this service. <*>",
    meaning: () => "The caller's identity lacks roles/run.invoker on this service (403).",
  },
  {
    pattern: /^Shutting down (?:user (?:disconnected|disabled)|idle) instance/,
    key: () => "instance_shutdown",
    template: () => "Shutting down <*> instance",
    meaning: () => "An idle instance was shut down (normal scale-down).",
  },
];

/** The catalogue entry for a platform text, or undefined when the text is not a known platform message. */
export function platformMessageOf(text: string): PlatformMessage | undefined {
  const head = text.length > 600 ? text.slice(0, 600) : text;
  for (const rule of RULES) {
    const m = rule.pattern.exec(head);
    if (m) return { key: rule.key(m), template: rule.template(m), meaning: rule.meaning(m) };
  }
  return undefined;
}
