import { tokenize, type TokenizeCuts } from "./tokenize.js";

/** Tokens read from one message when masking it outside the miner (a template, a request's text). */
const MAX_TOKENS = 256;

/**
 * A message with its variables written `<*>`, exactly as the miner sees it before any merging:
 * named masks (numbers, uuids, IPs, hosts, paths, URLs, e-mails, hex, durations, quoted values),
 * JSON flattened to `key=value` words, runs of variables collapsed to one `<*>`.
 */
export function maskVariables(text: string, maxChars = 16 * 1024): string {
  const cuts: TokenizeCuts = { lineTooLong: false, tooManyTokens: false };
  return tokenize(text, MAX_TOKENS, maxChars, cuts).join(" ");
}
