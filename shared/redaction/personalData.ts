import { regexSpans, type Span } from "./span.js";

/**
 * Personal data: email addresses, IPv4 and IPv6 addresses (every written form: compressed, bracketed,
 * with a zone, IPv4-mapped; URL-encoded and escaped forms are decoded by decodedViews.ts first) and
 * payment card numbers that pass the Luhn check.
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** Four octets, not part of a longer dotted number (a version like 1.2.3.4.5). */
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d)`, "g");
const H = "[0-9A-Fa-f]{1,4}";
const V4 = `${OCTET}(?:\\.${OCTET}){3}`;
/** RFC 4291 text forms, longest alternatives first; an optional %zone. */
const IPV6 = new RegExp(
  `(?<![0-9A-Za-z:.])(?:` +
    [
      `(?:${H}:){7}${H}`,
      `(?:${H}:){1,7}:`,
      `(?:${H}:){1,6}:${H}`,
      `(?:${H}:){1,5}(?::${H}){1,2}`,
      `(?:${H}:){1,4}(?::${H}){1,3}`,
      `(?:${H}:){1,3}(?::${H}){1,4}`,
      `(?:${H}:){1,2}(?::${H}){1,5}`,
      `${H}:(?::${H}){1,6}`,
      `::(?:ffff(?::0{1,4})?:)?${V4}`,
      `(?:${H}:){1,4}:${V4}`,
      `:(?::${H}){1,7}`,
    ].join("|") +
    `)(?:%[0-9A-Za-z]{1,15})?(?![0-9A-Za-z:])`,
  "g",
);
/** 13 to 19 digits, spaces or dashes between groups, starting as card networks do (2-series to 6). */
const CARD = /(?<![\d-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d-])/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** An IPv6 candidate that is really a time (`12:30::`) or too short to be an address. */
function plausibleIpv6(s: string): boolean {
  const groups = s.split(/::?/).filter(Boolean).length;
  return s.includes("::") ? s.length >= 3 : groups === 8 || /\./.test(s);
}

/**
 * Addresses that say nothing about anyone: "any" and loopback (a server printing where it listens).
 * Every email goes, service accounts too: audit entries name the deploying account, and a
 * user-managed account's name can be a person's.
 */
const NOT_PERSONAL_IP = /^(?:0\.0\.0\.0|127\.\d+\.\d+\.\d+|::1?)$/;

/** Text just before a URL's password: `scheme://user:` (the user may be empty). */
const URL_USERINFO = /[a-z][a-z0-9+.-]{1,31}:\/\/[^\s/@:"'<>]*:$/i;

/** Spans of personal data in `text`. */
export function personalDataSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const e of regexSpans(text, EMAIL, "email")) {
    // `scheme://user:PASSWORD@host.domain/…` reads as an email; it is a password and a host. The
    // password goes, the host (which database, which cluster) stays.
    const at = text.indexOf("@", e.start);
    out.push(URL_USERINFO.test(text.slice(Math.max(0, e.start - 300), e.start)) ? { start: e.start, end: at, label: "password" } : e);
  }
  out.push(...regexSpans(text, IPV4, (m) => (NOT_PERSONAL_IP.test(m[0]) ? undefined : "ip")));
  out.push(...regexSpans(text, IPV6, (m) => (plausibleIpv6(m[0]) && !NOT_PERSONAL_IP.test(m[0]) ? "ip" : undefined)));
  out.push(
    ...regexSpans(text, CARD, (m) => {
      const digits = m[0].replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? "card number" : undefined;
    }),
  );
  return out;
}
