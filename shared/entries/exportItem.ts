/** Why the reader could not hand on one item of an export; each is counted, the read goes on. */
export type ReadSkipReason = "invalid_json" | "invalid_yaml" | "not_an_object" | "too_large";

/** One item found in an export: a raw entry to normalise, or a counted skip with where it was. */
export type ExportItem = { kind: "value"; value: unknown } | { kind: "skip"; reason: ReadSkipReason; detail: string };
