import { WILDCARD } from "./maskToken.js";
import { maskVariables } from "./maskVariables.js";

/** What a stack trace comes down to: the originating exception and where it was raised. */
export interface ExceptionSignature {
  language: "python" | "node" | "java" | "go";
  /** The originating exception's type (for a chain, the first cause, not the last wrapper). */
  type: string;
  /** Its message with variables masked. */
  message: string;
  /** In-app frames, innermost first, as `file:function` (no line numbers, repeats collapsed). */
  frames: string[];
  /** Stable key: type + the innermost in-app frames (+ the message when there is no in-app frame). */
  key: string;
}

/**
 * Frames of the key: where the exception was raised and its caller. Deeper frames differ between
 * call paths to the same fault (the same failing import reached from two places), and Error
 * Reporting also groups on the top frames only.
 */
const KEY_FRAMES = 2;
/** Frames read per stack, whatever its length (a recursion can print thousands). */
const MAX_FRAMES = 200;
/** Characters of an exception's message kept in its template: the start says what went wrong. */
const MESSAGE_CHARS = 300;

const PY_LIBRARY = /site-packages|dist-packages|[\\/]lib[\\/]python\d|^<frozen |^<string>|[\\/]usr[\\/]lib[\\/]/;
const NODE_LIBRARY = /node_modules|^node:|^internal[\\/]|\(node:|^native /;
const JAVA_LIBRARY =
  /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.springframework|org\.apache|org\.eclipse|org\.hibernate|org\.junit|io\.netty|io\.grpc|io\.micronaut|io\.quarkus|io\.vertx|reactor|rx|com\.google|com\.fasterxml|okhttp3|retrofit2|org\.glassfish|jakarta|com\.zaxxer|org\.postgresql|com\.mysql)\./;
const GO_LIBRARY = /^(?:runtime|net\/http|net|sync|reflect|syscall|os|io|bufio|internal\/|testing|context|database\/sql|encoding\/|google\.golang\.org\/|github\.com\/(?:gin-gonic|labstack|gorilla|go-chi)\/|cloud\.google\.com\/go\/)/;

/** Reads a Python, Node.js, Java or Go stack out of an event's text, or undefined when there is none. */
export function exceptionSignatureOf(text: string): ExceptionSignature | undefined {
  if (text.includes("Traceback (most recent call last):")) return python(text);
  if (/^goroutine \d+ \[/m.test(text) && /^panic: /m.test(text)) return go(text);
  if (/^\s+at [\w$.<>\[\]]+\([^()]*\.(?:java|kt|scala|groovy):\d+\)|^\s+at [\w$.<>\[\]]+\((?:Native Method|Unknown Source)\)/m.test(text)) return java(text);
  if (/^\s+at (?:.+ \()?(?:\S+):\d+:\d+\)?$/m.test(text)) return node(text);
  return undefined;
}

function masked(message: string): string {
  return maskVariables(message.length > MESSAGE_CHARS ? message.slice(0, MESSAGE_CHARS) : message);
}

function collapse(frames: string[]): string[] {
  const out: string[] = [];
  for (const f of frames) if (out[out.length - 1] !== f) out.push(f);
  return out;
}

function build(language: ExceptionSignature["language"], type: string, message: string, inApp: string[], all: string[]): ExceptionSignature {
  const frames = collapse(inApp);
  const msg = masked(message);
  const top = frames.slice(0, KEY_FRAMES);
  // Without an in-app frame the library frames say little: the message tells errors apart.
  const key = top.length
    ? `${language}|${type}|${top.join("|")}`
    : `${language}|${type}|${collapse(all).slice(0, KEY_FRAMES).join("|")}|${msg}`;
  return { language, type, message: msg, frames, key };
}

/** `/app/netra_backend/app/core/x.py` -> `app/core/x.py`: two folders are enough and survive moving the root. */
function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.slice(-3).join("/");
}

// ---------------------------------------------------------------------------------------- Python
const PY_CHAIN = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/m;
const PY_FRAME = /^\s*File "([^"]+)", line \d+, in (\S+)/;
const PY_EXC = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;

function python(text: string): ExceptionSignature | undefined {
  // Python prints the cause first; the originating exception is the first traceback of the text.
  const blocks = text.split(PY_CHAIN);
  const first = blocks.find((b) => b.includes("Traceback (most recent call last):")) ?? text;
  const lines = first.slice(first.indexOf("Traceback (most recent call last):")).split("\n");
  const all: string[] = [];
  const inApp: string[] = [];
  let type = "";
  let message = "";
  for (let i = 1; i < lines.length && all.length < MAX_FRAMES; i++) {
    const line = lines[i] as string;
    const f = PY_FRAME.exec(line);
    if (f) {
      const frame = `${shortPath(f[1] as string)}:${f[2]}`;
      all.unshift(frame);
      if (!PY_LIBRARY.test(f[1] as string)) inApp.unshift(frame);
      continue;
    }
    if (/^\S/.test(line)) {
      const e = PY_EXC.exec(line.trim());
      if (e) {
        type = (e[1] as string).split(".").pop() as string;
        message = e[2] ?? "";
        break;
      }
    }
  }
  if (!type) return undefined;
  return build("python", type, message, inApp, all);
}

