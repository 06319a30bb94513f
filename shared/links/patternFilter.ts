/**
 * A Cloud Logging filter clause that matches the entries of one pattern (cluster), built from the
 * pattern's structure: request logs by method, route and status; exceptions by their type and
 * message; platform and application messages by the template's literal text. Variables (`<*>`) and
 * what redaction replaced (`[REDACTED password]`) become wildcards. The clause selects every event of
 * the pattern (one entry each; a stitched event's lead entry) and as few others as the template allows.
 *
 * Templates are read in the shapes shared/clustering/signatureOf.ts writes them:
 * - request: `VERB ROUTE Nxx[ message]`, or `<*> <*> STATUS platform text` for Cloud Run's own failures;
 * - exception: `Type: message[ (at frame)]`;
 * - platform / message: the text with variables written `<*>`; a stitched event's lines joined by spaces.
 * test/links/patternFilter.test.ts ties this to that module by running the filters over real entries.
 */
export interface PatternInput {
  kind: "exception" | "request" | "platform" | "message";
  template: string;
  exceptionType?: string;
  /** A redacted example of the pattern: tells which part of a stitched template the lead entry holds. */
  sample?: string;
}

const WILDCARD = "<*>";
/**
 * What redaction left in a template (`[REDACTED password]`): the entries hold the secret there, not
 * these words, so a filter treats it as a variable.
 */
const REDACTED = /\[REDACTED[^\]]*\]/g;

/** The template with every redacted piece written as a wildcard. */
function unredacted(template: string): string {
  return template.replace(REDACTED, WILDCARD);
}

