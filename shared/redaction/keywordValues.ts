import { looksRandom } from "./randomTokens.js";
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
const WEAK_PARTS = new Set(["key", "token", "auth", "session", "salt", "license", "pat", "hmac", "nonce", "pass", "pw"]);
/** Secret name parts that are numbered when there are several (`token2`, `key1`, `password2`). */
const NUMBERED_PARTS = new Set([...STRONG_PARTS, "key", "token", "pass", "pw"]);
/** A first name part that makes the name a question about a secret (`has_auth`, `is_token_valid`, `use_password`). */
const PREDICATE_FIRST = new Set(["has", "is", "use", "uses", "require", "requires", "required", "enable", "enabled", "allow", "no", "skip", "with", "without", "num", "max", "min"]);
/** Compound names written without separators (`dbPassword` is split, `dbpassword` is not). */
const STRONG_INFIXES = ["password", "passwd", "secret", "credential", "privatekey", "apikey", "accesskey", "accountkey", "signature", "sessionid", "authtoken", "accesstoken", "refreshtoken", "sharedaccess", "connectionstring"];
/** A last name part that says the value describes a secret rather than being one (`token_type`, `key_count`). */
const DESCRIPTIVE_LAST = new Set(["type", "types", "count", "length", "len", "size", "limit", "max", "min", "expiry", "expires", "expiresat", "expiration", "ttl", "path", "file", "name", "names", "id", "ids", "version", "format", "kind", "algorithm", "alg", "url", "uri", "endpoint", "header", "status", "policy", "required", "enabled", "rotation", "provider", "method", "mode", "scope", "scopes", "source", "ref", "hint",
  // An exception type before its message (`KeyError: 'DATABASE_URL'`, `TokenError: expired`): the
  // message is not a value; a credential in it is still found by its shape.
  "error", "errors", "exception", "warning"]);

function parts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    // `token2`, `password1`: a numbered secret is a secret (`auth0`, a product, stays itself).
    .map((p) => {
      const bare = /^([a-z]+)\d+$/.exec(p)?.[1];
      return bare && NUMBERED_PARTS.has(bare) ? bare : p;
    })
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
const AUTH_SCHEME_AT = new RegExp(AUTH_SCHEME.source.slice(1), "iy");
/** A bare value: to a blank or a delimiter. */
const BARE_VALUE_AT = /[^\s"',;&)}\]<>|]+/y;
/** Names whose value runs to the end of the line (headers that carry several credentials). */
const WHOLE_LINE = /^(?:set-?)?cookies?$|^authorization$|^proxy-authorization$|^x-amz-security-token$/i;

/**
 * `NAME = VALUE` in any of the usual notations: key=value, key: value, "key": "value", 'key' => 'v',
 * key := value, PHP's `.=`, Makefile's `?=` and `::=`, `+=`, a comparison in code (`== "…"`, `!=`),
 * and `key - 'value'` in prose. The name may be quoted; the value quoted (to its closing quote,
 * escapes allowed) or bare (to a blank or a delimiter).
 */
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])(["'`]?)([A-Za-z_@$][A-Za-z0-9_.\-]{0,80})\1[ \t]{0,3}(=>|={2,3}|!==?|:{1,3}=|[.?+]=|=|:|-(?=[ \t]*["'`]))[ \t]{0,5}/g;

function quotedEnd(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === quote) return i;
    else if (c === "\n") return i;
  }
  return text.length;
}

/** Longest list or tuple value judged as one (a value, not a data structure). */
const MAX_BRACKETED_CHARS = 500;

/** Where the bracket opened before `from` closes on the same line, or undefined. */
function bracketEnd(text: string, from: number, close: string): number | undefined {
  for (let i = from; i < text.length && i - from <= MAX_BRACKETED_CHARS; i++) {
    const c = text[i];
    if (c === close) return i;
    if (c === "\n") return undefined;
  }
  return undefined;
}

