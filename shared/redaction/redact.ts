/**
 * Secrets and personal data that must never reach a worklog or an issue. Each rule replaces the match
 * with a label naming what was there, so a reader still knows a token or an address was involved.
 * Order matters: multi-line and structured secrets first, then tokens, then personal data.
 */
const RULES: ReadonlyArray<readonly [RegExp, string | ((m: string, ...g: string[]) => string)]> = [
  // PEM and PGP private keys, also with JSON-escaped line breaks (a service account key in a log line);
  // an unterminated key (a cut-off line) is redacted to the end of the text.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, "[REDACTED private key]"],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:Bearer|Basic|Token|Digest|Bot)?\s*(?!\[REDACTED)[^\s"',;]+/gi, (_m, h, sep) => `${h}${sep}[REDACTED credentials]`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, (_m, scheme) => `${scheme} [REDACTED credentials]`],
  [/\b((?:set-)?cookie)(["']?\s*[:=]\s*["']?)[^\n"']*/gi, (_m, h, sep) => `${h}${sep}[REDACTED cookie]`],
  [/\b(x-(?:api-key|auth-token|amz-security-token|goog-api-key|csrf-token|xsrf-token))(["']?\s*[:=]\s*["']?)(?!\[REDACTED)[^\s"',;]+/gi, (_m, h, sep) => `${h}${sep}[REDACTED credentials]`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[REDACTED jwt]"],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}\b|\bv1\.[0-9a-f]{40}\b/g, "[REDACTED github token]"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, "[REDACTED gitlab token]"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "[REDACTED google api key]"],
  [/\bya29\.[0-9A-Za-z_-]{20,}/g, "[REDACTED google oauth token]"],
  [/(?<![A-Za-z0-9])1\/\/0[0-9A-Za-z_-]{30,}/g, "[REDACTED google refresh token]"],
  [/\bGOCSPX-[0-9A-Za-z_-]{20,}/g, "[REDACTED google client secret]"],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, "[REDACTED aws key]"],
  // An AWS secret key has no prefix: recognise it by the name it is given.
  [/\b(aws_?secret_?access_?key|secretAccessKey)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}\b/gi, (_m, k, sep) => `${k}${sep}[REDACTED aws secret]`],
  [/\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9-]{10,}/g, "[REDACTED slack token]"],
  [/https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g, "[REDACTED slack webhook]"],
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b|\bwhsec_[A-Za-z0-9]{24,}\b/g, "[REDACTED stripe key]"],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g, "[REDACTED api key]"],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g, "[REDACTED sendgrid key]"],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, "[REDACTED npm token]"],
  // scheme://user:password@host -> keep the user and host, drop the password
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):([^\s@/]+)@/gi, (_m, pre) => `${pre}:[REDACTED]@`],
  // key=value and "key": "value" for secret-looking keys
  [
    /\b((?:[a-z0-9_-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|session[_-]?id|credentials?))["']?\s*[:=]\s*["']?)(?!\[REDACTED)([^\s"',;&}]{3,})/gi,
    (_m, pre) => `${pre}[REDACTED]`,
  ],
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b/g, "[REDACTED email]"],
  // Payment card numbers: 13-19 digits starting 3-6 (card networks; epoch milliseconds start with 1),
  // spaces or dashes allowed, that pass the Luhn check.
  [/\b[3-6]\d(?:[ -]?\d){11,17}\b/g, (m) => (luhnValid(m.replace(/\D/g, "")) ? "[REDACTED card number]" : m)],
  [/\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g, "[REDACTED ip]"],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}\b/gi, "[REDACTED ip]"],
];

/** Returns `text` with secrets and personal data replaced by labels. Pure; safe on any string. */
export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as string);
  return out;
}

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
