import { UserError } from "../util/userError.js";

/** One top-level item found in an export: an entry to normalise, or a counted skip. */
export type ExportItem =
  | { kind: "value"; value: unknown }
  | { kind: "skip"; reason: "invalid_json" | "not_an_object"; detail: string };

/** Largest single entry accepted; a bigger one is skipped (counted) instead of buffered without bound. */
export const MAX_ENTRY_CHARS = 8 * 1024 * 1024;

const enum C {
  Quote = 34,
  Backslash = 92,
  OpenBrace = 123,
  CloseBrace = 125,
  OpenBracket = 91,
  CloseBracket = 93,
  Comma = 44,
  Newline = 10,
  Space = 32,
  Tab = 9,
  Cr = 13,
  Bom = 0xfeff,
}

const isWs = (c: number) => c === C.Space || c === C.Newline || c === C.Cr || c === C.Tab || c === C.Bom;

/**
 * Incremental parser for `gcloud logging read --format=json` output (one JSON array) and for NDJSON
 * (or any whitespace-separated sequence of JSON objects). It finds the boundaries of each top-level
 * element by tracking nesting and strings, then JSON.parses only that element, so memory stays flat
 * in the size of the file. Text passed to `push` must be decoded already (stream.setEncoding).
 */
export class ExportParser {
  private mode: "start" | "array" | "values" | "end" = "start";
  private depth = 0;
  private inString = false;
  /** Backslashes seen at the very end of the previous chunk while inside a string. */
  private carryBackslashes = 0;
  private pieces: string[] = [];
  private pieceChars = 0;
  private inElement = false;
  private oversized = false;
  /** Scalar (non-object) element in an array: read up to the next comma or bracket. */
  private scalar = false;
  /** In values mode, a line that is not JSON: skip to the end of the line. */
  private skippingLine = false;
  private line = 1;
  private elementLine = 1;
  private elements = 0;

  /** Feeds one decoded chunk; calls `emit` for each complete element. Throws UserError on a malformed file. */
  push(chunk: string, emit: (item: ExportItem) => void): void {
    let start = this.inElement ? 0 : -1;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          this.carryBackslashes = trailingBackslashes(chunk, n, i, this.carryBackslashes);
          i = n;
          break;
        }
        const run = trailingBackslashes(chunk, q, i, this.carryBackslashes);
        this.carryBackslashes = 0;
        i = q + 1;
        if (run % 2 === 0) this.inString = false;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === C.Newline) this.line++;
      if (this.skippingLine) {
        if (c === C.Newline) this.skippingLine = false;
        i++;
        continue;
      }
      if (this.inElement) {
        if (this.scalar) {
          if (c === C.Comma || c === C.CloseBracket || (this.depth === 0 && isWs(c))) {
            this.finish(chunk, start, i, emit);
            start = -1;
            if (c === C.CloseBracket) this.mode = "end";
            i++;
            continue;
          }
          if (c === C.Quote) this.inString = true;
          i++;
          continue;
        }
        if (c === C.Quote) this.inString = true;
        else if (c === C.OpenBrace || c === C.OpenBracket) this.depth++;
        else if (c === C.CloseBrace || c === C.CloseBracket) {
          this.depth--;
          if (this.depth === 0) {
            this.finish(chunk, start, i + 1, emit);
            start = -1;
          }
        }
        i++;
        continue;
      }
      // Between elements.
      if (isWs(c)) {
        i++;
        continue;
      }
      switch (this.mode) {
        case "start":
          if (c === C.OpenBracket) this.mode = "array";
          else if (c === C.OpenBrace) {
            this.mode = "values";
            start = this.begin(i, false);
          } else throw notJson(chunk, i, this.line);
          break;
        case "array":
          if (c === C.Comma) break;
          if (c === C.CloseBracket) {
            this.mode = "end";
            break;
          }
          start = this.begin(i, c !== C.OpenBrace && c !== C.OpenBracket);
          if (c === C.Quote) this.inString = true;
          break;
        case "values":
          if (c === C.OpenBrace) start = this.begin(i, false);
          else {
            this.skippingLine = true;
            emit({ kind: "skip", reason: "invalid_json", detail: `line ${this.line}: not a JSON object` });
          }
          break;
        case "end":
          throw new UserError(
            `input has data after the end of the JSON array at line ${this.line}: expected one array (gcloud --format=json) or one JSON object per line (NDJSON)`,
          );
      }
      i++;
    }
    if (this.inElement) this.keep(chunk, start, n);
  }

  /** Call once at the end of input. Throws UserError when the input stopped in the middle of a value. */
  end(emit: (item: ExportItem) => void): { elements: number } {
    if (this.inElement && this.scalar && !this.inString) this.finish("", -1, 0, emit);
    if (this.inElement || this.inString) {
      throw new UserError(
        `input ends inside a JSON value that starts at line ${this.elementLine}: the export looks truncated or malformed (${this.elements} complete entries before it)`,
      );
    }
    if (this.mode === "array") {
      throw new UserError(`input ends before the closing "]" of the JSON array: the export looks truncated (${this.elements} complete entries read)`);
    }
    return { elements: this.elements };
  }

  private begin(i: number, scalar: boolean): number {
    this.inElement = true;
    this.scalar = scalar;
    this.depth = scalar ? 0 : 1;
    this.elementLine = this.line;
    this.pieces = [];
    this.pieceChars = 0;
    this.oversized = false;
    return i;
  }

  private keep(chunk: string, start: number, endExclusive: number): void {
    if (this.oversized) return;
    const from = Math.max(start, 0);
    this.pieceChars += endExclusive - from;
    if (this.pieceChars > MAX_ENTRY_CHARS) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(from === 0 && endExclusive === chunk.length ? chunk : chunk.slice(from, endExclusive));
  }

  private finish(chunk: string, start: number, endExclusive: number, emit: (item: ExportItem) => void): void {
    this.keep(chunk, start, endExclusive);
    this.inElement = false;
    this.elements++;
    const line = this.elementLine;
    if (this.oversized) {
      this.pieces = [];
      emit({ kind: "skip", reason: "invalid_json", detail: `line ${line}: entry larger than ${MAX_ENTRY_CHARS} characters` });
      return;
    }
    const text = this.pieces.length === 1 ? (this.pieces[0] as string) : this.pieces.join("");
    this.pieces = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      emit({ kind: "skip", reason: "invalid_json", detail: `line ${line}: ${(err as Error).message}` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      emit({ kind: "skip", reason: "not_an_object", detail: `line ${line}: ${Array.isArray(value) ? "array" : typeof value}` });
      return;
    }
    emit({ kind: "value", value });
  }
}

/** Counts the backslashes just before `end` (not before `floor`), plus the carry if the run reaches the floor. */
function trailingBackslashes(chunk: string, end: number, floor: number, carry: number): number {
  let k = end - 1;
  while (k >= floor && chunk.charCodeAt(k) === C.Backslash) k--;
  const run = end - 1 - k;
  return k < floor ? run + carry : run;
}

function notJson(chunk: string, i: number, line: number): UserError {
  const ch = JSON.stringify(chunk.slice(i, i + 12));
  return new UserError(
    `input is not a Cloud Logging export: line ${line} starts with ${ch}; expected a JSON array (gcloud logging read --format=json) or one JSON object per line (NDJSON)`,
  );
}
