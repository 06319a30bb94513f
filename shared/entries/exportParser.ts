import { UserError } from "../util/userError.js";
import type { ExportItem, ReadSkipReason } from "./exportItem.js";
import type { JsonShape } from "./jsonShape.js";
import { ENTRY_MARKERS, LOG_ENTRY_FIELDS } from "./logEntryFields.js";
import { MAX_ENTRY_CHARS, MAX_WRAPPER_DEPTH } from "./readLimits.js";

export type { ExportItem } from "./exportItem.js";

const enum C {
  Quote = 34,
  Backslash = 92,
  OpenBrace = 123,
  CloseBrace = 125,
  OpenBracket = 91,
  CloseBracket = 93,
  Comma = 44,
  Colon = 58,
  Newline = 10,
  Space = 32,
  Tab = 9,
  Cr = 13,
  Bom = 0xfeff,
}

const isWs = (c: number) => c === C.Space || c === C.Newline || c === C.Cr || c === C.Tab || c === C.Bom;
/** In valid JSON an object or array can only start after one of these (or at the top level). */
const opensValue = (c: number) => c === C.OpenBracket || c === C.Comma || c === C.Colon;

/** Keys a REST list response carries beside its list; an object with only these holds no entries. */
const PAGE_KEYS = ["nextPageToken"];

/** What a member name says, as bits, so that each key costs one lookup. */
const enum K {
  Field = 1,
  Marker = 2,
  Page = 4,
}
const KEY_KINDS = new Map<string, number>();
for (const k of LOG_ENTRY_FIELDS) KEY_KINDS.set(k, (KEY_KINDS.get(k) ?? 0) | K.Field);
for (const k of ENTRY_MARKERS) KEY_KINDS.set(k, (KEY_KINDS.get(k) ?? 0) | K.Marker);
for (const k of PAGE_KEYS) KEY_KINDS.set(k, (KEY_KINDS.get(k) ?? 0) | K.Page);

/**
 * Attempts the fast path (ExportParser.wholeEntry) may waste before it is turned off for the input; each
 * entry it reads earns one back, up to this. Exports it fits never come near 0; ones it does not fit
 * (top-level keys other than LogEntry fields, one line holding many objects) lose it after this many.
 */
const FAST_PATH_TRIES = 64;

/** Longest key read for its name (LogEntry field names are short); longer keys are only skipped over. */
const MAX_KEY_CHARS = 256;
/** Arrays directly inside arrays read as entry lists (`[[…],[…]]`); deeper ones are skipped as not objects. */
const MAX_NESTED_LISTS = 4;

const enum St {
  KeyOrEnd,
  Key,
  Colon,
  Value,
  CommaOrEnd,
}

interface ObjFrame {
  t: "obj";
  /** unit: an entry candidate; inner: an object member looked into for entries; elem: first element of a candidate array. */
  role: "unit" | "inner" | "elem";
  /** An entries array was found inside: this object is not an entry, its entries were handed on one by one. */
  wrapper: boolean;
  st: St;
  key: string;
  /** Saw a key only log entries have (see ENTRY_MARKERS). */
  entryMarkers: boolean;
  /** A line inside this object started at column 0 (an indent-0 pretty-printer: "{" there may be nested). */
  col0Lines: boolean;
  /** Saw any LogEntry field name. */
  entryFields: boolean;
  /** Saw a key other than a list response's page keys. */
  otherKeys: boolean;
  /** Paths of member arrays that were empty (allocated only when there is one). */
  emptyArrays: string[] | undefined;
  fullArrays: number;
  pageToken: boolean;
  path: string;
  line: number;
  col: number;
}

interface ArrFrame {
  t: "arr";
  /** list: its elements are entry candidates; cand: a member array whose first element decides. */
  role: "list" | "cand";
  st: St.Value | St.CommaOrEnd | St.KeyOrEnd;
  path: string;
  line: number;
  col: number;
  /** cand: offset of its first element in the capture (when a unit is being captured). */
  elemStart: number;
}

type Frame = ObjFrame | ArrFrame;

interface Capture {
  pieces: string[];
  chars: number;
  /** Start of the not yet kept part in the current chunk; -1 when the capture is not running. */
  from: number;
  oversized: boolean;
}

