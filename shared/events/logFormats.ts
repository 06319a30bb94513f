import type { Severity } from "../entries/severity.js";

/**
 * What the project knows about the shape of log lines, in one place: where loggers put their level,
 * how stacks start, how multi-line records continue. Event assembly, severity inference, exception
 * chains and the Cloud Logging read filter all read these tables, so that a line the read filter
 * selects as an error is one that inference calls an error (a table test holds the two together).
 *
 * Every pattern is written in the subset of regular-expression syntax that RE2 (the Logging query
 * language's `=~`) and JavaScript read the same way: no look-around, no back-references, no named
 * groups, no inline flags except a leading `(?i)` (which the filter keeps and JavaScript turns into
 * the `i` flag).
 */

/** The language families whose loggers the formats below come from (for measurement by family). */
export const FORMAT_FAMILIES = ["python", "go", "node", "java", "ruby", "dotnet", "generic"] as const;
export type FormatFamily = (typeof FORMAT_FAMILIES)[number];

/** ANSI colour codes that console loggers (NestJS, winston's colorize, pino-pretty) put around levels. */
export const ANSI = "(?:\\x1b\\[[0-9;]*m)*";
const ANSI_ALL = /\x1b\[[0-9;]*m/g;

/** Text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.includes("\x1b") ? text.replace(ANSI_ALL, "") : text;
}

/** Level words as loggers spell them, each with the Cloud Logging severity it stands for. */
const WORDS: ReadonlyArray<readonly [Severity, readonly string[]]> = [
  ["DEBUG", ["TRACE", "DEBUG", "VERBOSE", "FINE", "FINER", "FINEST"]],
  ["INFO", ["INFO", "INFORMATION", "LOG", "SUCCESS"]],
  ["NOTICE", ["NOTICE"]],
  ["WARNING", ["WARN", "WARNING"]],
  ["ERROR", ["ERROR", "SEVERE"]],
  ["CRITICAL", ["CRITICAL", "FATAL", "CRIT", "PANIC"]],
  ["ALERT", ["ALERT"]],
  ["EMERGENCY", ["EMERGENCY", "EMERG"]],
];
/** Short forms: Serilog, zerolog, log15, .NET's console formatter. */
const SHORT: ReadonlyArray<readonly [Severity, readonly string[]]> = [
  ["DEBUG", ["TRC", "DBG", "VRB", "TRCE", "DBUG"]],
  ["INFO", ["INF"]],
  ["WARNING", ["WRN"]],
  ["ERROR", ["ERR", "EROR"]],
  ["CRITICAL", ["FTL", "CRT", "PNC"]],
];
/** .NET's Microsoft.Extensions.Logging console lines begin `info: `, `fail: `, … */
const DOTNET: ReadonlyArray<readonly [Severity, readonly string[]]> = [
  ["DEBUG", ["trce", "dbug"]],
  ["INFO", ["info"]],
  ["WARNING", ["warn"]],
  ["ERROR", ["fail"]],
  ["CRITICAL", ["crit"]],
];
/** npm levels of winston's `simple`/`cli` formats, written lower-case before a colon. */
const WINSTON: ReadonlyArray<readonly [Severity, readonly string[]]> = [
  ["DEBUG", ["debug", "verbose", "silly", "trace"]],
  ["INFO", ["info", "http", "notice"]],
  ["WARNING", ["warn", "warning"]],
  ["ERROR", ["error"]],
  ["CRITICAL", ["fatal", "crit", "critical", "alert", "emerg"]],
];

const RANK: Record<Severity, number> = { DEFAULT: 0, DEBUG: 1, INFO: 2, NOTICE: 3, WARNING: 4, ERROR: 5, CRITICAL: 6, ALERT: 7, EMERGENCY: 8 };

type Case = "upper" | "lower" | "any" | "exact";
type Vocabulary = ReadonlyArray<readonly [Severity, readonly string[]]>;

function spell(word: string, c: Case): string[] {
  if (c === "exact") return [word];
  if (c === "upper") return [word.toUpperCase()];
  if (c === "lower") return [word.toLowerCase()];
  const lower = word.toLowerCase();
  return [word.toUpperCase(), lower, lower[0]?.toUpperCase() + lower.slice(1)];
}

/** The alternation of a vocabulary's words (at or above `min` when given), longest first so that WARNING wins over WARN. */
function alternation(vocab: Vocabulary, c: Case, min?: Severity): string {
  const words = new Set<string>();
  for (const [sev, list] of vocab) if (min === undefined || RANK[sev] >= RANK[min]) for (const w of list) for (const s of spell(w, c)) words.add(s);
  return [...words].sort((a, b) => b.length - a.length || a.localeCompare(b)).join("|");
}

/** Every spelling of the level words at or above `min`, as one alternation (for the read filter's payload fields). */
export function levelWordsAtLeast(min: Severity): string {
  return alternation([...WORDS, ...SHORT, ...DOTNET], "any", min);
}

/** The severity a level word stands for in any logger's spelling (`warn`, `Information`, `ERR`, `fail`), or undefined. */
export function severityOfWord(word: string): Severity | undefined {
  return lookupWord([...WORDS, ...SHORT, ...DOTNET], word.trim());
}

function lookupWord(vocab: Vocabulary, word: string): Severity | undefined {
  const upper = word.toUpperCase();
  for (const [sev, list] of vocab) if (list.some((w) => w.toUpperCase() === upper)) return sev;
  return undefined;
}

/** A timestamp as loggers print it before the level: ISO 8601, `2009/11/10 23:00:00`, `17/06/09 20:10:40` (log4j `yy/MM/dd`), `12:00:00.000`, `3:04PM`. */
const TS =
  "(?:\\d\\d-[A-Z][a-z]{2}-\\d{4} \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?|\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?|\\d{4}[-/]\\d\\d[-/]\\d\\d(?:[T ]\\d\\d:\\d\\d(?::\\d\\d)?(?:[.,]\\d+)?)?(?:Z| ?[+-]\\d\\d:?\\d\\d)?|\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?|\\d{1,2}:\\d\\d ?[AP]M|\\d{10}(?:\\.\\d+)?)";

/**
 * A line format that states its level. `pattern` holds one `L`: the place of the level word, filled
 * with the vocabulary's alternation (the capture group 1 for inference, only error words for the
 * read filter).
 */
export interface LevelFormat {
  id: string;
  family: FormatFamily;
  /** What it looks like, for people reading this table (the corpus test reads the real lines). */
  shape: string;
  pattern: string;
  vocabulary: Vocabulary;
  case: Case;
  /** Case-insensitive match of the whole pattern (level words included). */
  ignoreCase?: boolean;
}

/**
 * The formats, in the order they are tried (the first that matches states the line's level). Every
 * pattern is anchored at the start of the text (after colour codes and spaces), except `logfmt` and
 * `json-in-text`, whose level field may come after others.
 */
export const LEVEL_FORMATS: readonly LevelFormat[] = [
  {
    id: "json-in-text",
    family: "generic",
    shape: '{"level":"error","msg":"…"} printed as text (pino, bunyan, zap, slog, logrus, winston, Serilog, .NET JSON)',
    pattern: `^\\s*[{][\\s\\S]*"(?:level|severity|levelname|lvl|log\\.level|@l|LogLevel|loglevel)" ?: ?"${ANSI}<L>${ANSI}"`,
    vocabulary: [...WORDS, ...SHORT],
    case: "any",
  },
  {
    id: "json-numeric-level",
    family: "node",
    shape: '{"level":50,…} printed as text (pino and bunyan numbers: 10 trace … 60 fatal)',
    pattern: `^\\s*[{][\\s\\S]*"level" ?: ?<L>[,}]`,
    vocabulary: [
      ["DEBUG", ["10", "20"]],
      ["INFO", ["30"]],
      ["WARNING", ["40"]],
      ["ERROR", ["50"]],
      ["CRITICAL", ["60"]],
    ],
    case: "upper",
  },
  {
    id: "inspect-object",
    family: "node",
    shape: "{ level: 'error', pid: 1, message: '…' } (util.inspect of a log object: NestJS json mode, console.log of a record)",
    pattern: `^\\s*[{][\\s\\S]*\\blevel: '${ANSI}<L>${ANSI}'`,
    vocabulary: [...WORDS, ...SHORT],
    case: "any",
  },
  {
    id: "logfmt",
    family: "go",
    shape: 'time=… level=error msg="…" (logrus text, slog text, log15 lvl=eror)',
    pattern: `(?:^|\\s)(?:level|lvl)="?${ANSI}<L>${ANSI}\\b`,
    vocabulary: [...WORDS, ...SHORT],
    case: "any",
  },
  {
    id: "klog",
    family: "go",
    shape: "E0101 10:00:00.000000    1 file.go:12] message (klog/glog)",
    pattern: `^${ANSI}<L>\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\s+\\d+ [^ \\]]+:\\d+\\] `,
    vocabulary: [
      ["INFO", ["I"]],
      ["WARNING", ["W"]],
      ["ERROR", ["E"]],
      ["CRITICAL", ["F"]],
    ],
    case: "upper",
  },
  {
    id: "rails",
    family: "ruby",
    shape: "E, [2024-01-01T00:00:00.000000 #1] ERROR -- : message (Ruby Logger, Rails)",
    pattern: `^[DIWEFAU], \\[[^\\]]{0,60}\\]\\s+${ANSI}<L>${ANSI} -- `,
    vocabulary: [...WORDS, ["INFO", ["ANY", "UNKNOWN"]]],
    case: "upper",
  },
  {
    id: "nest",
    family: "node",
    shape: "[Nest] 1  - 01/15/2024, 10:00:00 AM   ERROR [Context] message (NestJS ConsoleLogger, colours or not)",
    pattern: `^${ANSI}\\[\\w+\\] \\d+  - ${ANSI}[^\\x1b]{0,40}? ${ANSI} *<L>${ANSI} `,
    vocabulary: [
      ["DEBUG", ["DEBUG", "VERBOSE"]],
      ["INFO", ["LOG"]],
      ["WARNING", ["WARN"]],
      ["ERROR", ["ERROR"]],
      ["CRITICAL", ["FATAL"]],
    ],
    case: "upper",
  },
  {
    id: "dotnet-console",
    family: "dotnet",
    shape: "fail: Microsoft.AspNetCore.Server.Kestrel[13] (Microsoft.Extensions.Logging simple console)",
    pattern: `^${ANSI}<L>${ANSI}: [\\w.$+<>\`-]+\\[\\d+\\]`,
    vocabulary: DOTNET,
    case: "lower",
  },
  {
    id: "serilog",
    family: "dotnet",
    shape: "[10:00:00 ERR] message, [2024-01-01 10:00:00.000 +00:00 WRN] message (Serilog console)",
    pattern: `^${ANSI}\\[[0-9:.T +-]{5,40} ${ANSI}<L>${ANSI}\\] `,
    vocabulary: SHORT,
    case: "upper",
  },
  {
    id: "celery",
    family: "python",
    shape: "[2024-05-01 10:00:00,123: ERROR/ForkPoolWorker-1] message (Celery workers)",
    pattern: `^\\[${TS}: <L>/[\\w.-]+\\] `,
    vocabulary: WORDS,
    case: "upper",
  },
  {
    id: "npm",
    family: "node",
    shape: "npm ERR! code ELIFECYCLE, npm error code 1, npm WARN deprecated … (the npm client)",
    pattern: `^npm <L> `,
    vocabulary: [
      ["INFO", ["notice", "info", "http", "timing", "verb"]],
      ["WARNING", ["WARN", "warn"]],
      ["ERROR", ["ERR!", "error"]],
    ],
    case: "exact",
  },
  {
    id: "nextjs",
    family: "node",
    shape: " ⨯ Error: … ,  ⚠ message,  ✓ Ready in 694ms (Next.js server output)",
    pattern: `^ ?<L> \\S`,
    vocabulary: [
      ["INFO", ["✓", "▲", "○"]],
      ["WARNING", ["⚠"]],
      ["ERROR", ["⨯"]],
    ],
    case: "exact",
  },
  {
    id: "bracketed-level",
    family: "generic",
    shape: "[ts] [pid] [ERROR] message (gunicorn), ts [error]: message (winston printf), [ERROR] message",
    pattern: `^${ANSI}(?:(?:\\[[^\\]]{0,60}\\]|${TS})\\s*){0,3}\\[${ANSI}<L>${ANSI} *\\]`,
    vocabulary: [...WORDS, ...SHORT],
    case: "any",
  },
  {
    id: "python-warnings",
    family: "python",
    shape: "/app/x.py:119: CacheKeyWarning: message (the warnings module)",
    pattern: `^\\S+\\.py:\\d+: [A-Za-z]*<L>: `,
    vocabulary: [["WARNING", ["Warning"]]],
    case: "exact",
  },
  {
    id: "node-warning",
    family: "node",
    shape: "(node:1) [DEP0005] DeprecationWarning: message (process warnings)",
    pattern: `^\\(node:\\d+\\) (?:\\[\\w+\\] )?[A-Za-z]*<L>: `,
    vocabulary: [["WARNING", ["Warning"]]],
    case: "exact",
  },
  {
    id: "level-colon",
    family: "generic",
    shape: "ERROR:root:message (Python logging's default), INFO:     message (uvicorn), WARNING: message, SEVERE: message (java.util.logging)",
    pattern: `^${ANSI}<L>${ANSI}:(?:\\s|[\\w.<>-]*:)`,
    vocabulary: WORDS,
    case: "upper",
  },
  {
    id: "level-colon-lower",
    family: "node",
    shape: "error: message, info: message (winston simple and cli formats)",
    pattern: `^${ANSI}<L>${ANSI}: +\\S`,
    vocabulary: WINSTON,
    case: "lower",
  },
  {
    id: "level-first",
    family: "generic",
    shape: "WARNING 2026-02-23 08:55:50,183 log message (Django's verbose format), INFO [01-01|00:00:00] message (log15), ERROR message",
    pattern: `^${ANSI}<L>${ANSI}(?: +|\\t|\\[)\\S`,
    vocabulary: [...WORDS, ["ERROR", ["EROR"]], ["DEBUG", ["DBUG", "TRCE"]]],
    case: "upper",
  },
  {
    id: "timestamp-then-level",
    family: "generic",
    shape:
      "2024-01-01 00:00:00,000 ERROR [main] c.x.Y - m (log4j), 12:00:00.000 [main] INFO  c.e.App - m (logback), …Z  INFO 1 --- [main] c : m (Spring Boot), ts\\tERROR\\tcaller\\tm (zap), 3:04PM ERR m (zerolog), ts - name - ERROR - m (Python), [ts] INFO name: m, ts | ERROR | m (loguru), [ts] ERROR (1): m (pino-pretty), ts 25746 INFO name m (process id before the level: Python oslo.log, log4j %t)",
    pattern: `^${ANSI}\\[?${TS}\\]?${ANSI}(?:\\s*[-|]\\s*|\\s+|:)(?:(?:\\[[^\\]]{1,60}\\]|[\\w.$/@:-]{1,80}) +[-|] +|\\[[^\\]]{1,60}\\] +|[\\w.-]{1,20}=[^\\s=]{1,60} +|\\d{1,10} +){0,5}${ANSI}<L>${ANSI}(?:[ :\\t|\\]]|$)`,
    vocabulary: [...WORDS, ...SHORT],
    case: "upper",
  },
  {
    id: "timestamp-then-level-lower",
    family: "node",
    shape: "2024-01-01 12:00:00 error: message (winston printf `${timestamp} ${level}: ${message}`)",
    pattern: `^${ANSI}\\[?${TS}\\]?${ANSI} +${ANSI}<L>${ANSI}: `,
    vocabulary: WINSTON,
    case: "lower",
  },
];

/**
 * A pattern filled with its vocabulary: for inference (every word, captured) or for the read filter
 * (only the words at or above `min`; undefined when the format has none that high).
 */
export function formatSource(f: LevelFormat, min?: Severity): string | undefined {
  const words = alternation(f.vocabulary, f.case, min);
  return words ? f.pattern.replace("<L>", `(${words})`) : undefined;
}

interface Compiled {
  format: LevelFormat;
  re: RegExp;
}
const COMPILED: readonly Compiled[] = LEVEL_FORMATS.map((format) => ({ format, re: new RegExp(formatSource(format) as string, format.ignoreCase ? "i" : "") }));

/** How a line's level was read. */
export type LevelBasis = "field" | "format" | "stack" | "phrase";

export interface StatedLevel {
  severity: Severity;
  basis: LevelBasis;
  /** The format (or stack marker, or phrase rule) that recognised it. */
  rule: string;
  family: FormatFamily;
}

/** Text read for a level: loggers put it at the start of the record. */
export const LEVEL_HEAD_CHARS = 400;

/** The level a line's format states, or undefined when its format states none. */
export function levelOfFormat(text: string): StatedLevel | undefined {
  const head = text.length > LEVEL_HEAD_CHARS ? text.slice(0, LEVEL_HEAD_CHARS) : text;
  for (const { format, re } of COMPILED) {
    const m = re.exec(head);
    const word = m?.[1];
    if (word === undefined) continue;
    const severity = lookupWord(format.vocabulary, stripAnsi(word));
    if (severity) return { severity, basis: "format", rule: format.id, family: format.family };
  }
  return undefined;
}

const LEADING_TS = new RegExp(`^\\[?${TS}\\]?\\s*`);

/** A logger's location field after the level: `app.db:connect:42`, `sentry_sdk.errors`, `netra_backend.core:_emit:202`. */
const LOCATION_FIELD = /^(?:[\w$@/<>-]*[._][\w$@/<>.-]*(?::[\w$<>.-]+)*(?::\d+)?|[\w$@/<>.-]+:\d+)\s*(?:[|:]\s+|-\s+)/;

/** A JSON record's first line: `{"key": …`. */
export const JSON_RECORD_LEAD = /^\s*\{\s*"[\w@.$-]{1,64}"\s*:/;
const RECORD_MESSAGE = /"(?:message|msg)"\s*:\s*"((?:[^"\\]|\\.)+)/;

