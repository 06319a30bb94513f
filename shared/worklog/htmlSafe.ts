import { createHash } from "node:crypto";

/**
 * Log text is untrusted: it may hold markup, script, `javascript:` URLs, or characters that reorder or
 * hide what a reader sees (bidi overrides, zero-width and tag characters). In the HTML worklog every
 * piece of text goes through `esc`, every link through `safeHref`, and the page's Content-Security-
 * Policy allows its one stylesheet and nothing else: no script, no fetch, no image, no form, no base.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Characters that change how text around them is shown, or are invisible: C0/C1 controls (tab and
 * newline kept), bidi embeddings, overrides and isolates, zero-width characters, the BOM, tag
 * characters, and the line and paragraph separators. They are shown as visible `⟨U+202E⟩` escapes.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;

/** Visible escape for one invisible or reordering character. */
function visible(c: string): string {
  return `⟨U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** Untrusted text for an HTML text node or a quoted attribute value. */
export function esc(text: string | number | undefined): string {
  return String(text ?? "")
    .replace(INVISIBLE, visible)
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