/**
 * Incremental reader of the JSON shapes users save logs in: a `gcloud logging read --format=json`
 * array (or several, concatenated), NDJSON, pretty-printed objects one after another, REST
 * `entries:list` responses (one page or several concatenated, or an array of them), and any object
 * whose member array holds the entries (`{"status":"success","result":[…]}`, up to
 * MAX_WRAPPER_DEPTH objects deep). Detection is by content: an array whose first object has a key
 * only log entries have (timestamp, logName, insertId, a payload) is a list of entries.
 *
 * It finds the boundaries of each entry by tracking nesting and strings (or, for the common layouts
 * of one entry per line and gcloud's pretty-printed arrays, with indexOf: see wholeEntry), then
 * JSON.parses only that entry, so memory stays flat in the size of the input (one entry of at most MAX_ENTRY_CHARS plus one
 * chunk). A broken entry costs only itself: NDJSON resumes at the next line, concatenated objects at
 * the next object, arrays at the next element; only input that ends inside a value is an error.
 * Text passed to `push` must be decoded already.
 */
export class ExportParser {
  readonly shape: JsonShape = { arrays: 0, lineObjects: 0, prettyObjects: 0, wrappers: {}, emptyPages: 0, lastPageToken: false };
  /** Entries read by the fast path (wholeEntry), the rest by the tokenizer: for tests and benchmarks. */
  fastEntries = 0;

  private stack: Frame[] = [];
  /** Depth of containers inside a value that is only skipped over (not looked into). */
  private opaque = 0;
  private inString = false;
  private strRole: "key" | "value" | "skip" = "skip";
  private strStart = 0;
  private strPieces: string[] = [];
  private strChars = 0;
  private carryBackslashes = 0;
  /** A number, true, false or null being read at a looked-into position (`scalarIsElement`: as an element of a list). */
  private inScalar = false;
  private scalarIsElement = false;
  private scalarFirst = 0;
  private capture: Capture | undefined;
  /** After a broken entry: skip to a line that starts a new one at or left of `col`. */
  private resync: { col: number } | undefined;
  private atLineStart = true;
  private lastSig = C.Comma;
  private line = 1;
  /** Index in the current chunk where the current line starts (negative: it started in an earlier chunk). */
  private lineStartIdx = 0;
  private layout: "unknown" | "lines" | "pretty" = "unknown";
  private items = 0;
  private sawValue = false;
  /** Cached position of the next newline in the current chunk (for the no-newline-in-a-string check). */
  private nl = -1;
  private nlFrom = Infinity;
  private chunk = "";
  private prevChunkLength = 0;
  /** A chunk ended just after a newline: the next chunk's first character is at column 0. */
  private col0Pending = false;
  /**
   * wholeEntry's budget: grows with each entry it reads, shrinks with each attempt the tokenizer had
   * to redo; below 0 the fast path is off for the rest of the input (an export it does not fit costs
   * at most FAST_PATH_TRIES wasted attempts more than the tokenizer alone).
   */
  private fastTries = FAST_PATH_TRIES;
  /** The indent of the last pretty-printed block, and the "\n" + indent + "}" that closes such a block. */
  private blockIndent = "\u0000";
  private blockEnd = "";
  /** No fast path before this index of the current chunk (the rest of a line it failed on). */
  private noFastUntil = 0;

  /** `fastPath: false` reads every entry with the tokenizer alone (the fast path's tests compare the two). */
  constructor(options: { fastPath?: boolean } = {}) {
    if (options.fastPath === false) this.fastTries = -1;
  }