/**
 * The message field of a JSON record printed as text (`{"level": "ERROR", "message": "…"}`), unescaped,
 * as far as the line holds it (a formatter that does not escape its message ends the value early).
 */
export function jsonRecordMessage(line: string): string | undefined {
  if (!JSON_RECORD_LEAD.test(line)) return undefined;
  const m = RECORD_MESSAGE.exec(line)?.[1];
  // One pass over the escapes, so that `\\n` (a backslash, then n) stays what it was.
  return m ? m.replace(/\\(.)/g, (_, c: string) => (c === "n" || c === "t" || c === "r" ? " " : c)).trim() : undefined;
}

/**
 * What a formatted log line says, without its logger's prefix (timestamp, pid, level, the logger's
 * location): the words a person would quote. The line itself when no format is recognised or nothing
 * readable is left.
 */
export function messageOfRecord(line: string): string {
  const text = stripAnsi(line);
  const record = jsonRecordMessage(text);
  if (record && record.length >= 8) return record;
  const head = text.length > LEVEL_HEAD_CHARS ? text.slice(0, LEVEL_HEAD_CHARS) : text;
  for (const { format, re } of COMPILED) {
    if (format.id.startsWith("json") || format.id === "inspect-object" || format.id === "logfmt") continue;
    const m = re.exec(head);
    if (!m?.[1]) continue;
    const levelEnd = m.index + m[0].lastIndexOf(m[1]) + m[1].length;
    let rest = text.slice(levelEnd);
    // Python's default `LEVEL:logger:message`, NestJS's `LEVEL [Context] message`.
    if (format.id === "level-colon") rest = rest.replace(/^:[\w.<>-]+:/, "");
    if (format.id === "nest") rest = rest.replace(/^\s*\[[^\]]{1,80}\]\s*/, "");
    rest = rest.replace(/^[\s|:\]\-]+/, "").replace(LEADING_TS, "").replace(/^[\s|:\]\-]+/, "");
    const loc = LOCATION_FIELD.exec(rest);
    if (loc) rest = rest.slice(loc[0].length);
    rest = rest.trim();
    return rest.length >= 8 ? rest : text.trim();
  }
  return text.trim();
}

