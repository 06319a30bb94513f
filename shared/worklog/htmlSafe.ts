import { createHash } from "node:crypto";
import { showInvisibles } from "../text/inertText.js";

/**
 * Log text is untrusted: it may hold markup, script, `javascript:` URLs, or characters that reorder or
 * hide what a reader sees (bidi overrides, zero-width and tag characters). In the HTML worklog every
 * piece of text goes through `esc` (hidden and direction-changing characters shown as escapes by the
 * shared inert-text module, then markup escaped), every link through `safeHref`, and the page's Content-Security-
 * Policy allows its one stylesheet and nothing else: no script, no fetch, no image, no form, no base.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Untrusted text for an HTML text node or a quoted attribute value. URLs in it are not defanged: a
 * browser never turns text into a link, and a sample must stay exactly what the log said.
 */
export function esc(text: string | number | undefined): string {
  return showInvisibles(String(text ?? ""))
    .replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/**
 * A link target the page may use: an https URL (built by shared/links from structured data, never
 * copied from log text) or a relative path to another worklog page. Anything else yields no link.
 */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  if (/^https:\/\/[A-Za-z0-9.-]+(?:\/[^\s"'<>`\\]*)?$/.test(href)) return href;
  if (/^(?:\.\.\/|\.\/)*[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/.test(href) && !/^\.+$/.test(href) && !href.includes(":")) return href;
  return undefined;
}

/** An anchor, or the plain text when the target is not safe. External links open no opener. */
export function link(href: string | undefined, text: string, attrs = ""): string {
  const safe = safeHref(href);
  if (!safe) return esc(text);
  const ext = safe.startsWith("https:") ? ' rel="noopener noreferrer"' : "";
  return `<a href="${esc(safe)}"${ext}${attrs ? ` ${attrs}` : ""}>${esc(text)}</a>`;
}

/** The page's Content-Security-Policy: its own stylesheet (by hash) and nothing else. */
export function contentSecurityPolicy(css: string): string {
  const hash = createHash("sha256").update(css, "utf8").digest("base64");
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'none'",
    "script-src 'none'",
    "connect-src 'none'",
    "font-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