  /** Feeds one decoded chunk; calls `emit` for each complete entry or skip. Throws UserError when the input is not JSON at all. */
  push(chunk: string, emit: (item: ExportItem) => void): void {
    this.chunk = chunk;
    this.nlFrom = Infinity;
    this.lineStartIdx -= this.prevChunkLength;
    this.prevChunkLength = chunk.length;
    this.noFastUntil = 0;
    if (this.capture) this.capture.from = 0;
    if (this.inString) this.strStart = 0;
    const n = chunk.length;
    let i = 0;
    if (this.col0Pending && n) {
      this.col0Pending = false;
      const top = this.stack[0];
      if (top?.t === "obj" && !this.inString && !this.resync && this.newObjectAtColumn0(top, chunk.charCodeAt(0))) {
        i = this.fail(`a new object starts at line ${this.line} before this one ended`, 0, true, emit);
      }
    }
    while (i < n) {
      if (this.inString) {
        i = this.scanString(i, emit);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.resync) {
        i = this.scanResync(i, c);
        continue;
      }
      if (this.inScalar) {
        if (c !== C.Comma && c !== C.CloseBrace && c !== C.CloseBracket && !isWs(c)) {
          this.lastSig = c;
          i++;
          continue;
        }
        // The delimiter ends the scalar and is then read by the enclosing frame.
        this.inScalar = false;
        if (this.scalarIsElement) this.skipElement(this.scalarFirst, emit);
        this.valueDone();
      }
      if (c === C.Newline) {
        this.line++;
        this.lineStartIdx = i + 1;
        const top = this.stack[0];
        if (this.layout === "lines" && top?.t === "obj" && !top.wrapper) {
          // NDJSON: an object still open at the end of its line is broken; the next line is the next entry.
          i = this.fail("not a complete JSON object on one line", i + 1, false, emit);
          continue;
        }
        i++;
        if (top?.t === "obj" && top.col === 0) {
          if (i < n) {
            if (this.newObjectAtColumn0(top, chunk.charCodeAt(i))) i = this.fail(`a new object starts at line ${this.line} before this one ended`, i, true, emit);
          } else this.col0Pending = true;
        }
        continue;
      }
      if (this.opaque > 0) {
        // Fast path: inside a value that is only skipped over, only strings and brackets matter.
        // A tight loop up to the next string, newline or the value's end (most of an entry's text).
        let depth = this.opaque;
        let last = this.lastSig;
        let k = i;
        for (; k < n; k++) {
          const d = chunk.charCodeAt(k);
          if (d === C.Quote) {
            const q = this.closingQuote(k);
            if (q < 0) break; // runs into the next chunk, or broken: the slow path reads it
            k = q;
            last = d;
            continue;
          }
          if (d === C.Newline) break;
          if (d === C.OpenBrace || d === C.OpenBracket) {
            if (!opensValue(last)) break;
            depth++;
            last = d;
          } else if (d === C.CloseBrace || d === C.CloseBracket) {
            last = d;
            if (--depth === 0) {
              k++;
              break;
            }
          } else if (d !== C.Space && d !== C.Tab && d !== C.Cr) last = d;
        }
        this.opaque = depth;
        this.lastSig = last;
        if (depth === 0) {
          this.valueDone();
          i = k;
          continue;
        }
        if (k === n) {
          i = k;
          continue;
        }
        const d = chunk.charCodeAt(k);
        if (d === C.Quote) {
          i = this.beginString("skip", k);
        } else if (d === C.Newline) {
          i = k; // the newline branch above reads it (never at i: it runs before this one)
        } else {
          i = this.fail(`unexpected "${String.fromCharCode(d)}"`, k, true, emit);
        }
        continue;
      }
      if (isWs(c)) {
        i++;
        continue;
      }
      if (c === C.OpenBrace && this.fastTries >= 0 && i >= this.noFastUntil) {
        const next = this.wholeEntry(i, emit);
        if (next > 0) {
          i = next;
          continue;
        }
      }
      i = this.structural(c, i, emit);
    }
    this.keepCapture(n);
    if (this.inString) {
      if (this.strRole === "key" && this.strChars <= MAX_KEY_CHARS) this.strPieces.push(chunk.slice(this.strStart, n));
      this.strChars += n - this.strStart;
    }
  }

  /** Call once at the end of input. Throws UserError when the input stopped in the middle of a value. */
  end(emit: (item: ExportItem) => void): { elements: number } {
    this.chunk = "";
    if (this.inScalar) {
      this.inScalar = false;
      if (this.scalarIsElement) this.skipElement(this.scalarFirst, emit);
      this.valueDone();
    }
    if (this.resync && !this.stack.length) this.resync = undefined;
    const top = this.stack[0];
    if (this.layout === "lines" && top?.t === "obj" && !top.wrapper && top.line === this.line) {
      // NDJSON whose last line stops short (a file still being written, a cut pipe): like any bad line, it costs only itself.
      this.item(emit, { kind: "skip", reason: "invalid_json", detail: `line ${top.line}: the last line ends inside its JSON object` });
      this.stack.length = 0;
      this.inString = false;
      this.opaque = 0;
      this.inScalar = false;
      return { elements: this.items };
    }
    const unit = this.innermostUnit();
    if (this.inString || this.opaque || (unit >= 0 && !(this.stack[unit] as ObjFrame).wrapper)) {
      const started = unit >= 0 ? (this.stack[unit] as ObjFrame).line : (this.stack[0]?.line ?? this.line);
      throw new UserError(
        `input ends inside a JSON value that starts at line ${started}: the export looks truncated or malformed (${this.items} complete entries before it)`,
      );
    }
    const outer = this.stack[0];
    if (outer) {
      throw new UserError(
        outer.t === "arr"
          ? `input ends before the closing "]" of the JSON array: the export looks truncated (${this.items} complete entries read)`
          : `input ends before the closing "}" of the object that starts at line ${outer.line}: the export looks truncated (${this.items} complete entries read)`,
      );
    }
    return { elements: this.items };
  }

  /**
   * Whether the character at column 0 of a new line inside a top-level object starts the next
   * object: a "{" there, when no earlier line of this object started at column 0. Pretty-printers
   * indent everything inside an object (so this never fires on valid input from gcloud, jq, Python or
   * JSON.stringify with an indent); a "{" at column 0 then means the object before it was cut short.
   */
  private newObjectAtColumn0(top: ObjFrame, c: number): boolean {
    if (c === C.OpenBrace && !top.col0Lines) return true;
    if (!isWs(c) && c !== C.CloseBrace && c !== C.CloseBracket) top.col0Lines = true;
    return false;
  }