// ------------------------------------------------------------------------------------ stacks

/** Python's traceback header and the lines that chain one traceback to the next. */
export const PY_TRACEBACK_HEAD = /^Traceback \(most recent call last\):/;
export const PY_CHAIN_LINE = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** The last line of a Python traceback: the exception type (dotted) and its message. */
export const PY_EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure))(?::\s?(.*))?$/;
/** A Node.js (or Java) stack frame line. */
export const STACK_FRAME = /^\s+at \S/;
/** The first line of a Node.js error as printed with its stack. */
export const NODE_ERROR_HEAD = /^(?:Uncaught |Unhandled(?: Rejection)?:? )?([\w.$]*(?:Error|Exception))(?:\s*\[[A-Z_0-9]+\])?(?::\s?(.*))?$/;
/** Java's cause line, and the `... 12 more` that ends an elided cause. */
export const JAVA_CAUSED_BY = /^Caused by: ([\w.$]+(?:Error|Exception|Throwable))(?::\s?(.*))?$/;
export const JAVA_MORE = /^\s+\.\.\. \d+ (?:more|common frames omitted)$/;
/** Node's `[cause]:` inside an inspected error. */
export const NODE_CAUSE = /^\s*\[cause\]: ([\w.$]*(?:Error|Exception))(?::\s?(.*))?/;

