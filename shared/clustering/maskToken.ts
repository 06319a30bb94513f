/**
 * Named masks for the variable parts of a message. Each mask has a name (for people and tests) but
 * every mask is written `<*>` and compares equal to every other: a number in one message and a uuid
 * in the next, at the same place, are the same variable.
 */
export const MASK_KINDS = ["uuid", "ip", "url", "email", "path", "host", "hex", "duration", "number", "quoted", "mixed"] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export const WILDCARD = "<*>";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const PATH = /^(?:[a-z]:|\.{1,2})?[\\/][^\\/\s]+(?:[\\/]\S*)?$/i;
const HEX = /^(?:0x[0-9a-f]+|[0-9a-f]*[0-9][0-9a-f]*[a-f][0-9a-f]*|[0-9a-f]*[a-f][0-9a-f]*[0-9][0-9a-f]*)$/i;
const DURATION = /^-?\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|m|min|mins|h|d)$/i;
/** A dotted host name ending in a common top-level domain, with an optional port (`www.example.com:443`). */
const HOST = /^(?:[a-z0-9-]+\.)+(?:com|net|org|edu|gov|mil|int|io|dev|app|cloud|info|biz|co|us|uk|de|fr|nl|se|ch|es|it|pl|ru|cn|hk|tw|jp|kr|in|br|au|ca|eu|me|tv|cc|ly|ai|internal|local|localdomain|lan)(?::\d{1,5})?$/i;
/** `name.domain:port` whatever the domain, or `name:port` on a well-known port. */
const HOST_PORT = /^(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*:\d{1,5}$|^[a-z][a-z0-9-]*:(?:80|443|8080|8443|21|22|25|53|1080|3128)$/i;
const NUMBER = /^[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:e[-+]?\d+)?%?$/i;

/** The kind of variable a whole token is, or undefined when it reads as a constant word. */
export function maskKindOf(token: string): MaskKind | undefined {
  if (token.length === 0) return undefined;
  const q = token[0];
  if ((q === '"' || q === "'" || q === "`") && token.length >= 2 && token[token.length - 1] === q) {
    const inner = token.slice(1, -1);
    return inner.length === 0 || maskKindOf(inner) ? "quoted" : undefined;
  }
  if (NUMBER.test(token)) return "number";
  if (UUID.test(token)) return "uuid";
  if (IPV4.test(token) || (token.includes("::") || /^[0-9a-f]{1,4}:[0-9a-f]{1,4}:/i.test(token) ? IPV6.test(token) : false)) return "ip";
  if (DURATION.test(token)) return "duration";
  if (URL.test(token)) return "url";
  if (EMAIL.test(token)) return "email";
  if (PATH.test(token)) return "path";
  if ((token.includes(".") && HOST.test(token)) || HOST_PORT.test(token)) return "host";
  if (token.length >= 6 && HEX.test(token)) return "hex";
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return "mixed";
  }
  return undefined;
}