  // ---- the fast path: whole entries found with indexOf ---------------------------------------------

  /**
   * An entry that starts at `i` (a "{" where the tokenizer would begin an entry: at the top level or
   * as an element of a list) and is either all on its line (NDJSON, compact arrays: the line ends in
   * "}" or "},") or a pretty-printed block inside a list (its "{" first on its line, its end the first
   * later line holding the same indent and "}"). Its text is found with indexOf and JSON.parsed
   * whole, and taken only when what the tokenizer would conclude is certain: it parses, it fits in
   * the chunk and MAX_ENTRY_CHARS, and every member is a LogEntry field (so none would be looked into
   * for a list of entries, and it is not an empty page). Returns the index after it and emits it, or
   * -1 and changes nothing: the tokenizer then reads it character by character, as always.
   */
  private wholeEntry(i: number, emit: (item: ExportItem) => void): number {
    if (this.inScalar || this.capture || this.opaque) return -1;
    const top = this.stack[this.stack.length - 1];
    if (top && (top.t !== "arr" || top.role !== "list" || top.st === St.CommaOrEnd)) return -1;
    const chunk = this.chunk;
    const nl = chunk.indexOf("\n", i);
    if (nl < 0) return -1;
    let k = nl - 1;
    while (k > i && isWs(chunk.charCodeAt(k))) k--;
    if (chunk.charCodeAt(k) === C.Comma) {
      k--;
      while (k > i && isWs(chunk.charCodeAt(k))) k--;
    }
    let end: number;
    let lines = 0;
    let lastNl = -1;
    if (k > i && chunk.charCodeAt(k) === C.CloseBrace) end = k + 1;
    else {
      // A pretty-printed block: only inside a list (a top-level object at column 0 has the tokenizer's column-0 rule).
      if (!top || this.lineStartIdx < 0 || k !== i) return -1;
      for (let b = this.lineStartIdx; b < i; b++) if (!isWs(chunk.charCodeAt(b))) return -1;
      const indent = chunk.slice(this.lineStartIdx, i);
      if (indent !== this.blockIndent) {
        this.blockIndent = indent;
        this.blockEnd = `\n${indent}}`;
      }
      const close = chunk.indexOf(this.blockEnd, nl);
      if (close < 0 || close - i > MAX_ENTRY_CHARS) return -1;
      end = close + this.blockEnd.length;
      for (let b = nl; b >= 0 && b < end; b = chunk.indexOf("\n", b + 1)) {
        lines++;
        lastNl = b;
      }
    }
    if (end - i > MAX_ENTRY_CHARS) return -1;
    let value: unknown;
    try {
      value = JSON.parse(chunk.slice(i, end));
    } catch (err) {
      // Not one whole object there: the tokenizer reads it (and says what is wrong, if anything).
      void err;
      return this.fastMiss(nl);
    }
    let fields = 0;
    for (const key in value as Record<string, unknown>) {
      if (!((KEY_KINDS.get(key) ?? 0) & K.Field)) return this.fastMiss(nl);
      fields++;
    }
    if (!fields) return this.fastMiss(nl);
    if (this.fastTries < FAST_PATH_TRIES) this.fastTries++;
    // What the tokenizer does for an entry from "{" to its "}" (closeObject, valueDone).
    this.lastSig = C.CloseBrace;
    if (!top) {
      this.sawValue = true;
      this.shape.lineObjects++;
      if (this.layout !== "pretty") this.layout = "lines";
    } else {
      if (top.path) (this.shape.wrappers[top.path] as { entries: number }).entries++;
      top.st = St.CommaOrEnd;
    }
    if (lines) {
      this.line += lines;
      this.lineStartIdx = lastNl + 1;
    }
    this.fastEntries++;
    this.item(emit, { kind: "value", value });
    return end;
  }

  /** The fast path could not take what starts here: not again on this line, and less often if this goes on. */
  private fastMiss(nl: number): number {
    this.fastTries -= 2;
    this.noFastUntil = nl;
    return -1;
  }

  // ---- structure -------------------------------------------------------------------------------