/**
 * Markers of a stack or a crash, strong enough to state ERROR (or CRITICAL) without a level word: a
 * Python traceback or chain line, an exception's first line (`TypeError: …`, `java.lang.Illegal…: …`,
 * `Exception in thread "main" …`, `Error: …`, `Caused by: …`), Go's `panic:` and runtime `fatal error:`,
 * a native crash, and gunicorn's own words for a worker that died.
 */
export const STACK_MARKERS: ReadonlyArray<{ id: string; family: FormatFamily; source: string; severity: Severity }> = [
  { id: "python-traceback", family: "python", source: "^Traceback [(]most recent call last[)]:", severity: "ERROR" },
  { id: "python-chain", family: "python", source: "^(?:During handling of the above exception, another exception occurred|The above exception was the direct cause of the following exception):", severity: "ERROR" },
  { id: "java-thread", family: "java", source: '^Exception in thread "[^"]*" [\\w.$]+', severity: "ERROR" },
  { id: "exception-head", family: "generic", source: "^(?:Uncaught |Unhandled(?: ?Rejection)?:? |Unhandled exception[.] )?(?:[A-Za-z_$][\\w$]*[.])*(?:[A-Z][\\w$]*)?(?:Error|Exception)(?: ?\\[[A-Z_0-9]+\\])?: \\S", severity: "ERROR" },
  { id: "java-caused-by", family: "java", source: "^Caused by: [\\w.$]+", severity: "ERROR" },
  { id: "go-panic", family: "go", source: "^panic: ", severity: "CRITICAL" },
  { id: "segfault", family: "generic", source: "^Segmentation fault", severity: "CRITICAL" },
  { id: "gunicorn-worker-death", family: "python", source: "Worker [(]pid:\\d+[)] exited with code [1-9]|Worker failed to boot|App failed to load", severity: "ERROR" },
  { id: "go-fatal-error", family: "go", source: "^fatal error: ", severity: "CRITICAL" },
];
const STACK_RES = STACK_MARKERS.map((m) => ({ ...m, re: new RegExp(m.source) }));