// ------------------------------------------------------------------------------------------ Node
const NODE_FRAME = /^\s+at (?:(?:async )?(.+?) \((.+?):\d+:\d+\)|(?:async )?(.+?):\d+:\d+)$/;
const NODE_HEAD = /^(?:Uncaught )?([A-Z][\w$.]*(?:Error|Exception)|Error|[A-Z][\w$]*Error)(?: \[[\w-]+\])?:?\s?(.*)$/;

function node(text: string): ExceptionSignature | undefined {
  // A cause prints after `[cause]:`: the innermost cause is where it started.
  const causeAt = text.lastIndexOf("[cause]: ");
  const part = causeAt >= 0 ? text.slice(causeAt + 9) : text;
  const lines = part.split("\n");
  let type = "Error";
  let message = "";
  const headIdx = lines.findIndex((l) => NODE_HEAD.test(l.trim()));
  if (headIdx >= 0) {
    const h = NODE_HEAD.exec((lines[headIdx] as string).trim()) as RegExpExecArray;
    type = h[1] as string;
    message = h[2] ?? "";
  } else message = (lines[0] ?? "").trim();
  const all: string[] = [];
  const inApp: string[] = [];
  for (const line of lines.slice(Math.max(0, headIdx))) {
    if (all.length >= MAX_FRAMES) break;
    const f = NODE_FRAME.exec(line);
    if (!f) continue;
    const fn = (f[1] ?? "<anonymous>").replace(/^(?:Object|Module)\./, "").replace(/ \[as [^\]]+\]$/, "");
    const file = (f[2] ?? f[3] ?? "") as string;
    const frame = `${shortPath(file.replace(/^file:\/\//, ""))}:${fn}`;
    all.push(frame);
    if (!NODE_LIBRARY.test(file) && !NODE_LIBRARY.test(line.trim().slice(3))) inApp.push(frame);
  }
  if (!all.length) return undefined;
  return build("node", type, message, inApp, all);
}

// ------------------------------------------------------------------------------------------ Java
const JAVA_FRAME = /^\s+at ([\w$.<>\[\]/]+)\.([\w$<>\[\]]+)\(/;
const JAVA_HEAD = /^(?:Exception in thread "[^"]*" |Caused by: )?([a-zA-Z_$][\w$]*(?:\.[\w$]+)*(?:Exception|Error|Throwable)|[a-z][\w$]*(?:\.[\w$]+)+\.[A-Z][\w$]*)(?::\s?(.*))?$/;

function java(text: string): ExceptionSignature | undefined {
  // The root cause is the last `Caused by:` block.
  const causeAt = text.lastIndexOf("\nCaused by: ");
  const part = causeAt >= 0 ? text.slice(causeAt + 1) : text;
  const lines = part.split("\n");
  const headIdx = lines.findIndex((l) => JAVA_HEAD.test(l.trim()));
  if (headIdx < 0) return undefined;
  const h = JAVA_HEAD.exec((lines[headIdx] as string).trim()) as RegExpExecArray;
  const type = (h[1] as string).split(".").pop() as string;
  const all: string[] = [];
  const inApp: string[] = [];
  for (const line of lines.slice(headIdx + 1)) {
    if (/^\S/.test(line) && !line.startsWith("\t")) break; // next block (Suppressed, another exception)
    if (all.length >= MAX_FRAMES) break;
    const f = JAVA_FRAME.exec(line);
    if (!f) continue;
    const cls = (f[1] as string).replace(/\$\$.*$/, "").replace(/\$\d+/g, "");
    const frame = `${cls}.${(f[2] as string).replace(/\$\d+$/, "")}`;
    all.push(frame);
    if (!JAVA_LIBRARY.test(cls)) inApp.push(frame);
  }
  return build("java", type, h[2] ?? "", inApp, all);
}

// -------------------------------------------------------------------------------------------- Go
const GO_FUNC = /^([\w./-]+?)(?:\.\(\*?[\w]+\))?\.([\w.]+)\(.*\)$/;

function go(text: string): ExceptionSignature | undefined {
  const m = /^panic: (.*)$/m.exec(text);
  const message = m?.[1] ?? "";
  // `panic: runtime error: index out of range [5] with length 3` -> type "runtime error"
  const typed = /^([\w. ]+?(?:error|Error))(?::|$)/.exec(message);
  const type = typed ? `panic: ${typed[1]}` : "panic";
  const lines = text.slice(text.search(/^goroutine \d+ \[/m)).split("\n");
  const all: string[] = [];
  const inApp: string[] = [];
  for (const line of lines) {
    if (all.length >= MAX_FRAMES) break;
    if (/^goroutine \d+ \[/.test(line) && all.length) break; // only the panicking goroutine
    const f = GO_FUNC.exec(line.trim());
    if (!f || line.startsWith("\t")) continue;
    const pkg = f[1] as string;
    const frame = `${pkg}.${(f[2] as string).replace(/\.func\d+(?:\.\d+)*$/, "")}`;
    all.push(frame);
    if (!GO_LIBRARY.test(pkg) && pkg !== "panic") inApp.push(frame);
  }
  return build("go", type, message.replace(WILDCARD, ""), inApp, all);
}