  /** A non-whitespace character outside strings, scalars and skipped values. Returns the next index. */
  private structural(c: number, i: number, emit: (item: ExportItem) => void): number {
    const top = this.stack[this.stack.length - 1];
    if (!top) return this.topLevel(c, i, emit);
    if (top.t === "obj") {
      switch (top.st) {
        case St.KeyOrEnd:
        case St.Key:
          if (c === C.Quote) {
            this.lastSig = c;
            return this.beginString("key", i);
          }
          if (c === C.CloseBrace && top.st === St.KeyOrEnd) {
            this.lastSig = c;
            this.closeObject(i + 1, emit);
            return i + 1;
          }
          return this.fail(`expected a member name, found "${String.fromCharCode(c)}"`, i, true, emit);
        case St.Colon:
          if (c !== C.Colon) return this.fail(`expected ":" after a member name, found "${String.fromCharCode(c)}"`, i, true, emit);
          this.lastSig = c;
          top.st = St.Value;
          return i + 1;
        case St.Value:
          return this.beginMemberValue(top, c, i, emit);
        case St.CommaOrEnd:
          if (c === C.Comma) {
            this.lastSig = c;
            top.st = St.Key;
            return i + 1;
          }
          if (c === C.CloseBrace) {
            this.lastSig = c;
            this.closeObject(i + 1, emit);
            return i + 1;
          }
          return this.fail(`expected "," or "}", found "${String.fromCharCode(c)}"`, i, true, emit);
      }
    }
    // An array read element by element.
    if (top.st === St.CommaOrEnd) {
      if (c === C.Comma) {
        this.lastSig = c;
        top.st = St.Value;
        return i + 1;
      }
      if (c === C.CloseBracket) {
        this.lastSig = c;
        this.closeArray(emit);
        return i + 1;
      }
      // A missing comma between two objects costs nothing: the next entry starts here.
      return this.fail(`expected "," or "]", found "${String.fromCharCode(c)}"`, i, true, emit);
    }
    if (c === C.CloseBracket) {
      // "[]", or a trailing comma "[…,]" (not JSON, but nothing is lost by reading past it).
      this.lastSig = c;
      this.closeArray(emit);
      return i + 1;
    }
    return top.role === "list" ? this.beginListElement(top, c, i, emit) : this.beginCandidateElement(top, c, i);
  }

  /** Between top-level values: an array, an object, or a line that is not JSON. */
  private topLevel(c: number, i: number, emit: (item: ExportItem) => void): number {
    if (c === C.OpenBracket) {
      this.lastSig = c;
      this.sawValue = true;
      this.shape.arrays++;
      this.stack.push(this.arr("list", "", i));
      return i + 1;
    }
    if (c === C.OpenBrace) {
      this.lastSig = c;
      this.sawValue = true;
      this.beginCapture(i);
      this.stack.push(this.obj("unit", "", i));
      return i + 1;
    }
    if (c === C.Comma) return i + 1; // objects separated by commas without an enclosing array
    if (!this.sawValue) throw notJson(this.chunk, i, this.line);
    this.item(emit, { kind: "skip", reason: "invalid_json", detail: `line ${this.line}: not a JSON object` });
    this.resync = { col: this.col(i) };
    this.atLineStart = false;
    return i + 1;
  }

  private beginMemberValue(top: ObjFrame, c: number, i: number, emit: (item: ExportItem) => void): number {
    if (c === C.OpenBrace || c === C.OpenBracket) {
      this.lastSig = c;
      // An entry's own members are never taken for a list of entries, nor are those of a first element.
      const lookInto =
        top.role !== "elem" &&
        !((KEY_KINDS.get(top.key) ?? 0) & K.Field) &&
        depthOf(top.path) < MAX_WRAPPER_DEPTH &&
        !(this.stack[this.innermostUnit()] as ObjFrame).entryMarkers;
      const path = lookInto ? (top.path ? `${top.path}.${top.key}` : top.key) : "";
      if (!lookInto) this.opaque = 1;
      else if (c === C.OpenBrace) this.stack.push(this.obj("inner", path, i));
      else this.stack.push(this.arr("cand", path, i));
      return i + 1;
    }
    if (c === C.CloseBrace || c === C.Comma || c === C.CloseBracket || c === C.Colon) {
      return this.fail(`expected a value, found "${String.fromCharCode(c)}"`, i, false, emit);
    }
    this.lastSig = c;
    if (c === C.Quote) return this.beginString(top.key === "nextPageToken" && top.role !== "elem" ? "value" : "skip", i);
    this.beginScalar(false, c);
    return i + 1;
  }

  private beginListElement(top: ArrFrame, c: number, i: number, emit: (item: ExportItem) => void): number {
    if (c === C.Colon || c === C.CloseBrace) return this.fail(`unexpected "${String.fromCharCode(c)}" in an array`, i, false, emit);
    this.lastSig = c;
    if (c === C.OpenBrace) {
      this.beginCapture(i);
      this.stack.push(this.obj("unit", top.path, i));
      return i + 1;
    }
    if (c === C.OpenBracket) {
      if (this.listDepth() < MAX_NESTED_LISTS) {
        this.stack.push(this.arr("list", top.path, i));
      } else {
        // Nested past any list users write: skipped over as one value that is not an entry.
        this.skipElement(c, emit);
        this.opaque = 1;
      }
      return i + 1;
    }
    if (c === C.Quote) {
      this.skipElement(c, emit);
      return this.beginString("skip", i);
    }
    this.beginScalar(true, c);
    return i + 1;
  }