/** ERROR or CRITICAL when the record starts like a stack or a crash; undefined otherwise. */
export function levelOfStack(text: string): StatedLevel | undefined {
  const head = text.length > LEVEL_HEAD_CHARS ? text.slice(0, LEVEL_HEAD_CHARS) : text;
  for (const m of STACK_RES) if (m.re.test(head)) return { severity: m.severity, basis: "stack", rule: m.id, family: m.family };
  return undefined;
}

// ----------------------------------------------------------------------------------- phrases

/**
 * Words with which programs say they failed, in the usual spellings, read on the first line when no
 * level is stated. Weaker evidence than a level: they raise a line to WARNING (never ERROR), which
 * makes it a candidate cause when its instance then dies.
 */
export const FAILURE_PHRASES =
  "(?i)(?:^killed$|^(?:[0-9/:.,TZ+ -]{8,40} )?error\\b|(?:^|[^\\w-])(?:error: |(?:must|needs to) be (?:set|provided|defined)|is (?:required|not set|missing)|missing required|fatal|panic(?:ked)?|halt(?:ed|ing)|abort(?:ed|ing)|crash(?:ed|ing)|failed|failure|fail(?:s|ing)? to|cannot|can't|could ?not|couldn't|unable to|refused|denied|timed out|not authori[sz]ed|unauthori[sz]ed|forbidden|invalid credentials|authentication error|exit(?:ed|ing)? with (?:status|code) [1-9])(?:$|[^\\w-]))";
