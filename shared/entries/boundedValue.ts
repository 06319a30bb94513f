/**
 * Depth and size bounds on values that come from input (payloads), applied without recursion: a
 * payload nested 5,000 levels deep, or holding a million values, must not overflow the stack of a
 * recursive walk (messageOfJson, JSON.stringify, a renderer) nor cost unbounded memory downstream.
 */

type Obj = Record<string, unknown>;

const isPlainContainer = (v: unknown): v is Obj | unknown[] => {
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Whether `value` nests deeper than `maxDepth` or holds more than `maxValues` values (iterative walk, no copy). */
export function exceedsBounds(value: unknown, maxDepth: number, maxValues: number): boolean {
  if (!isPlainContainer(value)) return false;
  // Two parallel stacks, no tuples: this runs on every payload, so it allocates as little as it can.
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let count = 1;
  while (values.length) {
    const v = values.pop() as Obj | unknown[];
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    if (Array.isArray(v)) {
      count += v.length;
      if (count > maxValues) return true;
      for (const c of v) if (typeof c === "object" && c !== null && isPlainContainer(c)) (values.push(c), depths.push(depth + 1));
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (++count > maxValues) return true;
        const c = v[k];
        if (typeof c === "object" && c !== null && isPlainContainer(c)) (values.push(c), depths.push(depth + 1));
      }
    }
  }
  return false;
}

/**
 * A copy of `value` cut to `maxDepth` levels and `maxValues` values; what is cut is replaced by a
 * marker string that says so (so a reader of the worklog sees that something was left out).
 */
export function boundValue<T>(value: T, maxDepth: number, maxValues: number): T {
  if (!isPlainContainer(value)) return value;
  const deepMarker = `[cut: nested deeper than ${maxDepth} levels]`;
  const manyMarker = `[cut: more than ${maxValues} values]`;
  const root: Obj | unknown[] = Array.isArray(value) ? [] : {};
  const stack: Array<{ src: Obj | unknown[]; dst: Obj | unknown[]; depth: number }> = [{ src: value, dst: root, depth: 1 }];
  let count = 1;
  while (stack.length) {
    const { src, dst, depth } = stack.pop() as { src: Obj | unknown[]; dst: Obj | unknown[]; depth: number };
    const entries: Array<[string | number, unknown]> = Array.isArray(src) ? src.map((v, k) => [k, v]) : Object.entries(src);
    for (const [k, v] of entries) {
      let out: unknown = v;
      if (++count > maxValues) out = manyMarker;
      else if (isPlainContainer(v)) {
        if (depth >= maxDepth) out = deepMarker;
        else {
          const child: Obj | unknown[] = Array.isArray(v) ? [] : {};
          stack.push({ src: v, dst: child, depth: depth + 1 });
          out = child;
        }
      }
      setOwn(dst, k, out);
      if (count > maxValues) break;
    }
  }
  return root as T;
}

/** Assigns without invoking the `__proto__` setter (a JSON key named "__proto__" stays a plain key). */
function setOwn(dst: Obj | unknown[], key: string | number, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(dst, key, { value, enumerable: true, writable: true, configurable: true });
  else (dst as Obj)[key] = value;
}

/**
 * google.protobuf.Struct as the gRPC client may hand it over (`{fields: {k: {stringValue}}}`) turned
 * into the plain object it encodes, iteratively, to at most `maxDepth` levels.
 */
export function structToPlain(struct: Obj, maxDepth: number): Obj {
  const deepMarker = `[cut: nested deeper than ${maxDepth} levels]`;
  const root: Obj = {};
  const stack: Array<{ fields: Obj; dst: Obj | unknown[]; depth: number; list?: unknown[] }> = [{ fields: struct.fields as Obj, dst: root, depth: 1 }];
  while (stack.length) {
    const { fields, dst, depth, list } = stack.pop() as { fields: Obj; dst: Obj | unknown[]; depth: number; list?: unknown[] };
    const entries: Array<[string | number, unknown]> = list ? list.map((v, k) => [k, v]) : Object.entries(fields);
    for (const [k, v] of entries) {
      setOwn(dst, k, convert(v, depth));
    }
  }
  return root;

  function convert(v: unknown, depth: number): unknown {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const o = v as Obj;
    if ("stringValue" in o) return o.stringValue;
    if ("numberValue" in o) return o.numberValue;
    if ("boolValue" in o) return o.boolValue;
    if ("nullValue" in o) return null;
    const sv = o.structValue;
    if (typeof sv === "object" && sv !== null && !Array.isArray(sv)) {
      if (depth >= maxDepth) return deepMarker;
      const child: Obj = {};
      const f = (sv as Obj).fields;
      stack.push({ fields: typeof f === "object" && f !== null && !Array.isArray(f) ? (f as Obj) : {}, dst: child, depth: depth + 1 });
      return child;
    }
    const lv = o.listValue;
    if (typeof lv === "object" && lv !== null && !Array.isArray(lv)) {
      if (depth >= maxDepth) return deepMarker;
      const values = (lv as Obj).values;
      const child: unknown[] = [];
      stack.push({ fields: {}, dst: child, depth: depth + 1, list: Array.isArray(values) ? values : [] });
      return child;
    }
    return v;
  }
}