/** After `key:`, a YAML block scalar indicator (`|`, `>-`, `|2`) or nothing, then the end of the line. */
const YAML_BLOCK_START = /^(?:[|>][-+0-9]{0,2})?[ \t]*(?:\n|$)/;
/** Lines of one YAML value read at most (a key, a certificate: not a whole document). */
const MAX_YAML_BLOCK_LINES = 60;

/**
 * The value of a YAML key whose value starts on the next line: the lines below it indented deeper than
 * the key, as [start, end) from the first to the last non-blank one. A nested mapping (`key: value`
 * first) is not a value: its own keys are judged one by one.
 */
function yamlBlock(text: string, keyAt: number, afterOp: number): [number, number] | undefined {
  const lineStart = text.lastIndexOf("\n", keyAt - 1) + 1;
  const keyIndent = /^[ \t-]*/.exec(text.slice(lineStart, keyAt + 1))?.[0].length ?? 0;
  const block = /^[|>]/.test(text.slice(afterOp).trimStart());
  let at = text.indexOf("\n", afterOp);
  let start: number | undefined;
  let end: number | undefined;
  for (let n = 0; at !== -1 && at < text.length && n < MAX_YAML_BLOCK_LINES; n++) {
    const from = at + 1;
    const next = text.indexOf("\n", from);
    const line = text.slice(from, next === -1 ? text.length : next);
    if (line.trim()) {
      const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
      if (indent <= keyIndent) break;
      if (start === undefined) {
        if (!block && /^\s*[\w"'.-]+\s*:(?:\s|$)/.test(line)) return undefined;
        start = from + indent;
      }
      end = from + line.trimEnd().length;
    }
    at = next;
  }
  return start !== undefined && end !== undefined ? [start, end] : undefined;
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
    const closeAt = (q === "[" && !text.startsWith(LABEL_OPEN, start)) || q === "(" ? bracketEnd(text, start + 1, q === "[" ? "]" : ")") : undefined;
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
    } else if (closeAt !== undefined) {
      // A list or tuple: `"password": ["…"]`, `auth=('user', '…')`: its whole content.
      start++;
      end = closeAt;
    } else if (op === ":" && YAML_BLOCK_START.test(text.slice(start, start + 8))) {
      // YAML: `password: |` (or `>-`, or nothing) with the value on the more indented lines below.
      const block = yamlBlock(text, m.index, start);
      if (!block) continue;
      [start, end] = block;
    } else {
      // Sticky matches at `start`: slicing the rest of the text for each assignment made a long line quadratic.
      AUTH_SCHEME_AT.lastIndex = start;
      const scheme = AUTH_SCHEME_AT.exec(text);
      if (scheme) start += scheme[0].length;
      BARE_VALUE_AT.lastIndex = start;
      const bare = BARE_VALUE_AT.exec(text);
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
  if (c.startsWith("identifiedby")) return "password";
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
/**
 * Command-line flags: `--password s3cret`, `--api-key=…`, `--password 'two words'`. A quote may stay
 * open to the end of the line: a template cuts a quoted value where its variable part begins.
 */
const FLAG = /(?<![\w-])--?([A-Za-z][\w-]{1,40})(?:=|\s+)(?!-)(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s"']+))/dg;
/** Flags that take `user:password` (curl, wget, httpie, psql's siblings): the part after the colon. */
const USER_PASSWORD_FLAG = /(?<![\w-])(?:-[uaU]|--(?:user|auth|proxy-user|http-user|basic-auth))(?:=|\s+)(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s"']+))/dg;
/** MySQL and MariaDB clients take the password glued to `-p` (`mysql -u root -pS3cret`). */
const MYSQL_PASSWORD = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]*?\s-p([^\s"'-][^\s"']*)/dg;
/**
 * A value named in prose: `password 'open sesame'`, `invalid secret "…"`, `api key 8f3e…`, `token
 * eyJ…`, `signature '…'`, SQL's `IDENTIFIED BY '…'`. A quoted value whatever it is; a bare one only when it looks like
 * a credential (letters and digits together, 8 characters or more, no path), so `password
 * authentication failed`, `token expired` and `secret projects/p/secrets/s` stay. The bare value is
 * taken whole or not at all (the lookahead and back-reference: no backtracking to a prefix of a path).
 */
const PROSE_VALUE =
  /(?<![\w.-])(?:x-)?(passwords?|passwd|pwd|passphrase|secret|signature|cookie|authorization|(?:api|access|secret|private|auth|client|signing)[ _-]key|(?:access|refresh|auth|id|bearer|session|api)[ _-]token|token|credentials?|identified\s+by)\s+(?:(?:is|was)\s+)?(?:(["'`\u2018\u201c])([^"'`\u2019\u201d\n]{1,2000})["'`\u2019\u201d]?|(?=([A-Za-z0-9_.~+=-]{8,2000}))\4(?![\w/:@]))/dgi;

/**
 * A URL path segment after a segment named like a secret: `/reset-password/<token>`, `/token/<jwt>`,
 * `/api-key/<key>`. Only a value that looks generated (hex of 32 or more, or random by
 * randomTokens) is taken: `/password/change` and Secret Manager's `secrets/db-password-2024` stay.
 */
const PATH_VALUE = /(?<=\/)([A-Za-z][\w-]{0,40})\/([A-Za-z0-9_~.+=-]{20,500})(?=[/?#;:,)\s"'<>]|$)/dg;
/** Hex long enough to be a generated token rather than a short id. */
const LONG_HEX = /^[0-9a-fA-F]{32,}$/;

/** The value of a flag match: its double-quoted, single-quoted or bare group. */
function flagValue(m: RegExpMatchArray, first: number): { value: string; at: [number, number] } | undefined {
  for (let g = first; g < first + 3; g++) {
    const at = m.indices?.[g];
    if (at && m[g] !== undefined) return { value: m[g] as string, at: [at[0], at[1]] };
  }
  return undefined;
}
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
    const v = flagValue(m, 2);
    if (strength && v && valueIsSecret(v.value, strength)) out.push({ start: v.at[0], end: v.at[1], label: labelOf(m[1] as string) });
  }
  for (const m of text.matchAll(USER_PASSWORD_FLAG)) {
    const v = flagValue(m, 1);
    const colon = v?.value.indexOf(":") ?? -1;
    const password = v && colon >= 0 ? v.value.slice(colon + 1) : "";
    // `docker run -u 1000:1000` is a uid and a gid, not a password.
    if (v && password && !/^\d+$/.test(password) && valueIsSecret(password, "strong")) out.push({ start: v.at[0] + colon + 1, end: v.at[1], label: "password" });
  }
  out.push(...regexSpans(text, MYSQL_PASSWORD, (m) => (valueIsSecret(m[1] as string, "strong") ? "password" : undefined), 1));
  for (const m of text.matchAll(PROSE_VALUE)) {
    const word = (m[1] as string).toLowerCase();
    const quoted = m[3] !== undefined;
    const g = quoted ? 3 : 4;
    const value = m[g] as string;
    const at = m.indices?.[g];
    if (!at) continue;
    const strength = /^pass|identified/.test(word) ? "strong" : "weak";
    const credentialLike = quoted || (/\d/.test(value) && /[A-Za-z]/.test(value));
    if (credentialLike && valueIsSecret(value, strength)) out.push({ start: at[0], end: at[1], label: labelOf(word.replace(/\s+/g, "_")) });
  }
  for (const m of text.matchAll(PATH_VALUE)) {
    const value = m[2] as string;
    const at = m.indices?.[2];
    if (at && secretName(m[1] as string) && (LONG_HEX.test(value) || looksRandom(value))) out.push({ start: at[0], end: at[1], label: labelOf(m[1] as string) });
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
