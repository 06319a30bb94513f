import type { LogEvent } from "../events/logEvent.js";
import type { Signature } from "./cluster.js";
import { exceptionSignatureOf } from "./exceptionSignature.js";
import { platformMessageOf, readyConditionOf, type PlatformMessage } from "./platformMessages.js";
import { routeOf } from "./routeOf.js";
import { maskVariables } from "./maskVariables.js";

export { routeOf } from "./routeOf.js";

const SYSTEM_LOG = "run.googleapis.com/varlog/system";

/** Log ids written by the application itself: never read as platform messages. */
const isAppLog = (logId: string) => /(?:^|\/)(?:stdout|stderr)$/.test(logId);

/**
 * Classifies one event by structure: a request log, a known Cloud Run platform message, or a stack
 * trace. Undefined for everything else (plain messages: those go to the template miner).
 */
export function structuredSignatureOf(event: LogEvent, maxLineChars: number): Signature | undefined {
  const e = event.entry;
  const text = event.text.length > maxLineChars ? event.text.slice(0, maxLineChars) : event.text;
  const http = e.httpRequest;
  if (http && (http.method || http.status)) return requestSignature(http.method, http.url, http.status, firstLine(e.message));
  if (!isAppLog(e.logId)) {
    const p = e.logId.startsWith("cloudaudit.googleapis.com/") ? readyConditionOf(text) : platformMessageOf(text);
    if (p) return { kind: "platform", key: p.key, template: p.template, meaning: p.meaning, platform: platformFact(p) };
  }
  const exc = exceptionSignatureOf(text);
  if (exc) {
    const where = exc.frames[0] ? ` (at ${exc.frames[0]})` : "";
    return {
      kind: "exception",
      key: exc.key,
      template: `${exc.type}: ${exc.message}${where}`.trim(),
      exceptionType: exc.type,
    };
  }
  return undefined;
}

/**
 * A request log. When Cloud Run wrote its own error text (a malformed response, no instance, a
 * timeout...), the platform failure is the problem whatever the route: key = status class + that
 * failure. Otherwise key = method + route template + status class.
 */
export function requestSignature(method: string | undefined, url: string | undefined, status: number | undefined, message: string): Signature {
  const cls = status ? `${Math.floor(status / 100)}xx` : "???";
  const verb = (method ?? "?").toUpperCase();
  const p = message ? platformMessageOf(message) : undefined;
  if (p) {
    return {
      kind: "request",
      key: `request|${cls}|platform:${p.key}`,
      template: `<*> <*> ${status ?? "???"} ${p.template}`,
      meaning: p.meaning,
      platform: platformFact(p),
      request: { method: "*", route: "*", statusClass: cls, platformKey: p.key },
    };
  }
  const route = routeOf(url ?? "");
  if (!message && verb.length <= MAX_PLAIN_VERB_CHARS && route.length <= MAX_PLAIN_ROUTE_CHARS && !verb.includes(" ")) return plainRequestSignature(verb, route, cls);
  const text = message ? ` ${maskVariables(message)}` : "";
  return { kind: "request", key: `request|${verb} ${route} ${cls}${text}`, template: `${verb} ${route} ${cls}${text}`, request: { method: verb, route, statusClass: cls } };
}

/**
 * The signature of a request log without text (nearly all of them), one frozen object per method,
 * route and status class, rather than new strings and objects for each request. Kept for the
 * process's life (a warm function's next pass reuses it), so only plausible methods and routes are
 * kept: a method without a space (the template then reads back one way only) and both of bounded
 * length (at most MAX_PLAIN_REQUESTS × ~300 characters).
 */
function plainRequestSignature(verb: string, route: string, cls: string): Signature {
  const template = `${verb} ${route} ${cls}`;
  const known = plainRequests.get(template);
  if (known) return known;
  const sig: Signature = Object.freeze({ kind: "request", key: `request|${template}`, template, request: Object.freeze({ method: verb, route, statusClass: cls }) });
  if (plainRequests.size >= MAX_PLAIN_REQUESTS) plainRequests.clear();
  plainRequests.set(template, sig);
  return sig;
}
/** Request signatures kept by plainRequestSignature: routes × methods × classes of a busy API fit; only hostile input refills it. */
const MAX_PLAIN_REQUESTS = 4096;
const MAX_PLAIN_VERB_CHARS = 16;
const MAX_PLAIN_ROUTE_CHARS = 256;
const plainRequests = new Map<string, Signature>();

function platformFact(p: PlatformMessage): NonNullable<Signature["platform"]> {
  return { key: p.key, role: p.role, title: p.title, ...(p.revision ? { revision: p.revision } : {}) };
}

/** Classifies one event: request, platform message, exception, or a plain message template (no merging). */
export function signatureOf(event: LogEvent, maxLineChars: number): Signature {
  const structured = structuredSignatureOf(event, maxLineChars);
  if (structured) return structured;
  const template = maskVariables(event.text, maxLineChars);
  return { kind: event.entry.logId === SYSTEM_LOG ? "platform" : "message", key: template, template };
}

function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return nl >= 0 ? text.slice(0, nl) : text;
}
