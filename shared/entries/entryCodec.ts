import type { Entry, HttpRequestInfo, SkipReason } from "./entry.js";

/**
 * Normalised entries in a form that crosses to another thread cheaply (the threaded file reader, see
 * threadedExportRead.ts). The structured clone of an Entry costs about as much as JSON.parse of the
 * entry itself (every property is tagged and rebuilt), which would eat what a second thread saves. So
 * a batch becomes numbers in one Float64Array (transferred, not copied), the strings that differ
 * from entry to entry in one array, and what repeats (severity, log name, resource and instance
 * label maps, user agents) is sent once and named by a number afterwards. Payloads and other nested
 * values go through the structured clone as they are.
 *
 * decode(encode(items)) gives items equal to the originals, properties in the same order (tests
 * hold it to that on real exports). Label maps that repeat come back as one shared object per
 * distinct map: Entry's label maps are readonly, so nothing can tell.
 */
export interface EncodedBatch {
  /** Per item: a tag, then numbers, presence marks and table ids, in the order decode reads them. */
  nums: Float64Array;
  /** Strings sent as they are, in the order decode reads them. */
  strs: string[];
  /** Values sent through the structured clone (payloads, error groups, label maps not shared), in order. */
  objs: unknown[];
  /** Values new to the shared table, as [id, value, id, value, ...]: decode adds them before it reads. */
  defs: unknown[];
}

/**
 * Distinct strings and label maps the encoder shares by number over one read. Beyond it values are
 * sent as they are each time (correct, only slower), so a hostile export of all-distinct label maps
 * cannot grow either thread's table without bound.
 */
export const MAX_SHARED_VALUES = 16_384;

/**
 * Shared label maps kept per first value. A map is found among those that start with the same value,
 * compared one by one; maps whose first value is constant and whose later values never repeat
 * ({env: "prod", request_id: ...}) would make that search as long as the table. Past this many, a new
 * map with that first value is sent whole.
 */
export const MAX_MAPS_PER_FIRST_VALUE = 16;

/**
 * Numbers written per item at most, to size the batch's array: a tag, the time, 8 ids or marks of
 * the entry's own fields, the request's mark and its 7 (status and latency take two each), and 3
 * more of the entry's: 21. A write past a typed array's end would be dropped silently, so encode
 * checks that it stayed within.
 */
const MAX_NUMS_PER_ITEM = 21;

const ABSENT = -1;
/** An id of 0 means "not shared: the next value of strs (or objs)". */
const INLINE = 0;
const SKIP = 0;
const ENTRY = 1;

/** What a reader that normalises for the pass hands over: an entry, or a counted skip with its reason. */
export type NormalizedItem = { kind: "entry"; entry: Entry } | { kind: "skip"; reason: SkipReason; detail: string };

export type EntryEncoder = (items: readonly NormalizedItem[]) => EncodedBatch;
export type EntryDecoder = (batch: EncodedBatch) => NormalizedItem[];

