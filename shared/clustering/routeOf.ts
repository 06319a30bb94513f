import { maskKindOf, WILDCARD } from "./maskToken.js";

/** Path segments longer than this are ids or tokens, whatever their characters. */
const MAX_WORD_SEGMENT = 24;

/** API versions ("v1", "v2beta", "v1.2") are part of the route, not ids: /api/v1/x and /api/v2/x differ. */
const VERSION_SEGMENT = /^v\d{1,2}(?:\.\d{1,2})?(?:alpha|beta)?\d?$/;

/**
 * Route template of a URL: the path only (no scheme, host, query or fragment), each id-like segment
 * (number, uuid, hash, anything with a digit, e-mail, very long token) written `<*>`:
 * `https://h/users/123/orders/5f2c...?x=1` -> `/users/<*>/orders/<*>`.
 */
export function routeOf(url: string): string {
  let path = url;
  const scheme = url.indexOf("://");
  if (scheme >= 0) {
    const slash = url.indexOf("/", scheme + 3);
    path = slash >= 0 ? url.slice(slash) : "/";
  }
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  if (path.length > 2048) path = path.slice(0, 2048);
  const segments = path.split("/").map((seg) => {
    if (seg === "") return seg;
    let s = seg;
    try {
      s = decodeURIComponent(seg);
    } catch (err) {
      if (!(err instanceof URIError)) throw err; // a stray % is kept as written
    }
    return VERSION_SEGMENT.test(s) ? seg : s.length > MAX_WORD_SEGMENT || maskKindOf(s) ? WILDCARD : seg;
  });
  const route = segments.join("/");
  return route.startsWith("/") ? route : `/${route}`;
}