  /** The first element of a member array: an object with entry keys makes the array a list of entries. */
  private beginCandidateElement(top: ArrFrame, c: number, i: number): number {
    if (c === C.OpenBrace) {
      this.lastSig = c;
      if (this.capture) {
        this.keepCapture(i);
        top.elemStart = this.capture.chars;
      } else this.beginCapture(i);
      this.stack.push(this.obj("elem", top.path, i));
      return i + 1;
    }
    // Not a list of entries: the rest of the array is skipped over (and kept, inside an entry).
    this.stack.pop();
    this.parentObj().fullArrays++;
    this.opaque = 1;
    this.lastSig = C.OpenBracket;
    return i;
  }

  private closeObject(end: number, emit: (item: ExportItem) => void): void {
    const f = this.stack.pop() as ObjFrame;
    if (f.role === "elem") {
      const cand = this.stack[this.stack.length - 1] as ArrFrame;
      if (f.entryMarkers) {
        this.becomeList(cand, f.line, end, emit);
        return;
      }
      // An array of something else: skip over the rest of it (an entry being read keeps its text).
      if (!this.unitCaptureRunning()) this.capture = undefined;
      this.stack.pop();
      this.parentObj().fullArrays++;
      this.opaque = 1;
      return;
    }
    if (f.role === "inner") {
      this.valueDone();
      return;
    }
    // A unit: a wrapper whose entries were handed on, an empty page, or an entry.
    const parent = this.stack[this.stack.length - 1];
    if (f.wrapper) {
      this.shape.lastPageToken = f.pageToken;
    } else {
      const text = this.endCapture(end);
      if (!parent && !f.entryFields && f.fullArrays === 0 && (f.emptyArrays || !f.otherKeys)) {
        this.shape.emptyPages++;
        this.shape.lastPageToken = f.pageToken;
        (this.shape.wrappers[f.emptyArrays?.[0] ?? "entries"] ??= { objects: 0, entries: 0 }).objects++;
      } else {
        if (!parent) {
          const oneLine = f.line === this.line;
          if (oneLine) this.shape.lineObjects++;
          else this.shape.prettyObjects++;
          if (this.layout !== "pretty") this.layout = oneLine ? "lines" : "pretty";
        } else if (parent.t === "arr" && parent.path) {
          (this.shape.wrappers[parent.path] as { entries: number }).entries++;
        }
        if (text === undefined) this.item(emit, { kind: "skip", reason: "too_large", detail: `line ${f.line}: entry larger than ${MAX_ENTRY_CHARS} characters` });
        else this.parseEntry(text, f.line, emit);
      }
    }
    this.valueDone();
  }

  private closeArray(emit: (item: ExportItem) => void): void {
    void emit;
    const f = this.stack.pop() as ArrFrame;
    if (f.role === "cand") (this.parentObj().emptyArrays ??= []).push(f.path);
    this.valueDone();
  }

  /** The first element of `cand` is an entry: hand it on, and read the rest of the array as a list. */
  private becomeList(cand: ArrFrame, line: number, end: number, emit: (item: ExportItem) => void): void {
    const inUnit = this.unitCaptureRunning();
    const whole = this.endCapture(end);
    const text = inUnit ? whole?.slice(cand.elemStart) : whole;
    // Every object around the list is a wrapper now: none of them is itself an entry.
    for (const f of this.stack) if (f.t === "obj") f.wrapper = true;
    const w = (this.shape.wrappers[cand.path] ??= { objects: 0, entries: 0 });
    w.objects++;
    w.entries++;
    cand.role = "list";
    cand.st = St.CommaOrEnd;
    if (text === undefined) this.item(emit, { kind: "skip", reason: "too_large", detail: `line ${line}: entry larger than ${MAX_ENTRY_CHARS} characters` });
    else this.parseEntry(text, line, emit);
  }