/** An encoder for one read: its shared table lives as long as the read (pair it with one createEntryDecoder). */
export function createEntryEncoder(): EntryEncoder {
  const stringIds = new Map<string, number>();
  /** Shared label maps, by their first value; each candidate's keys and values, for an exact match. */
  const mapsByFirst = new Map<string, SharedMap[]>();
  let nextId = 1;
  /** The last shared value of each field (by slot) and its id; and the last shared map of each map field. */
  const lastShared: (string | undefined)[] = [];
  const lastSharedId: number[] = [];
  const lastMap: (SharedMap | undefined)[] = [];

  return (items) => {
    const nums = new Float64Array(items.length * MAX_NUMS_PER_ITEM);
    const strs: string[] = [];
    const objs: unknown[] = [];
    const defs: unknown[] = [];
    let p = 0;

    /** A string that repeats across entries: its id, defined once. `slot` is the field's place in lastShared. */
    const shared = (slot: number, s: string | undefined): void => {
      if (s === undefined) {
        nums[p++] = ABSENT;
        return;
      }
      // Entries come in runs of one service, revision and log: the field's last value usually matches.
      if (s === lastShared[slot]) {
        nums[p++] = lastSharedId[slot] as number;
        return;
      }
      let id = stringIds.get(s);
      if (id === undefined) {
        if (nextId > MAX_SHARED_VALUES) {
          nums[p++] = INLINE;
          strs.push(s);
          return;
        }
        id = nextId++;
        stringIds.set(s, id);
        defs.push(id, s);
      }
      lastShared[slot] = s;
      lastSharedId[slot] = id;
      nums[p++] = id;
    };
    /** A string that usually differs from entry to entry. */
    const own = (s: string | undefined): void => {
      if (s === undefined) nums[p++] = ABSENT;
      else {
        nums[p++] = INLINE;
        strs.push(s);
      }
    };
    const cloned = (v: unknown): void => {
      if (v === undefined) nums[p++] = ABSENT;
      else {
        nums[p++] = INLINE;
        objs.push(v);
      }
    };
    const number = (n: number | undefined): void => {
      if (n === undefined) nums[p++] = ABSENT;
      else {
        nums[p++] = 1;
        nums[p++] = n;
      }
    };
    const labelMap = (slot: number, m: Readonly<Record<string, string>>): void => {
      const last = lastMap[slot];
      if (last && sameMap(m, last)) {
        nums[p++] = last.id;
        return;
      }
      let first: string | undefined;
      let size = 0;
      for (const k in m) {
        if (size === 0) first = m[k];
        size++;
      }
      if (first === undefined) {
        // No keys (or a first value that is not a string, which a label map never holds): as it is.
        nums[p++] = INLINE;
        objs.push(m);
        return;
      }
      let candidates = mapsByFirst.get(first);
      if (candidates) {
        for (const c of candidates) {
          if (c.keys.length !== size || !sameMap(m, c)) continue;
          lastMap[slot] = c;
          nums[p++] = c.id;
          return;
        }
      }
      if (nextId > MAX_SHARED_VALUES || (candidates && candidates.length >= MAX_MAPS_PER_FIRST_VALUE)) {
        nums[p++] = INLINE;
        objs.push(m);
        return;
      }
      const keys: string[] = [];
      const values: string[] = [];
      for (const k in m) {
        keys.push(k);
        values.push(m[k] as string);
      }
      const id = nextId++;
      const known = { keys, values, id };
      if (!candidates) mapsByFirst.set(first, (candidates = []));
      candidates.push(known);
      lastMap[slot] = known;
      defs.push(id, m);
      nums[p++] = id;
    };

    for (const item of items) {
      if (item.kind === "skip") {
        nums[p++] = SKIP;
        strs.push(item.reason, item.detail);
        continue;
      }
      const e = item.entry;
      nums[p++] = ENTRY;
      strs.push(e.timestamp, e.message);
      nums[p++] = e.timeMs;
      shared(0, e.severity);
      shared(1, e.logName);
      shared(2, e.logId);
      shared(3, e.resourceType);
      labelMap(0, e.resourceLabels);
      labelMap(1, e.labels);
      shared(4, e.payloadKind);
      cloned(e.payload);
      const h = e.httpRequest;
      if (!h) nums[p++] = ABSENT;
      else {
        nums[p++] = 1;
        shared(5, h.method);
        own(h.url);
        number(h.status);
        number(h.latencyMs);
        shared(6, h.userAgent);
      }
      own(e.trace);
      own(e.insertId);
      cloned(e.errorGroups.length ? e.errorGroups : undefined);
    }
    if (p > nums.length) throw new Error(`entryCodec wrote ${p} numbers into room for ${nums.length}: MAX_NUMS_PER_ITEM is too small`);
    return { nums: nums.slice(0, p), strs, objs, defs };
  };
}

interface SharedMap {
  keys: string[];
  values: string[];
  id: number;
}

/** Whether label map `m` holds exactly the keys and values of `known`, in the same order. */
function sameMap(m: Readonly<Record<string, string>>, known: SharedMap): boolean {
  let i = 0;
  for (const k in m) {
    if (known.keys[i] !== k || known.values[i] !== m[k]) return false;
    i++;
  }
  return i === known.keys.length;
}

