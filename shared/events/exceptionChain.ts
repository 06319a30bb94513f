import { JAVA_CAUSED_BY, NODE_CAUSE, NODE_ERROR_HEAD as NODE_HEAD, PY_EXCEPTION_LINE as PY_EXCEPTION, PY_TRACEBACK_HEAD as PY_TRACEBACK } from "./logFormats.js";

/** One exception of a chain, as printed. */
export interface ChainedException {
  type: string;
  message: string;
}

/**
 * The exceptions an event's text reports, the original cause first. Python prints a chain cause first
 * ("During handling of the above exception…"); Java and Node print the outermost first and the causes
 * after ("Caused by:", "[cause]:"), so those are reversed. Empty when the text holds no stack.
 */
export function exceptionChain(text: string): ChainedException[] {
  const lines = text.split("\n");
  const python: ChainedException[] = [];
  let inTraceback = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (PY_TRACEBACK.test(line)) inTraceback = true;
    else if (inTraceback && !/^\s/.test(line)) {
      const m = PY_EXCEPTION.exec(line);
      if (m?.[1]) python.push({ type: m[1], message: (m[2] ?? "").trim() });
      inTraceback = false;
    }
  }
  if (python.length) return python;

  const outerFirst: ChainedException[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    const next = lines[i + 1] ?? "";
    const java = JAVA_CAUSED_BY.exec(line) ?? NODE_CAUSE.exec(lines[i] ?? "");
    if (java?.[1]) outerFirst.push({ type: java[1], message: (java[2] ?? "").trim() });
    else if (!outerFirst.length && /^\s+at /.test(next)) {
      const m = NODE_HEAD.exec(line) ?? /^([\w.$]+(?:Exception|Error)):?\s?(.*)$/.exec(line);
      if (m?.[1]) outerFirst.push({ type: m[1], message: (m[2] ?? "").trim() });
    }
  }
  return outerFirst.reverse();
}
