import { regexSpans, type Span } from "./span.js";

/**
 * Values named as secrets: `password=…`, `"token": "…"`, `Authorization: Bearer …`, `Cookie: …`,
 * `?sig=…`, `--api-key …`, `<secret>…</secret>`, `scheme://user:PASSWORD@host`, netrc lines. The name
 * decides, whatever the value looks like (`'open sesame'` goes whole).
 */

/** Name parts that make any value secret. */
const STRONG_PARTS = new Set([
  "password", "passwd", "pwd", "passphrase", "passcode", "secret", "secrets", "credential", "credentials", "creds",
  "signature", "sig", "cookie", "cookies", "sessionid", "sessid", "sid", "jsessionid", "phpsessid", "aspsessionid", "csrf", "xsrf",
  "csrftoken", "xsrftoken", "otp", "authorization", "bearer", "apikey", "accesskey", "accountkey", "privatekey", "secretkey", "sessiontoken",
  "accesstoken", "refreshtoken", "idtoken", "authtoken", "clientsecret", "connectionstring", "sas",
]);
/** Name parts that make a value secret unless it is plainly not one (a number, a boolean, a short word). */
const WEAK_PARTS = new Set(["key", "token", "auth", "session", "salt", "license", "pat", "hmac", "nonce", "pass"]);
/** A first name part that makes the name a question about a secret (`has_auth`, `is_token_valid`, `use_password`). */
const PREDICATE_FIRST = new Set(["has", "is", "use", "uses", "require", "requires", "required", "enable", "enabled", "allow", "no", "skip", "with", "without", "num", "max", "min"]);
/** Compound names written without separators (`dbPassword` is split, `dbpassword` is not). */
const STRONG_INFIXES = ["password", "passwd", "secret", "credential", "privatekey", "apikey", "accesskey", "accountkey", "signature", "sessionid", "authtoken", "accesstoken", "refreshtoken", "sharedaccess", "connectionstring"];
/** A last name part that says the value describes a secret rather than being one (`token_type`, `key_count`). */
const DESCRIPTIVE_LAST = new Set(["type", "types", "count", "length", "len", "size", "limit", "max", "min", "expiry", "expires", "expiresat", "expiration", "ttl", "path", "file", "name", "names", "id", "ids", "version", "format", "kind", "algorithm", "alg", "url", "uri", "endpoint", "header", "status", "policy", "required", "enabled", "rotation", "provider", "method", "mode", "scope", "scopes", "source", "ref", "hint"]);

function parts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** "strong", "weak" or undefined: how much the name alone says the value is secret. */
export function secretName(name: string): "strong" | "weak" | undefined {
  const p = parts(name);
  if (!p.length || p.length > 8) return undefined;
  const last = p[p.length - 1] as string;
  const compact = p.join("");
  const descriptive = p.length > 1 && (DESCRIPTIVE_LAST.has(last) || PREDICATE_FIRST.has(p[0] as string));
  if (p.some((x) => STRONG_PARTS.has(x)) || STRONG_INFIXES.some((i) => compact.includes(i))) {
    // `password_policy`, `secret_name`: about a secret, not one. A session or cookie id is one.
    if (descriptive && !(last === "id" && /session|sess|cookie|sid/.test(compact))) return undefined;
    return "strong";
  }
  if (p.some((x) => WEAK_PARTS.has(x))) return descriptive ? undefined : "weak";
  return undefined;
}

const LABEL_OPEN = "[REDACTED";
/** Values that are plainly not secrets whatever they are called. */
const NOT_A_VALUE = /^(?:true|false|null|nil|none|undefined|yes|no|on|off|n\/a|-|\*+|•+|x+|redacted|masked|hidden|removed|<[^>]*>|\[[a-z ]*\]|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_]+%|\[REDACTED[^\]]*\]?)$/i;
/** Terminal colour codes around a value (`False\x1b[0m`) are not part of it. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function valueIsSecret(raw: string, strength: "strong" | "weak"): boolean {
  const value = raw.replace(ANSI, "");
  if (!value || value.startsWith(LABEL_OPEN) || NOT_A_VALUE.test(value.trim())) return false;
  if (strength === "strong") return true;
  // weak: a key or token is at least 8 characters, and not a plain number or one lower-case word
  if (value.length < 8) return false;
  if (/^\d{1,12}$/.test(value)) return false;
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(value) && value.length < 24) return false;
  return true;
}

/** Authorization schemes: the credential is the word after them. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|SSWS|Bot|ApiKey|Api-Key|Key|OAuth|JWT|AWS4-HMAC-SHA256|HMAC-SHA256|GoogleLogin|MAC)\s+/i;
/** Names whose value runs to the end of the line (headers that carry several credentials). */
const WHOLE_LINE = /^(?:set-?)?cookies?$|^authorization$|^proxy-authorization$|^x-amz-security-token$/i;

