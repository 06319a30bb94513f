import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { block, blocks, resource, type Body, type TfDir } from "../terraform/tfConfig.js";

/**
 * The function's source zip as terraform/function.tf builds it, reproduced offline: the allowlist is
 * read from the module (local.function_source_patterns), the files are listed with Terraform's
 * `fileset` semantics, and the zip is written the way the archive provider writes `source` blocks
 * (hashicorp/terraform-provider-archive, internal/provider/zip_archiver.go, ArchiveMultiple): entries
 * sorted by name, each created with Go's zip.Writer.Create, i.e. deflated, zero modification time and
 * no file mode (external attributes 0, "made by" MS-DOS, version 2.0). What is not reproduced: the
 * exact compressed bytes (Go's flate, not zlib) and Go's streaming data descriptors, so the size is
 * within a few percent of the provider's and the hash differs; names and contents are the same.
 */

/** The source settings of the module, or why they are not the shape this reproduction follows. */
export function functionSourcePatterns(tf: TfDir): string[] {
  const patterns = tf.locals.function_source_patterns;
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === "string")) {
    throw new Error(`local.function_source_patterns must be a literal list of paths and globs (got ${JSON.stringify(patterns)})`);
  }
  const expected = "${toset(flatten([for p in local.function_source_patterns : fileset(local.source_dir, p)]))}";
  if (tf.locals.function_source_files !== expected) {
    throw new Error(`local.function_source_files is ${JSON.stringify(tf.locals.function_source_files)}; this reproduction follows ${expected}`);
  }
  const archive = tf.data.find((d) => d.type === "archive_file" && d.name === "source")?.body;
  if (!archive) throw new Error("data.archive_file.source is missing");
  const problems: string[] = [];
  if (archive.type !== "zip") problems.push(`type is ${JSON.stringify(archive.type)}, not "zip"`);
  for (const k of ["source_dir", "source_file", "source_content", "excludes", "source"]) if (archive[k] !== undefined) problems.push(`${k} is set: only the dynamic source blocks are reproduced`);
  // hcl2json: dynamic blocks are {dynamic: {<label>: [body]}}.
  const dynamic = (archive.dynamic ?? {}) as Body;
  const source = Object.keys(dynamic).length === 1 && blocks(dynamic, "source").length === 1 ? block(dynamic, "source") : undefined;
  if (!source) problems.push("expected exactly one dynamic \"source\" block");
  else {
    if (source.for_each !== "${local.function_source_files}") problems.push(`dynamic source iterates ${JSON.stringify(source.for_each)}`);
    const content = block(source, "content");
    if (content.filename !== "${source.value}") problems.push(`source filename is ${JSON.stringify(content.filename)}`);
    if (content.content !== '${file("${local.source_dir}/${source.value}")}') problems.push(`source content is ${JSON.stringify(content.content)}`);
  }
  const object = resource(tf, "google_storage_bucket_object", "source");
  if (object.source !== "${data.archive_file.source.output_path}") problems.push("the uploaded object is not the archive's output");
  if (problems.length) throw new Error(`data.archive_file.source: ${problems.join("; ")}`);
  return patterns as string[];
}

const GLOB_CHARS = /[*?[{]/;

/**
 * Terraform's `fileset(root, pattern)` for the forms the allowlist uses: a literal path, and globs
 * with `*` (no `/`), `?` and `**` (any number of directories, zero included). Regular files only,
 * relative names with `/`, dot files included (as doublestar matches them). Anything else (`[...]`,
 * `{a,b}`) is refused, so the reproduction never silently differs from Terraform.
 */
export function fileset(root: string, pattern: string): string[] {
  if (/[[{\\]/.test(pattern)) throw new Error(`fileset: pattern ${pattern} uses syntax this reproduction does not implement`);
  if (!GLOB_CHARS.test(pattern)) {
    const path = join(root, pattern);
    return existsSync(path) && statSync(path).isFile() ? [pattern] : [];
  }
  const firstGlob = pattern.search(GLOB_CHARS);
  const base = pattern.slice(0, pattern.lastIndexOf("/", firstGlob) + 1);
  const regex = new RegExp(
    "^" +
      pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => ({ "**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]" })[part] ?? part.replace(/[.+^$()|\]]/g, "\\$&"))
        .join("") +
      "$",
  );
  const out: string[] = [];
  const walk = (rel: string) => {
    const dir = join(root, rel);
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const name = rel + entry.name;
      if (entry.isDirectory()) walk(`${name}/`);
      else if (entry.isFile() && regex.test(name)) out.push(name);
    }
  };
  walk(base);
  return out.sort();
}

/** The union of `fileset(root, p)` over the patterns, sorted by byte order as the provider sorts names. */
export function functionSourceFiles(root: string, patterns: string[]): string[] {
  return [...new Set(patterns.flatMap((p) => fileset(root, p)))].sort(byteOrder);
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export interface ReadZipEntry extends ZipEntry {
  /** Unix mode from the external attributes (0 = none recorded). */
  mode: number;
  /** DOS time and date fields as stored (0 and 0 = no time recorded). */
  dosTime: number;
  dosDate: number;
  madeBy: number;
}

/** A zip of `entries` in the archive provider's `source`-block layout (see the file comment). */
export function writeZip(entries: ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => byteOrder(a.name, b.name));
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of sorted) {
    const nameBytes = Buffer.from(name, "utf8");
    if (!/^[\x20-\x7e]+$/.test(name)) throw new Error(`zip: ${name} is not a plain ASCII name`);
    const packed = deflateRawSync(data);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time: none
    local.writeUInt16LE(0, 12); // date: none
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0 (Go's Create)
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(0, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(0, 38); // external attributes: no mode
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/** Reads a zip (stored or deflated entries, no zip64), checking every entry's CRC. */
export function readZip(zip: Buffer): ReadZipEntry[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error("zip: no end of central directory");
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const out: ReadZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : method === 0 ? Buffer.from(packed) : undefined;
    if (!data) throw new Error(`zip: ${name} uses compression method ${method}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`zip: ${name} fails its CRC`);
    out.push({ name, data, mode: zip.readUInt32LE(at + 38) >>> 16, dosTime: zip.readUInt16LE(at + 12), dosDate: zip.readUInt16LE(at + 14), madeBy: zip.readUInt16LE(at + 4) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** The module's zip of the repository at `root`: the allowlisted files, read from disk. */
export function functionSourceZip(root: string, patterns: string[]): { files: string[]; zip: Buffer } {
  const files = functionSourceFiles(root, patterns);
  return { files, zip: writeZip(files.map((name) => ({ name, data: readFileSync(join(root, name)) }))) };
}
