import { parseDocument } from "yaml";
import type { ExportItem } from "./exportItem.js";
import { LOG_ENTRY_FIELDS } from "./logEntryFields.js";
import { MAX_ENTRY_CHARS } from "./readLimits.js";

/** YAML aliases expanded per document: gcloud writes none; a few keep a hand-edited file readable, a billion laughs cannot grow. */
const MAX_YAML_ALIASES = 100;

/**
 * Reads the output of `gcloud logging read` without `--format` (YAML documents, one entry each,
 * separated by `---` lines) incrementally: documents are cut at their `---` / `...` markers (which
 * YAML forbids inside a document at column 0, so cutting there is exact) and each is parsed on its own
 * by the `yaml` package. Memory holds one document (at most MAX_ENTRY_CHARS) plus one line.
 */
export class YamlExportParser {
  documents = 0;
  private doc: string[] = [];
  private docChars = 0;
  private docOversized = false;
  private docLine = 1;
  private docHasContent = false;
  private line = 0;
  private partial = "";
  private partialOversized = false;

  push(chunk: string, emit: (item: ExportItem) => void): void {
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      const piece = chunk.slice(from, nl);
      const text = this.partial ? this.partial + piece : piece;
      const oversized = this.partialOversized || text.length > MAX_ENTRY_CHARS;
      this.partial = "";
      this.partialOversized = false;
      this.onLine(oversized ? text.slice(0, 4) : text, oversized, emit);
      from = nl + 1;
    }
    if (from < chunk.length) {
      if (this.partialOversized) return;
      this.partial += chunk.slice(from);
      if (this.partial.length > MAX_ENTRY_CHARS) {
        this.partial = this.partial.slice(0, 4);
        this.partialOversized = true;
      }
    }
  }

  end(emit: (item: ExportItem) => void): { elements: number } {
    if (this.partial || this.partialOversized) this.onLine(this.partial, this.partialOversized, emit);
    this.partial = "";
    this.flush(emit);
    return { elements: this.documents };
  }

  private onLine(raw: string, oversized: boolean, emit: (item: ExportItem) => void): void {
    this.line++;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (isMarker(text, "---")) {
      this.flush(emit);
      this.docLine = this.line;
      const rest = text.slice(3).trim();
      if (rest && !rest.startsWith("#")) this.add(rest, false);
      return;
    }
    if (isMarker(text, "...")) {
      this.flush(emit);
      this.docLine = this.line + 1;
      return;
    }
    if (!this.docHasContent && !this.doc.length) this.docLine = this.line;
    this.add(text, oversized);
  }

  private add(text: string, oversized: boolean): void {
    if (oversized) this.docOversized = true;
    const t = text.trimStart();
    if (t && !t.startsWith("#")) this.docHasContent = true;
    if (this.docOversized) return;
    this.docChars += text.length + 1;
    if (this.docChars > MAX_ENTRY_CHARS) {
      this.docOversized = true;
      this.doc = [];
      return;
    }
    this.doc.push(text);
  }

  private flush(emit: (item: ExportItem) => void): void {
    const lines = this.doc;
    const hasContent = this.docHasContent;
    const oversized = this.docOversized;
    this.doc = [];
    this.docChars = 0;
    this.docOversized = false;
    this.docHasContent = false;
    if (!hasContent) return;
    this.documents++;
    const where = `document at line ${this.docLine}`;
    if (oversized) {
      emit({ kind: "skip", reason: "too_large", detail: `${where}: larger than ${MAX_ENTRY_CHARS} characters` });
      return;
    }
    emit(parseYamlEntry(lines.join("\n"), where));
  }
}

/** One YAML document as an entry, or a skip that says why not. Never throws. */
function parseYamlEntry(text: string, where: string): ExportItem {
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    const problem = doc.errors[0];
    if (problem) return { kind: "skip", reason: "invalid_yaml", detail: `${where}: ${firstLine(problem.message)}` };
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    // The yaml package reports most problems in doc.errors; what it throws (alias limits, a stack
    // overflow on absurd nesting) is the same kind of problem with this document only.
    return { kind: "skip", reason: "invalid_yaml", detail: `${where}: ${firstLine((err as Error).message)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "skip", reason: "not_an_object", detail: `${where}: ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}` };
  }
  return { kind: "value", value };
}

function isMarker(line: string, marker: "---" | "..."): boolean {
  if (!line.startsWith(marker)) return false;
  const next = line.charCodeAt(3);
  return Number.isNaN(next) || next === 32 || next === 9;
}

function firstLine(message: string): string {
  const line = message.split("\n", 1)[0] ?? message;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * Whether text that is not JSON looks like gcloud's YAML: a document marker, or a first line that is a
 * `key: value` pair whose key is a LogEntry field name (gcloud sorts keys, so the first is one of these).
 */
export function looksLikeYaml(firstLines: string): boolean {
  for (const raw of firstLines.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    if (isMarker(line, "---")) return true;
    const key = /^([A-Za-z_][A-Za-z0-9_]*):(?:\s|$)/.exec(line)?.[1];
    return key !== undefined && LOG_ENTRY_FIELDS.has(key);
  }
  return false;
}
