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
/**
 * `name.domain:port` whatever the domain, or a lower-case `name:port` (name of 4+ characters, so
 * that `pid:14` stays a key and its value) with a port of 2-5 digits.
 * No rule here may depend on the value of a digit, only on where digits are: the miner caches lines
 * by their shape (every digit read as 0).
 */
const HOST_PORT = /^(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*:\d{1,5}$|^[a-z][a-z0-9-]{3,}:\d{2,5}$/;
const NUMBER = /^[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:e[-+]?\d+)?%?$/i;

/**
 * The kind of variable a whole token is, or undefined when it reads as a constant word. One scan of
 * the characters decides which patterns can match at all; most tokens never reach a regex.
 */
export function maskKindOf(token: string): MaskKind | undefined {
  const n = token.length;
  if (n === 0) return undefined;
  const q = token.charCodeAt(0);
  if ((q === 34 || q === 39 || q === 96) && n >= 2 && token.charCodeAt(n - 1) === q) {
    const inner = token.slice(1, -1);
    return inner.length === 0 || maskKindOf(inner) ? "quoted" : undefined;
  }
  let digits = 0;
  let letters = 0;
  let nonHexLetters = 0;
  let dot = false;
  let colon = false;
  let slash = false;
  let at = false;
  let dash = false;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      letters++;
      if ((c | 32) > 102) nonHexLetters++;
    } else if (c === 46) dot = true;
    else if (c === 58) colon = true;
    else if (c === 47 || c === 92) slash = true;
    else if (c === 64) at = true;
    else if (c === 45) dash = true;
  }
  if (digits === n) return "number";
  if (digits > 0 && nonHexLetters <= 1 && NUMBER.test(token)) return "number";
  if (n === 36 && dash && UUID.test(token)) return "uuid";
  if (digits > 0 && (dot || colon) && (IPV4.test(token) || (colon && IPV6.test(token)))) return "ip";
  if (digits > 0 && letters > 0 && letters <= 4 && DURATION.test(token)) return "duration";
  if (slash && colon && URL.test(token)) return "url";
  if (at && EMAIL.test(token)) return "email";
  if (slash && PATH.test(token)) return "path";
  // A dotted name without a port (`www.example.com`, `org.apache.Foo`) is not told from a constant by
  // its shape: whether it varies is the miner's decision.
  if (colon && digits > 0 && HOST_PORT.test(token)) return "host";
  if (n >= 6 && digits > 0 && (nonHexLetters === 0 || (nonHexLetters === 1 && (token[1] === "x" || token[1] === "X"))) && HEX.test(token)) return "hex";
  return digits > 0 ? "mixed" : undefined;
}