/** The errorGroups of entries without any, as normalizeEntry gives them: one frozen empty array. */
const NO_ERROR_GROUPS: readonly string[] = Object.freeze([]);

/** The decoder paired with one createEntryEncoder: it keeps the shared table the encoder's batches define. */
export function createEntryDecoder(): EntryDecoder {
  const table: unknown[] = [];
  return (batch) => {
    const { nums, strs, objs, defs } = batch;
    for (let i = 0; i < defs.length; i += 2) table[defs[i] as number] = defs[i + 1];
    let p = 0;
    let s = 0;
    let o = 0;
    const out: NormalizedItem[] = [];
    const shared = <T>(): T | undefined => {
      const id = nums[p++] as number;
      return (id === ABSENT ? undefined : id === INLINE ? strs[s++] : table[id]) as T | undefined;
    };
    const own = (): string | undefined => (nums[p++] === ABSENT ? undefined : strs[s++]);
    const cloned = <T>(): T | undefined => (nums[p++] === ABSENT ? undefined : (objs[o++] as T));
    const number = (): number | undefined => (nums[p++] === ABSENT ? undefined : nums[p++]);
    const labelMap = (): Readonly<Record<string, string>> => {
      const id = nums[p++] as number;
      return (id === INLINE ? objs[o++] : table[id]) as Readonly<Record<string, string>>;
    };

    while (p < nums.length) {
      if (nums[p++] === SKIP) {
        out.push({ kind: "skip", reason: strs[s++] as SkipReason, detail: strs[s++] as string });
        continue;
      }
      const timestamp = strs[s++] as string;
      const message = strs[s++] as string;
      const timeMs = nums[p++] as number;
      const severity = shared<Entry["severity"]>() as Entry["severity"];
      const logName = shared<string>() as string;
      const logId = shared<string>() as string;
      const resourceType = shared<string>() as string;
      const resourceLabels = labelMap();
      const labels = labelMap();
      const payloadKind = shared<Entry["payloadKind"]>() as Entry["payloadKind"];
      const payload = cloned<Record<string, unknown>>();
      let httpRequest: HttpRequestInfo | undefined;
      if (nums[p++] !== ABSENT) {
        httpRequest = {};
        const method = shared<string>();
        const url = own();
        const status = number();
        const latencyMs = number();
        const userAgent = shared<string>();
        if (method !== undefined) httpRequest.method = method;
        if (url !== undefined) httpRequest.url = url;
        if (status !== undefined) httpRequest.status = status;
        if (latencyMs !== undefined) httpRequest.latencyMs = latencyMs;
        if (userAgent !== undefined) httpRequest.userAgent = userAgent;
      }
      const trace = own();
      const insertId = own();
      const errorGroups = cloned<readonly string[]>() ?? NO_ERROR_GROUPS;
      // Properties in normalizeEntry's order, optional ones only when present, as it builds them.
      const entry: Entry = { timestamp, timeMs, severity, logName, logId, resourceType, resourceLabels, labels, message, payloadKind, errorGroups };
      if (payload !== undefined) entry.payload = payload;
      if (httpRequest) entry.httpRequest = httpRequest;
      if (trace !== undefined) entry.trace = trace;
      if (insertId !== undefined) entry.insertId = insertId;
      out.push({ kind: "entry", entry });
    }
    return out;
  };
}

/**
 * Every field of Entry and of HttpRequestInfo, for the compiler: a field added to either without a
 * line in the codec above fails the typecheck here instead of being dropped between threads.
 */
const ENTRY_FIELDS = ["timestamp", "timeMs", "severity", "logName", "logId", "resourceType", "resourceLabels", "labels", "message", "payloadKind", "payload", "httpRequest", "trace", "insertId", "errorGroups"] as const;
const HTTP_FIELDS = ["method", "url", "status", "latencyMs", "userAgent"] as const;
type Covers<Fields extends readonly string[], T> = Exclude<keyof T, Fields[number]> extends never ? true : false;
const covered: Covers<typeof ENTRY_FIELDS, Entry> & Covers<typeof HTTP_FIELDS, HttpRequestInfo> = true;
void covered;
