import { looksRandom } from "./randomTokens.js";
import { regexSpans, type Span } from "./span.js";

/**
 * Private keys: whole PEM/PGP/OpenSSH blocks (also with JSON-escaped line breaks, and cut-off ones to
 * the end of the text), and the pieces Cloud Run makes of a key printed line by line: each base64 line
 * arrives as its own entry, without the BEGIN header.
 */
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;
/** PuTTY keys and the base64 body lines that follow their headers. */
const PUTTY = /PuTTY-User-Key-File-\d[\s\S]*?Private-MAC:\s*[0-9a-f]+/g;

/**
 * A text that is nothing but one line of base64 (a PEM body line is 64 characters, the last one
 * shorter and padded), quoted or with a JSON-escaped line break around it.
 */
const BASE64_LINE = /^[\s"',]*(?:\\n)?([A-Za-z0-9+/]{16,}={0,2})(?:\\n)?[\s"',]*$/;
const PADDED_TAIL = /^[\s"',]*(?:\\n)?([A-Za-z0-9+/]{6,}={1,2})(?:\\n)?[\s"',]*$/;

function isKeyLine(body: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(body)) return false; // a hex id or hash, not base64
  if (/^[A-Za-z]+$/.test(body)) return body.length >= 40 && /[A-Z]/.test(body) && /[a-z]/.test(body); // a long word is not a key, a long mixed run is
  // A request path (`/api/auth/oauth/config`, a route the worklog lists) is base64's alphabet too. An
  // unpadded key line starts with `/` one time in 64 and lacks a case almost never: such a line must
  // look random. Padding (`=`) is a key's own mark: no path ends with it.
  const pathLike = body.startsWith("/") || !/[A-Z]/.test(body) || !/[a-z]/.test(body);
  if (pathLike && !body.endsWith("=")) return looksRandom(body);
  return /[0-9+/]/.test(body) && /[A-Za-z]/.test(body);
}

/** Spans of private key material in `text`. */
export function keyMaterialSpans(text: string): Span[] {
  const out = regexSpans(text, PEM_BLOCK, "private key");
  out.push(...regexSpans(text, PUTTY, "private key"));
  if (text.length <= 200) {
    const m = BASE64_LINE.exec(text) ?? PADDED_TAIL.exec(text);
    if (m?.[1] && isKeyLine(m[1])) {
      const at = text.indexOf(m[1]);
      out.push({ start: at, end: at + m[1].length, label: "key material" });
    }
  }
  return out;
}