/** Cloud Logging filter string literal: backslashes and quotes escaped. */
export function filterString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * RE2 (and JavaScript) regex for a literal text. Metacharacters go in brackets (`[.]`) rather than
 * after a backslash so that the filter stays readable once quoted; `\`, `^` and `]` need the backslash.
 */
export function regexLiteral(s: string): string {
  return s.replace(/[\\^\]]/g, (c) => `\\${c}`).replace(/[.*+?$(){}[|]/g, (c) => `[${c}]`).replace(/\s+/g, "\\s+");
}

/** Literal runs of a template joined by `.*` (a wildcard matches anything on the line). */
function templateRegex(parts: readonly string[]): string {
  return parts.map((p) => (p === WILDCARD ? ".*" : regexLiteral(p))).join("");
}

function splitTemplate(template: string): string[] {
  const out: string[] = [];
  for (const piece of template.split(/(<\*>)/)) if (piece) out.push(piece);
  // Leading and trailing wildcards add nothing to an unanchored match.
  while (out[0] === WILDCARD) out.shift();
  while (out[out.length - 1] === WILDCARD) out.pop();
  return out;
}

/** Words shorter than this say little ("on", "by") and are left out of a message's phrase regex. */
const MIN_WORD_CHARS = 3;
/** A message regex needs at least this much literal text, or it would match almost every line. */
const MIN_LITERAL_CHARS = 4;

/**
 * The words of a template's literal text in order, `.*` between them: punctuation, colour codes (ANSI
 * escapes that the gardener strips before clustering but Cloud Logging keeps) and padding between
 * words are skipped, so that `<*> | INFO | app.db:<*> | Pool exhausted` matches a coloured loguru line.
 */
function phraseRegex(parts: readonly string[]): string | undefined {
  const phrases: string[] = [];
  for (const p of parts) {
    if (p === WILDCARD) continue;
    for (const m of p.matchAll(/[A-Za-z0-9_]+(?:[ \t]+[A-Za-z0-9_]+)*/g)) {
      const words = m[0].split(/\s+/);
      if (words.length === 1 && (words[0] as string).length < MIN_WORD_CHARS) continue;
      phrases.push(words.join("\\s+"));
    }
  }
  const literal = phrases.join("").replace(/\\s\+/g, " ");
  return literal.length >= MIN_LITERAL_CHARS ? phrases.join(".*") : undefined;
}

/**
 * The regex for a message pattern. A stitched event's template joins several entries' lines, which no
 * single entry holds: then the longest head of the template that the sample's first line (the lead
 * entry) matches is used.
 */
function messageRegex(template: string, sample: string | undefined): string | undefined {
  const parts = splitTemplate(template.replace(/\s*⏎\s*/g, " "));
  const full = phraseRegex(parts);
  if (!full) return undefined;
  const lines = sample?.split("\n").filter((l) => l.trim()) ?? [];
  if (lines.length <= 1 || lines.some((l) => new RegExp(full).test(l))) return full;
  const first = lines[0] as string;
  let best: string | undefined;
  for (let n = 1; n <= parts.length; n++) {
    const head = phraseRegex(parts.slice(0, n));
    if (!head) continue;
    if (!new RegExp(head).test(first)) break;
    best = head;
  }
  return best ?? full;
}

/** Where an entry's text is: a text payload, a structured payload's message, an audit log's status. */
function textClause(regex: string, audit = false): string {
  const q = filterString(regex);
  return `(textPayload=~${q} OR jsonPayload.message=~${q}${audit ? ` OR protoPayload.status.message=~${q}` : ""})`;
}

const STATUS_CLASS = /^([1-5])xx$/;
const STATUS = /^[1-5]\d\d$/;
const VERB = /^[A-Z]{3,7}$|^\?$/;

/** Where a request's method, URL and status are in the entries a query runs over. */
export interface RequestFields {
  method: string;
  url: string;
  status: string;
}

/** The LogEntry's httpRequest: Cloud Run, functions, load balancers. */
export const HTTP_REQUEST_FIELDS: RequestFields = { method: "httpRequest.requestMethod", url: "httpRequest.requestUrl", status: "httpRequest.status" };

/** App Engine's request log keeps the request in its payload (its httpRequest often holds only the status). */
export const APP_ENGINE_REQUEST_FIELDS: RequestFields = { method: "protoPayload.method", url: "protoPayload.resource", status: "protoPayload.status" };

function requestClause(template: string, f: RequestFields): string | undefined {
  const words = template.split(" ");
  // Cloud Run's own failure: `<*> <*> 503 text` (any route: the platform failed, not the app).
  if (words[0] === WILDCARD && words[1] === WILDCARD && STATUS.test(words[2] ?? "")) {
    const text = words.slice(3).join(" ");
    const parts = [`${f.status}=${words[2]}`];
    if (text) parts.push(`textPayload=~${filterString(templateRegex(splitTemplate(text)))}`);
    return parts.join(" AND ");
  }
  const [verb, route, cls] = words;
  if (!verb || !route || !cls || !VERB.test(verb) || !route.startsWith("/")) return undefined;
  const parts: string[] = [];
  if (verb !== "?") parts.push(`${f.method}=${filterString(verb)}`);
  // A variable may be a whole segment (`/users/<*>`) or part of one (a build's hash: `/assets/index-<*>.js`).
  const path = route.split("/").map((seg) => seg.split(WILDCARD).map(regexLiteral).join("[^/?#]+")).join("/");
  parts.push(`${f.url}=~${filterString(`^(https?://[^/]+)?${path}([?#].*)?$`)}`);
  const m = STATUS_CLASS.exec(cls);
  if (m) parts.push(`${f.status}>=${m[1]}00 AND ${f.status}<${Number(m[1]) + 1}00`);
  return parts.join(" AND ");
}

function exceptionClause(template: string): string | undefined {
  // `(at frame)` is the gardener's own note of where it was raised, not log text.
  const text = template.replace(/ \(at [^()]*(?:\([^()]*\)[^()]*)*\)$/, "");
  return textClause(templateRegex(splitTemplate(text)));
}

/** The filter clause for one pattern; undefined when the template gives nothing specific to match. */
export function patternFilter(p: PatternInput, requestFields: RequestFields = HTTP_REQUEST_FIELDS): string | undefined {
  const template = unredacted(p.template);
  switch (p.kind) {
    case "request":
      return requestClause(template, requestFields);
    case "exception":
      return exceptionClause(template);
    case "platform":
    case "message": {
      const re = messageRegex(template, p.sample);
      // Audit entries (a revision's Ready condition) are platform patterns too: their text is the status message.
      return re ? textClause(re, true) : undefined;
    }
  }
}
