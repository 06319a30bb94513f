/**
 * Secrets and personal data that must never reach a worklog or an issue. Each rule replaces the match
 * with a label naming what was there, so a reader still knows a token or an address was involved.
 * Order matters: multi-line and structured secrets first, then tokens, then personal data.
 */
const RULES: ReadonlyArray<readonly [RegExp, string | ((m: string, ...g: string[]) => string)]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, "[REDACTED private key]"],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:Bearer|Basic|Token|Digest|Bot)?\s*[^\s"',;]+/gi, (_m, h, sep) => `${h}${sep}[REDACTED credentials]`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, (_m, scheme) => `${scheme} [REDACTED credentials]`],
  [/\b((?:set-)?cookie)(["']?\s*[:=]\s*["']?)[^\n"']*/gi, (_m, h, sep) => `${h}${sep}[REDACTED cookie]`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[REDACTED jwt]"],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}\b/g, "[REDACTED github token]"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, "[REDACTED gitlab token]"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "[REDACTED google api key]"],
  [/\bya29\.[0-9A-Za-z_-]{20,}/g, "[REDACTED google oauth token]"],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, "[REDACTED aws key]"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, "[REDACTED slack token]"],
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, "[REDACTED stripe key]"],
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
  [/\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g, "[REDACTED ip]"],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}\b/gi, "[REDACTED ip]"],
];

/** Returns `text` with secrets and personal data replaced by labels. Pure; safe on any string. */
export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as string);
  return out;
}