/**
 * `NAME = VALUE` in any of the usual notations: key=value, key: value, "key": "value", 'key' => 'v',
 * key := value. The name may be quoted; the value quoted (to its closing quote, escapes allowed) or
 * bare (to a blank or a delimiter).
 */
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])(["'`]?)([A-Za-z_@$][A-Za-z0-9_.\-]{0,80})\1[ \t]{0,3}(=>|:=|=|:)[ \t]{0,5}/g;

function quotedEnd(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === quote) return i;
    else if (c === "\n") return i;
  }
  return text.length;
}

function assignmentSpans(text: string): Span[] {
  const out: Span[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    const name = m[2] as string;
    const strength = secretName(name);
    if (!strength) continue;
    const op = m[3] as string;
    let start = ASSIGNMENT.lastIndex;
    let end: number;
    const q = text[start];
    if (q === '"' || q === "'" || q === "`") {
      start++;
      end = quotedEnd(text, start, q);
    } else if (WHOLE_LINE.test(name) && op === ":") {
      end = start;
      while (end < text.length && !/[\n"']/.test(text[end] as string)) end++;
      // a closing quote of a JSON string that holds the header
      while (end > start && /[\s,}]/.test(text[end - 1] as string)) end--;
      const scheme = AUTH_SCHEME.exec(text.slice(start, end));
      if (scheme) start += scheme[0].length;
    } else {
      const rest = text.slice(start);
      const scheme = AUTH_SCHEME.exec(rest);
      if (scheme) start += scheme[0].length;
      const bare = /^[^\s"',;&)}\]<>|]+/.exec(text.slice(start));
      end = start + (bare ? bare[0].length : 0);
      // `sig=abc%3D` keeps its encoded tail; `password=a b` in key=value logs cannot be told from the next word.
    }
    const value = text.slice(start, end);
    if (!valueIsSecret(value, strength)) continue;
    out.push({ start, end, label: labelOf(name) });
  }
  return out;
}

function labelOf(name: string): string {
  const c = parts(name).join("");
  if (c.includes("privatekey")) return "private key";
  if (c.includes("cookie")) return "cookie";
  if (/sess|sid|csrf|xsrf/.test(c)) return "session";
  if (/passw|pwd|pass$|^pass|passphrase|passcode/.test(c)) return "password";
  if (/sig|signature/.test(c)) return "signature";
  if (/auth|bearer/.test(c)) return "credentials";
  if (/token/.test(c)) return "token";
  if (/key/.test(c)) return "key";
  return "secret";
}

/** `scheme://user:password@host`: the password (which may itself hold `@` or `:`) up to the host. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]{1,31}:\/\/[^\s/:@"'<>]*:([^\s/"'<>]+)@(?=[^\s@/"'<>]+(?:[/\s"'<>?#]|$))/dgi;
/** netrc: `machine h login u password p`, one line or several. */
const NETRC = /\b(?:login|user|account)\s+\S+\s+(?:password|passwd)\s+(\S+)|^\s*(?:password|passwd)\s+(\S+)\s*$/dgim;
/** Command-line flags: `--password s3cret`, `--api-key=…`, `-p s3cret` after a database client. */
const FLAG = /(?<![\w-])--?([A-Za-z][\w-]{1,40})(?:=|\s+)(?!-)(["']?)([^\s"']+)\2/dg;
/** `<password>…</password>` and the like in XML or HTML. */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]{0,60})>([^<]{1,500})<\/\1>/dg;
/** HAR or header lists: `{"name": "Authorization", "value": "…"}`. */
const NAME_VALUE = /"name"\s*:\s*"([^"]{1,80})"\s*,\s*"value"\s*:\s*"((?:[^"\\]|\\.)*)"/dg;

/** A credential after an authorization scheme anywhere (`curl -H "…: Bearer x"`, `using Basic dXNl…`). */
const SCHEME_CREDENTIAL = /\b(?:Bearer|Basic|SSWS)\s+([A-Za-z0-9\-._~+/]{8,}=*)/dg;

/** Spans of the values of every secret-named thing in `text`. */
export function keywordValueSpans(text: string): Span[] {
  const out = assignmentSpans(text);
  out.push(...regexSpans(text, SCHEME_CREDENTIAL, "credentials", 1));
  out.push(...regexSpans(text, URL_PASSWORD, "password", 1));
  for (const m of text.matchAll(NETRC)) {
    const g = m[1] !== undefined ? 1 : 2;
    const at = m.indices?.[g];
    if (at) out.push({ start: at[0], end: at[1], label: "password" });
  }
  for (const m of text.matchAll(FLAG)) {
    const strength = secretName(m[1] as string);
    const at = m.indices?.[3];
    if (strength && at && valueIsSecret(m[3] as string, strength)) out.push({ start: at[0], end: at[1], label: labelOf(m[1] as string) });
  }
  for (const re of [XML_ELEMENT, NAME_VALUE]) {
    for (const m of text.matchAll(re)) {
      const strength = secretName(m[1] as string);
      const at = m.indices?.[2];
      let start = at?.[0] ?? 0;
      const value = m[2] as string;
      const scheme = AUTH_SCHEME.exec(value);
      if (scheme) start += scheme[0].length;
      if (strength && at && valueIsSecret(text.slice(start, at[1]), strength)) out.push({ start, end: at[1], label: labelOf(m[1] as string) });
    }
  }
  return out;
}
