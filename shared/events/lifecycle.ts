import { stripAnsi } from "./logFormats.js";

/**
 * Lines that servers print over an instance's normal life, and the ones that say a worker died. A
 * graceful shutdown (SIGTERM at scale-in or a deploy) is not a problem whatever level its lines carry
 * (npm reports the SIGTERM it passed on as `npm error signal SIGTERM`); a worker that died is.
 */
export const LIFECYCLES = ["boot", "shutdown", "worker-death"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** gunicorn's words for a worker or master that died, uvicorn's for a dead child, a worker timeout. */
const WORKER_DEATH = /Worker \(pid:\s*\d+\) exited with code [1-9]|Worker failed to boot|App failed to load|WORKER TIMEOUT|Worker \(pid:\s*\d+\) was sent SIG(?:KILL|SEGV|ABRT)|Child process \[\d+\] died|Reason: (?:Worker failed to boot|App failed to load)/;

/** Shutting down on a signal or on request, in the words of gunicorn, uvicorn, npm, Node, Spring, .NET, Puma, Go servers. */
const SHUTDOWN =
  /Handling signal: (?:term|int|quit)|Shutting down: Master|Worker exiting \(pid: ?\d+\)|Waiting for application shutdown|Application shutdown complete|Finished server process|^(?:INFO:\s+)?Shutting down\s*$|\bsignal SIGTERM\b|\bSIGTERM (?:received|signal received)|[Rr]eceived (?:SIGTERM|SIGINT)|[Cc]ommencing graceful shutdown|[Gg]raceful shutdown complete|[Ss]hutting down gracefully|Application is shutting down|Gracefully stopping|Stopping (?:the )?(?:HTTP )?server|[Ss]erver (?:shut ?down|stopped|closed)\b/m;

/** Start-up lines: a server booting, binding its port, finishing its start-up. */
const BOOT =
  /Starting gunicorn |Booting worker with pid|Listening at: |Started server process|Waiting for application startup|Application startup complete|Uvicorn running on|Nest application successfully started|Now listening on: |Application started\. Press Ctrl\+C|Started \w+ in [\d.]+ seconds|[Ll]istening on (?:port )?:?\d{2,5}\b|[Ss]erver (?:is )?(?:listening|running|started) (?:on|at)\b/;

/** What an event says about its instance's life, or undefined for anything else. A dead worker wins over the shutdown it causes. */
export function lifecycleOf(text: string): Lifecycle | undefined {
  const t = stripAnsi(text.length > 2000 ? text.slice(0, 2000) : text);
  if (WORKER_DEATH.test(t)) return "worker-death";
  if (SHUTDOWN.test(t)) return "shutdown";
  if (BOOT.test(t)) return "boot";
  return undefined;
}
