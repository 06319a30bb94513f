/**
 * The same text as other layers would show it decoded: percent-encoding (once and twice, as in a URL
 * inside a URL), backslash escapes (JSON `\u0040`, `\"`, `\/`; `\x40`), HTML character references,
 * the text as a reader sees it (invisible characters and colour codes left out), and full-width forms
 * as ASCII.
 * Each view keeps a map from its positions back to the original, so a secret found decoded is
 * redacted where it stands encoded.
 */
export interface DecodedView {
  text: string;
  /** map[i] = position in the original of view character i; map[text.length] = the original length. */
  map: number[];
}

type Decoder = (s: string, i: number) => { ch: string; len: number } | undefined;

const percent: Decoder = (s, i) => {
  if (s[i] !== "%") return undefined;
  const h = s.slice(i + 1, i + 3);
  return /^[0-9A-Fa-f]{2}$/.test(h) ? { ch: String.fromCharCode(parseInt(h, 16)), len: 3 } : undefined;
};

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "'": "'", "/": "/", "\\": "\\", b: "\b", f: "\f" };
const backslash: Decoder = (s, i) => {
  if (s[i] !== "\\") return undefined;
  const c = s[i + 1];
  if (c === undefined) return undefined;
  if (c === "u") {
    const h = s.slice(i + 2, i + 6);
    return /^[0-9A-Fa-f]{4}$/.test(h) ? { ch: String.fromCharCode(parseInt(h, 16)), len: 6 } : undefined;
  }
  if (c === "x") {
    const h = s.slice(i + 2, i + 4);
    return /^[0-9A-Fa-f]{2}$/.test(h) ? { ch: String.fromCharCode(parseInt(h, 16)), len: 4 } : undefined;
  }
  const simple = SIMPLE_ESCAPES[c];
  return simple !== undefined ? { ch: simple, len: 2 } : undefined;
};

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", commat: "@", colon: ":", sol: "/", period: ".", equals: "=", nbsp: " " };
const html: Decoder = (s, i) => {
  if (s[i] !== "&") return undefined;
  const m = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));/.exec(s.slice(i, i + 12));
  if (!m) return undefined;
  const cp = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : undefined;
  const ch = cp !== undefined ? (cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined) : NAMED[(m[3] as string).toLowerCase()];
  return ch === undefined ? undefined : { ch, len: m[0].length };
};

/**
 * Characters a reader does not see (zero-width, soft hyphen, bidi controls, word joiner, BOM, tag
 * characters) and terminal colour codes: a token printed with one inside reads whole on a screen and
 * in a worklog's escapes, so it is judged as if they were not there.
 */
const INVISIBLE_CHARS = "[\\u00ad\\u034f\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]|\\udb40[\\udc00-\\udc7f]|\\u001b\\[[0-9;]*[A-Za-z]";
const INVISIBLE = new RegExp(INVISIBLE_CHARS, "y");
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS);
const invisible: Decoder = (s, i) => {
  INVISIBLE.lastIndex = i;
  const m = INVISIBLE.exec(s);
  return m ? { ch: "", len: m[0].length } : undefined;
};

/**
 * Full-width forms (U+FF01 to U+FF5E, and the ideographic space) as their ASCII letters: Chinese and
 * Japanese text writes `password＝…` and `パスワード：…` with them, and the names and values read the same.
 */
const HAS_FULLWIDTH = /[\uff01-\uff5e\u3000]/;
const fullwidth: Decoder = (s, i) => {
  const c = s.charCodeAt(i);
  if (c === 0x3000) return { ch: " ", len: 1 };
  return c >= 0xff01 && c <= 0xff5e ? { ch: String.fromCharCode(c - 0xfee0), len: 1 } : undefined;
};

function decode(view: DecodedView, decoder: Decoder): DecodedView | undefined {
  const s = view.text;
  let out = "";
  const map: number[] = [];
  let changed = false;
  for (let i = 0; i < s.length; ) {
    const d = decoder(s, i);
    if (d) {
      for (let k = 0; k < d.ch.length; k++) map.push(view.map[i] as number);
      out += d.ch;
      i += d.len;
      changed = true;
    } else {
      map.push(view.map[i] as number);
      out += s[i];
      i++;
    }
  }
  map.push(view.map[s.length] as number);
  return changed ? { text: out, map } : undefined;
}

/** The decoded views of `text` that differ from it (none for plain text). */
export function decodedViews(text: string): DecodedView[] {
  const hasPercent = /%[0-9A-Fa-f]{2}/.test(text);
  const hasBackslash = /\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|["'/\\nrt])/.test(text);
  const hasEntity = /&#?[A-Za-z0-9]{2,8};/.test(text);
  const hasInvisible = HAS_INVISIBLE.test(text);
  const hasFullwidth = HAS_FULLWIDTH.test(text);
  if (!hasPercent && !hasBackslash && !hasEntity && !hasInvisible && !hasFullwidth) return [];
  const identity: DecodedView = { text, map: Array.from({ length: text.length + 1 }, (_, i) => i) };
  const views: DecodedView[] = [];
  const add = (v: DecodedView | undefined) => {
    if (v) views.push(v);
    return v;
  };
  if (hasPercent) {
    const once = add(decode(identity, percent));
    if (once && /%[0-9A-Fa-f]{2}/.test(once.text)) add(decode(once, percent));
  }
  if (hasBackslash) {
    const b = add(decode(identity, backslash));
    if (b && /%[0-9A-Fa-f]{2}/.test(b.text)) add(decode(b, percent));
  }
  if (hasEntity) add(decode(identity, html));
  if (hasInvisible) add(decode(identity, invisible));
  if (hasFullwidth) add(decode(identity, fullwidth));
  return views;
}
