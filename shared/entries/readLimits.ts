/**
 * Bounds that keep reading an export flat in memory and safe on hostile input, whatever its size or
 * shape. Each one says why it is where it is; what goes past one is counted, never dropped silently.
 */

/**
 * Largest single entry (or YAML document, or wrapper member before it is known to be a wrapper), in
 * characters. Cloud Logging refuses entries over 256 KB; pretty-printing, escapes and UTF-16 can make
 * that 3–4× longer in an export, so 2 Mi characters is 8× the largest real entry. A bigger one is
 * skipped (`too_large`) while the reader goes on, instead of being buffered without bound.
 */
export const MAX_ENTRY_CHARS = 2 * 1024 * 1024;

/**
 * How deep a payload may nest before the normaliser cuts it. Cloud Logging's own Struct decoding
 * stops at 100 levels (protobuf's recursion limit) and real payloads rarely pass 10; 64 keeps every
 * real payload whole while a 5,000-level one (hostile or generated) is cut, never walked recursively.
 */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * Values (objects, arrays, scalars) the normaliser copies out of one payload. A 256 KB entry holds at
 * most ~64k values; past this the rest of the payload is cut and marked, so one entry cannot cost
 * more than a few MB however it is built.
 */
export const MAX_PAYLOAD_VALUES = 100_000;

/**
 * Entries whose timestamp lies further in the future than this (relative to the pass's clock) are
 * skipped: Cloud Logging accepts entries up to a day ahead, and one entry dated year 3000 must not
 * stretch a window (and `latest.*`) to the year 3000.
 */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Recent entry ids remembered to drop duplicates (same insertId, timestamp and logName). An id is a
 * 64-bit hash in a half-full typed-array table, 16 bytes: 16 MB at this bound (a small pass allocates
 * kilobytes). The filter always remembers at least the last half of this many ids, whatever order
 * the input is in. An hour of one busy service at the
 * Cloud Logging read quota (60 pages of 1000 a minute) is 3.6M entries; one gardened service rarely
 * writes a tenth of that, so two overlapping hourly exports concatenated are deduplicated in full.
 */
export const DEDUPE_MAX_IDS = 1 << 20;

/** How many containers (objects inside objects) the export reader looks into for a wrapper's entries member. */
export const MAX_WRAPPER_DEPTH = 3;
