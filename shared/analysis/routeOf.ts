/** Ids, not names: numbers, hex and UUIDs, anything with a run of 3+ digits, long tokens. Keeps "v1", "api2". */
function isIdSegment(seg: string): boolean {
  return /^\d+$/.test(seg) || /^[0-9a-f]{8,}(?:-[0-9a-f]+)*$/i.test(seg) || /\d{3,}/.test(seg) || (seg.length >= 24 && /\d/.test(seg));
}

/**
 * The route of a request URL: the path without query, with id-like segments written `<*>`: /users/123/orders/abc-uuid -> /users/<*>/orders/<*>.
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
    .map((seg) => (isIdSegment(seg) ? "<*>" : seg))
    .join("/");
  return masked || "/";
}
