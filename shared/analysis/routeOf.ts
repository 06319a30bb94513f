/**
 * The route of a request URL: the path without query, with id-like segments (anything holding a digit,
 * or long hex/base64-ish tokens) written `<*>`: /users/123/orders/abc-uuid -> /users/<*>/orders/<*>.
 */
export function routeOf(url: string): string {
  let path = url;
  const scheme = url.indexOf("://");
  if (scheme >= 0) {
    const slash = url.indexOf("/", scheme + 3);
    path = slash >= 0 ? url.slice(slash) : "/";
  }
  path = path.split(/[?#]/)[0] ?? "/";
  const masked = path
    .split("/")
    .map((seg) => (seg.length > 0 && (/\d/.test(seg) || seg.length >= 24) ? "<*>" : seg))
    .join("/");
  return masked || "/";
}
