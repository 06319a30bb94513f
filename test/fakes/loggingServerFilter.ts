/**
 * The part of the Cloud Logging query language the fake needs to honour the filters the gardener
 * sends: comparisons (= != < <= > >= : =~ !~, a leading (?i) in a regular expression) on dotted field
 * paths (a segment may be quoted: labels."k8s-pod/app"), AND / OR / NOT with the API's
 * precedence (NOT > OR > AND), parentheses, implicit AND between terms. Evaluated on entries in the
 * REST shape. Anything else is a syntax error, so a filter the fake does not understand fails loudly.
 */
type Token = { t: "(" | ")" } | { t: "op"; v: string } | { t: "str"; v: string } | { t: "word"; v: string };
type Node =
  | { k: "and" | "or"; parts: Node[] }
  | { k: "not"; part: Node }
  | { k: "cmp"; field: string; op: string; value: string };

const SEVERITY_RANK: Record<string, number> = {
  DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800,
};

function tokenize(filter: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")") { out.push({ t: c }); i++; continue; }
    const op = /^(>=|<=|!=|=~|!~|=|<|>|:)/.exec(filter.slice(i, i + 2));
    if (op) { out.push({ t: "op", v: op[1] as string }); i += (op[1] as string).length; continue; }
    if (c === '"') {
      let v = "";
      i++;
      while (i < filter.length && filter[i] !== '"') {
        if (filter[i] === "\\") i++;
        v += filter[i] ?? "";
        i++;
      }
      if (filter[i] !== '"') throw new Error(`unterminated string in filter at ${i}`);
      i++;
      out.push({ t: "str", v });
      continue;
    }
    const w = /^[^\s()"=<>!:~]+/.exec(filter.slice(i));
    if (!w) throw new Error(`unexpected ${JSON.stringify(c)} in filter at ${i}`);
    out.push({ t: "word", v: w[0] });
    i += w[0].length;
  }
  return out;
}

export function parseFilter(filter: string): Node {
  const tokens = tokenize(filter);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (v: string) => { const t = peek(); return t?.t === "word" && t.v === v; };
  function andExpr(): Node {
    const parts = [orExpr()];
    while (pos < tokens.length && peek()?.t !== ")") {
      if (isWord("AND")) pos++;
      parts.push(orExpr());
    }
    return parts.length === 1 ? (parts[0] as Node) : { k: "and", parts };
  }
  function orExpr(): Node {
    const parts = [unary()];
    while (isWord("OR")) { pos++; parts.push(unary()); }
    return parts.length === 1 ? (parts[0] as Node) : { k: "or", parts };
  }
  function unary(): Node {
    if (isWord("NOT")) { pos++; return { k: "not", part: unary() }; }
    const t = tokens[pos++];
    if (!t) throw new Error("filter ends early");
    if (t.t === "(") {
      const inner = andExpr();
      if (tokens[pos++]?.t !== ")") throw new Error("missing ) in filter");
      return inner;
    }
    if (t.t !== "word") throw new Error(`expected a field, got ${JSON.stringify(t)}`);
    // A quoted path segment (labels."k8s-pod/app") is one key, dots and slashes included.
    let field = t.v;
    while (field.endsWith(".") && peek()?.t === "str") field += `"${(tokens[pos++] as { v: string }).v}"`;
    const op = tokens[pos++];
    const value = tokens[pos++];
    if (op?.t !== "op" || !value || (value.t !== "str" && value.t !== "word")) throw new Error(`bad comparison after ${t.v}`);
    return { k: "cmp", field, op: op.v, value: value.v };
  }
  const node = andExpr();
  if (pos !== tokens.length) throw new Error(`unexpected ${JSON.stringify(tokens[pos])} in filter`);
  return node;
}

/** `a.b."c.d/e"` -> ["a", "b", "c.d/e"]. */
function segments(path: string): string[] {
  return [...path.matchAll(/"([^"]*)"|([^.]+)/g)].map((m) => (m[1] ?? m[2]) as string);
}

function lookup(entry: Record<string, unknown>, path: string): unknown {
  let v: unknown = entry;
  for (const part of segments(path)) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const regexCache = new Map<string, RegExp>();

function compare(node: Extract<Node, { k: "cmp" }>, entry: Record<string, unknown>): boolean {
  const raw = lookup(entry, node.field);
  if (node.field === "severity") {
    const have = SEVERITY_RANK[typeof raw === "string" ? raw : "DEFAULT"] ?? 0;
    const want = SEVERITY_RANK[node.value.toUpperCase()];
    if (want === undefined) throw new Error(`unknown severity ${node.value}`);
    return compareValues(have, want, node.op);
  }
  if (raw === undefined || raw === null) return false;
  if (node.field === "timestamp" || node.field === "receiveTimestamp") {
    return compareValues(Date.parse(String(raw)), Date.parse(node.value), node.op);
  }
  const text = typeof raw === "object" ? JSON.stringify(raw) : String(raw);
  switch (node.op) {
    case ":": return text.toLowerCase().includes(node.value.toLowerCase());
    case "=~":
    case "!~": {
      let re = regexCache.get(node.value);
      // RE2's leading (?i) is JavaScript's "i" flag.
      const caseless = node.value.startsWith("(?i)");
      if (!re) regexCache.set(node.value, (re = new RegExp(caseless ? node.value.slice(4) : node.value, caseless ? "i" : "")));
      return re.test(text) === (node.op === "=~");
    }
    default: return compareValues(text, node.value, node.op);
  }
}

/** A comparison of the query language, on numbers (severities, times) or strings alike. */
function compareValues<T extends number | string>(a: T, b: T, op: string): boolean {
  switch (op) {
    case "=": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    default: throw new Error(`operator ${op} is not a comparison`);
  }
}

export function matches(node: Node, entry: Record<string, unknown>): boolean {
  switch (node.k) {
    case "and": return node.parts.every((p) => matches(p, entry));
    case "or": return node.parts.some((p) => matches(p, entry));
    case "not": return !matches(node.part, entry);
    case "cmp": return compare(node, entry);
  }
}

export type ParsedFilter = Node;
