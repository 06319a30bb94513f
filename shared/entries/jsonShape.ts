/** What the JSON of an export looked like, for the worklog's source line. */
export interface JsonShape {
  /** Top-level arrays (more than one: exports concatenated). */
  arrays: number;
  /** Top-level objects read as entries, each on one line (NDJSON). */
  lineObjects: number;
  /** Top-level objects read as entries, each over several lines (concatenated pretty-printed output). */
  prettyObjects: number;
  /** Objects that held the entries in a member (REST `entries:list` pages, API envelopes), by member path. */
  wrappers: Record<string, { objects: number; entries: number }>;
  /** Objects with no entries at all: `{}` (an empty `entries:list` page) or an empty member array. */
  emptyPages: number;
  /** Whether the last page had a `nextPageToken`, i.e. the listing went on beyond this input. */
  lastPageToken: boolean;
}

/** "a JSON array", "3 JSON arrays one after another", "REST entries:list response, 2 pages", … */
export function describeJsonShape(s: JsonShape): string {
  const parts: string[] = [];
  if (s.arrays) parts.push(s.arrays === 1 ? "a JSON array" : `${s.arrays} JSON arrays one after another`);
  if (s.lineObjects) parts.push(`${s.lineObjects} JSON object${s.lineObjects === 1 ? "" : "s"} one per line (NDJSON)`);
  if (s.prettyObjects) parts.push(`${s.prettyObjects} pretty-printed JSON object${s.prettyObjects === 1 ? "" : "s"} one after another`);
  for (const [path, w] of Object.entries(s.wrappers)) {
    const pages = `${w.objects} ${w.objects === 1 ? "page" : "pages"}`;
    parts.push(
      path === "entries"
        ? `REST entries:list response (${pages}, ${w.entries} entries in member "entries")`
        : `${w.objects === 1 ? "an object" : `${w.objects} objects`} holding the entries in member "${path}" (${w.entries} entries)`,
    );
  }
  if (s.emptyPages) parts.push(`${s.emptyPages} of the pages empty`);
  if (s.lastPageToken) parts.push("the last page has a nextPageToken: the listing went on beyond this input");
  return parts.length ? parts.join("; ") : "no JSON values";
}