const PHRASE_RE = new RegExp(FAILURE_PHRASES.slice(4), "i");
/** Lines that deny a failure ("0 failed", "no errors", "without failure") or are plainly progress. */
const NEGATED = /\b(?:0|no|zero|without) (?:failed|failures?|errors?)\b|\bnot failed\b/i;

/** Notices that code will stop working in a later version (a library's or runtime's deprecation). */
export const DEPRECATION_PHRASES = "(?i)(?:^|[^\\w-])(?:deprecated|deprecation|will be removed in)(?:$|[^\\w-])";
const DEPRECATION_RE = new RegExp(DEPRECATION_PHRASES.slice(4), "i");

export function levelOfPhrase(text: string): StatedLevel | undefined {
  const line = firstLine(text);
  if (PHRASE_RE.test(line) && !NEGATED.test(line)) return { severity: "WARNING", basis: "phrase", rule: "failure-phrase", family: "generic" };
  if (DEPRECATION_RE.test(line)) return { severity: "WARNING", basis: "phrase", rule: "deprecation", family: "generic" };
  return undefined;
}

const CODE_WARNING_RULES = new Set(["python-warnings", "node-warning"]);

/**
 * A warning about the code rather than about the service: Python's `warnings` module, Node's process
 * warnings, a deprecation notice. Worth a line in the worklog, never an incident or an issue.
 */
export function isCodeWarning(text: string): boolean {
  const line = firstLine(text);
  const format = levelOfFormat(line);
  if (format) return CODE_WARNING_RULES.has(format.rule);
  return DEPRECATION_RE.test(line) && !PHRASE_RE.test(line);
}

function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  const first = stripAnsi(nl >= 0 ? text.slice(0, nl) : text);
  return first.length > LEVEL_HEAD_CHARS ? first.slice(0, LEVEL_HEAD_CHARS) : first;
}
