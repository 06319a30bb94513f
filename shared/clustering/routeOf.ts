import { maskKindOf, WILDCARD } from "./maskToken.js";

/** Path segments longer than this are ids or tokens, whatever their characters. */
const MAX_WORD_SEGMENT = 24;

/** API versions ("v1", "v2beta", "v1.2") are part of the route, not ids: /api/v1/x and /api/v2/x differ. */
const VERSION_SEGMENT = /^v\d{1,2}(?:\.\d{1,2})?(?:alpha|beta)?\d?$/;

/**
 * A build artefact's name: `index-542d7d8a….js`, `index.BxT3kL9a.css`, `main.8f3a2c1b.chunk.js`,
 * `_app-3f3c5b9e8b7a1c2d.js`: a name, a content hash (8+ characters with a digit, or mixed case as
 * bundlers' base64 hashes are), and extensions. The hash changes with every build.
 */
const HASHED_ASSET = /^([A-Za-z0-9_@~-]*?[A-Za-z_@~])([.-])([A-Za-z0-9_-]{8,})((?:\.[A-Za-z0-9]{1,8}){1,3})$/;
const HASH_LIKE = /\d|[a-z][A-Z]|[A-Z][a-z]*[A-Z]/;

/** `index-<*>.js` for a hashed asset name, so that a route survives the next deploy; undefined when the segment is not one. */
function maskAssetHash(segment: string): string | undefined {
  const m = HASHED_ASSET.exec(segment);
  if (!m || !HASH_LIKE.test(m[3] as string)) return undefined;
  return `${m[1]}${m[2]}${WILDCARD}${m[4]}`;
}

/**
 * Route template of a URL: the path only (no scheme, host, query or fragment), each id-like segment
 * (number, uuid, hash, anything with a digit, e-mail, very long token) written `<*>`, and the content
 * hash of a build artefact's name masked: `https://h/users/123/orders/5f2c...?x=1` -> `/users/<*>/orders/<*>`,
 * `/assets/index-BxT3kL9a.js` -> `/assets/index-<*>.js`.
 */
export function routeOf(url: string): string {
  // One request's URL is asked for three times in a row (request stats, its cluster's signature, the
  // instance timeline): the last answer is kept, so the template is computed once per request.
  if (url === lastUrl) return lastRoute;
  const route = routeTemplate(url);
  lastUrl = url;
  lastRoute = route;
  return route;
}

let lastUrl: string | undefined;
let lastRoute = "";

function routeTemplate(url: string): string {
  // The path: after scheme and host, before the query or fragment, at most MAX_PATH_CHARS; its
  // segments are read in place (no array of them per request).
  let start = 0;
  const scheme = url.indexOf("://");
  if (scheme >= 0) {
    const slash = url.indexOf("/", scheme + 3);
    if (slash < 0) return "/";
    start = slash;
  }
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const fragment = url.indexOf("#", start);
  if (fragment >= 0 && fragment < end) end = fragment;
  if (end - start > MAX_PATH_CHARS) end = start + MAX_PATH_CHARS;
  let route = "";
  for (let i = start; ; ) {
    let j = url.indexOf("/", i);
    if (j < 0 || j > end) j = end;
    route += i === start ? segmentTemplate(url.slice(i, j)) : `/${segmentTemplate(url.slice(i, j))}`;
    if (j >= end) break;
    i = j + 1;
  }
  return route.startsWith("/") ? route : `/${route}`;
}

/** Longer paths are cut: what follows is ids and tokens, and it must not make the route unbounded. */
const MAX_PATH_CHARS = 2048;

/**
 * Words segmentTemplate has seen kept as written: an API's words ("api", "v1", "orders") come back on
 * every request. Ids (masked) are not remembered (they rarely come back and would only churn the
 * memo), nor are segments longer than MAX_KNOWN_SEGMENT_CHARS; the memo is emptied when full (a
 * bound, not an LRU: at most ~1 MB).
 */
const MAX_KNOWN_SEGMENTS = 4096;
const MAX_KNOWN_SEGMENT_CHARS = 64;
const knownSegments = new Map<string, string>();

/** One path segment as written in a route (a pure function of the segment: short words are remembered). */
function segmentTemplate(seg: string): string {
  if (seg === "") return seg;
  if (seg.length > MAX_KNOWN_SEGMENT_CHARS) return segmentOf(seg);
  const known = knownSegments.get(seg);
  if (known !== undefined) return known;
  const t = segmentOf(seg);
  if (t !== seg) return t;
  if (knownSegments.size >= MAX_KNOWN_SEGMENTS) knownSegments.clear();
  knownSegments.set(seg, t);
  return t;
}

function segmentOf(seg: string): string {
  let s = seg;
  // Without a %-escape there is nothing to decode (decodeURIComponent would return the same text).
  if (seg.includes("%")) {
    try {
      s = decodeURIComponent(seg);
    } catch (err) {
      if (!(err instanceof URIError)) throw err; // a stray % is kept as written
    }
  }
  // Each regular expression only where it can match (an id is neither): a version starts with "v",
  // an asset name has an extension.
  if (s.charCodeAt(0) === 118 && VERSION_SEGMENT.test(s)) return seg;
  const asset = s.includes(".") ? maskAssetHash(s) : undefined;
  if (asset) return asset;
  return s.length > MAX_WORD_SEGMENT || maskKindOf(s) ? WILDCARD : seg;
}