  /** A value ended: the frame that holds it now expects a comma or its end. */
  private valueDone(): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.st = St.CommaOrEnd;
  }

  // ---- strings and scalars ---------------------------------------------------------------------

  /** A string opens at `i`. Returns the index after it when it ends in this chunk; else reading goes on in scanString. */
  private beginString(role: "key" | "value" | "skip", i: number): number {
    this.strRole = role;
    this.strStart = i + 1;
    this.strPieces = [];
    this.strChars = 0;
    this.carryBackslashes = 0;
    const q = this.closingQuote(i);
    if (q >= 0) {
      this.lastSig = C.Quote;
      this.endString(q);
      return q + 1;
    }
    this.inString = true;
    return i + 1;
  }

  /**
   * Where the string opened at `open` closes, when that is in this chunk with no raw newline before
   * it; -1 otherwise (scanString then reads it, and reports a broken one).
   */
  private closingQuote(open: number): number {
    const chunk = this.chunk;
    let from = open + 1;
    for (;;) {
      const q = chunk.indexOf('"', from);
      if (q < 0) return -1;
      let b = q - 1;
      while (b > open && chunk.charCodeAt(b) === C.Backslash) b--;
      if ((q - 1 - b) % 2 === 0) {
        const nl = this.nextNewline(open + 1);
        return nl >= 0 && nl < q ? -1 : q;
      }
      from = q + 1;
    }
  }

  /** Inside a string from `i`: finds its end (or the chunk's). A raw newline means the string is broken. */
  private scanString(i: number, emit: (item: ExportItem) => void): number {
    const chunk = this.chunk;
    const n = chunk.length;
    let from = i;
    for (;;) {
      const q = chunk.indexOf('"', from);
      const nl = this.nextNewline(i);
      if (nl >= 0 && (q < 0 || nl < q)) {
        // JSON strings cannot hold a raw newline: the value is broken here.
        this.inString = false;
        return this.fail("a string runs past the end of its line", nl, false, emit);
      }
      if (q < 0) {
        this.carryBackslashes = trailingBackslashes(chunk, n, from, this.carryBackslashes);
        return n;
      }
      const run = trailingBackslashes(chunk, q, from, this.carryBackslashes);
      this.carryBackslashes = 0;
      if (run % 2 === 1) {
        from = q + 1;
        continue;
      }
      this.inString = false;
      this.lastSig = C.Quote;
      this.endString(q);
      return q + 1;
    }
  }

  private endString(q: number): void {
    if (this.opaque > 0) return;
    const top = this.stack[this.stack.length - 1];
    if (this.strRole === "key" && top?.t === "obj") {
      const key = this.keyText(q);
      top.key = key;
      top.st = St.Colon;
      const kind = KEY_KINDS.get(key) ?? 0;
      if (kind & K.Marker) top.entryMarkers = true;
      if (kind & K.Field) top.entryFields = true;
      if (!(kind & K.Page)) top.otherKeys = true;
      return;
    }
    if (this.strRole === "value" && top?.t === "obj" && (q > this.strStart || this.strChars > 0)) top.pageToken = true;
    this.valueDone();
  }

  private keyText(q: number): string {
    if (this.strChars + (q - this.strStart) > MAX_KEY_CHARS) return "\u0000long key";
    const last = this.chunk.slice(this.strStart, q);
    const raw = this.strPieces.length ? this.strPieces.join("") + last : last;
    if (raw.indexOf("\\") < 0) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch (err) {
      // A bad escape in a key: the entry's own JSON.parse counts it; the raw name serves here.
      void err;
      return raw;
    }
  }

  private beginScalar(element: boolean, c: number): void {
    this.inScalar = true;
    this.scalarIsElement = element;
    this.scalarFirst = c;
  }

  /** An element of a list that is not an object: counted, not handed on. */
  private skipElement(first: number, emit: (item: ExportItem) => void): void {
    const what = first === C.Quote ? "string" : first === C.OpenBracket ? "array" : first === 116 || first === 102 ? "boolean" : first === 110 ? "null" : "number";
    this.item(emit, { kind: "skip", reason: "not_an_object", detail: `line ${this.line}: ${what}` });
  }

  // ---- entries and broken input ----------------------------------------------------------------

  private parseEntry(text: string, line: number, emit: (item: ExportItem) => void): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.item(emit, { kind: "skip", reason: "invalid_json", detail: `line ${line}: ${(err as Error).message}` });
      return;
    }
    this.item(emit, { kind: "value", value });
  }

  private item(emit: (item: ExportItem) => void, item: ExportItem): void {
    this.items++;
    emit(item);
  }

  /**
   * The entry (or wrapper) being read is broken at `at`. It is counted once. Reading resumes at `at`
   * when an object starts there and may start a new entry (`restart`), else at the next line that
   * starts one at or left of the broken entry's column (NDJSON: the next line; an array: the next
   * element). Returns the index to read on from.
   */
  private fail(reason: string, at: number, restart: boolean, emit: (item: ExportItem) => void): number {
    const u = this.innermostUnit();
    const k = u >= 0 ? u : this.stack.length;
    const unit = u >= 0 ? (this.stack[u] as ObjFrame) : undefined;
    const detail = !unit
      ? `line ${this.line}: ${reason}`
      : unit.wrapper
        ? `line ${unit.line}: the object holding entries is malformed after them (${reason})`
        : `line ${unit.line}: ${reason}`;
    const restarts = restart && this.chunk.charCodeAt(at) === C.OpenBrace;
    // Between two elements of a list (a missing comma) a restart loses nothing: nothing to count.
    if (unit || !restarts) this.item(emit, { kind: "skip", reason: "invalid_json", detail });
    this.stack.length = k;
    this.capture = undefined;
    this.opaque = 0;
    this.inScalar = false;
    this.inString = false;
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.st = St.Value;
    if (restarts) {
      this.lastSig = C.Comma;
      return at;
    }
    this.resync = { col: unit ? unit.col : this.col(at) };
    this.atLineStart = at === this.lineStartIdx;
    return at;
  }

  /** Skipping a broken entry: look for a line whose first character starts the next value. */
  private scanResync(i: number, c: number): number {
    if (c === C.Newline) {
      this.line++;
      this.lineStartIdx = i + 1;
      this.atLineStart = true;
      return i + 1;
    }
    if (!this.atLineStart || isWs(c)) return i + 1;
    this.atLineStart = false;
    const col = this.col(i);
    const top = this.stack[this.stack.length - 1];
    const target = (this.resync as { col: number }).col;
    if (col <= target && (c === C.OpenBrace || (c === C.OpenBracket && !top))) {
      this.resync = undefined;
      this.lastSig = C.Comma;
      return i;
    }
    if (top && c === C.CloseBracket && col < target) {
      this.resync = undefined;
      this.lastSig = C.Comma;
      top.st = St.CommaOrEnd;
      return i;
    }
    return i + 1;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private obj(role: ObjFrame["role"], path: string, i: number): ObjFrame {
    return {
      t: "obj", role, wrapper: false, st: St.KeyOrEnd, key: "", entryMarkers: false, entryFields: false, otherKeys: false,
      emptyArrays: undefined, fullArrays: 0, pageToken: false, path, line: this.line, col: this.col(i), col0Lines: false,
    };
  }

  private arr(role: ArrFrame["role"], path: string, i: number): ArrFrame {
    return { t: "arr", role, st: St.KeyOrEnd, path, line: this.line, col: this.col(i), elemStart: 0 };
  }

  private col(i: number): number {
    return i - this.lineStartIdx;
  }

  private parentObj(): ObjFrame {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k] as Frame;
      if (f.t === "obj") return f;
    }
    throw new Error("ExportParser: a member array outside an object");
  }

  private innermostUnit(): number {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k] as Frame;
      if (f.t === "obj" && f.role === "unit") return k;
    }
    return -1;
  }

  private listDepth(): number {
    let d = 0;
    for (const f of this.stack) if (f.t === "arr" && f.role === "list") d++;
    return d;
  }

  /** Whether the running capture is an entry's (not a candidate element's inside a wrapper). */
  private unitCaptureRunning(): boolean {
    const k = this.innermostUnit();
    return k >= 0 && !(this.stack[k] as ObjFrame).wrapper;
  }

  private nextNewline(i: number): number {
    if (this.nlFrom > i || (this.nl >= 0 && this.nl < i)) {
      this.nl = this.chunk.indexOf("\n", i);
      this.nlFrom = i;
    }
    return this.nl;
  }

  private beginCapture(i: number): void {
    this.capture = { pieces: [], chars: 0, from: i, oversized: false };
  }

  /** Keeps the running capture's text of the current chunk up to `end`. */
  private keepCapture(end: number): void {
    const cap = this.capture;
    if (!cap) return;
    if (!cap.oversized && end > cap.from) {
      cap.chars += end - cap.from;
      if (cap.chars > MAX_ENTRY_CHARS) {
        cap.oversized = true;
        cap.pieces = [];
      } else cap.pieces.push(cap.from === 0 && end === this.chunk.length ? this.chunk : this.chunk.slice(cap.from, end));
    }
    cap.from = end;
  }

  /** Ends the capture at `end`: its text, or undefined when it grew past MAX_ENTRY_CHARS. */
  private endCapture(end: number): string | undefined {
    this.keepCapture(end);
    const cap = this.capture;
    this.capture = undefined;
    if (!cap || cap.oversized) return undefined;
    return cap.pieces.length === 1 ? (cap.pieces[0] as string) : cap.pieces.join("");
  }
}

function depthOf(path: string): number {
  if (!path) return 0;
  let d = 1;
  for (let k = path.indexOf("."); k >= 0; k = path.indexOf(".", k + 1)) d++;
  return d;
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
    `input is not a Cloud Logging export: line ${line} starts with ${ch}; expected a JSON array (gcloud logging read --format=json), one JSON object per line (NDJSON) or gcloud's YAML`,
  );
}
