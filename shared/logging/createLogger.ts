import { pino, type DestinationStream, type Logger } from "pino";

/** pino level -> Cloud Logging severity. */
const SEVERITY: Record<string, string> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  warn: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

/**
 * The gardener's own logs, as structured JSON lines Cloud Logging reads natively: `severity`,
 * `message`, ISO `time`, and `logging.googleapis.com/trace` on request-scoped children.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      base: undefined,
      formatters: { level: (label) => ({ severity: SEVERITY[label] ?? "DEFAULT" }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** A child logger that ties lines to the request's trace: "projects/P/traces/T". */
export function withTrace(logger: Logger, project: string | undefined, traceHeader: string | undefined): Logger {
  const traceId = traceHeader?.split("/")[0];
  if (!project || !traceId) return logger;
  return logger.child({ "logging.googleapis.com/trace": `projects/${project}/traces/${traceId}` });
}

export type { Logger };
