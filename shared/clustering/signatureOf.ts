import type { LogEvent } from "../events/logEvent.js";
import type { Signature } from "./cluster.js";
import { maskVariables } from "./maskVariables.js";

/** Classifies one event: request, platform message, exception, or a plain message template. */
export function signatureOf(event: LogEvent, maxLineChars: number): Signature {
  const e = event.entry;
  const http = e.httpRequest;
  if (http && (http.method || http.status)) {
    const route = routeOf(http.url ?? "");
    const cls = http.status ? `${Math.floor(http.status / 100)}xx` : "???";
    const platform = e.message ? ` ${maskVariables(firstLine(e.message, maxLineChars))}` : "";
    const template = `${http.method ?? "?"} ${route} ${cls}${platform}`;
    return { kind: "request", key: template, template };
  }
  const text = event.text.length > maxLineChars ? event.text.slice(0, maxLineChars) : event.text;
  const exc = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))(?::\s*(.*))?$/m;
  if (/Traceback \(most recent call last\)/.test(text)) {
    const lines = text.trimEnd().split("\n");
    const last = [...lines].reverse().find((l) => exc.test(l.trim()));
    const m = last ? exc.exec(last.trim()) : null;
    const type = m?.[1] ?? "Traceback";
    const frames = lines
      .filter((l) => /^\s*File "/.test(l) && !/site-packages|dist-packages|\/lib\/python/.test(l))
      .map((l) => l.replace(/^\s*File "([^"]+)", line \d+, in (.*)$/, "$1:$2").trim());
    const template = `${type}: ${maskVariables(m?.[2] ?? "")}`.trim();
    return { kind: "exception", key: `${type}|${frames.join("|")}`, template, exceptionType: type };
  }
  const head = firstLine(text, maxLineChars);
  const template = maskVariables(head);
  const kind = e.logId === "run.googleapis.com/varlog/system" ? "platform" : "message";
  return { kind, key: template, template };
}

function firstLine(text: string, max: number): string {
  const nl = text.indexOf("\n");
  const line = nl >= 0 ? text.slice(0, nl) : text;
  return line.length > max ? line.slice(0, max) : line;
}

/** Path of a URL with ids masked: /users/123/orders/abc-uuid -> /users/<*>/orders/<*>. */
export function routeOf(url: string): string {
  let path = url;
  const scheme = url.indexOf("://");
  if (scheme >= 0) {
    const slash = url.indexOf("/", scheme + 3);
    path = slash >= 0 ? url.slice(slash) : "/";
  }
  path = path.split(/[?#]/)[0] ?? "/";
  return (
    path
      .split("/")
      .map((seg) => (/\d/.test(seg) && seg.length > 0 ? "<*>" : seg))
      .join("/") || "/"
  );
}
