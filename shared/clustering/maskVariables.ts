/** Variable parts of a message, replaced by `<*>` so that messages differing only in them share a key. */
const MASKS: ReadonlyArray<RegExp> = [
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /\b(?:0x)?[0-9a-f]*\d[0-9a-f]*\b(?=[^a-z]|$)/gi,
  /\b\d+(?:\.\d+)?(?:ms|s|m|h|MiB|MB|KB|GiB|GB|%)?\b/g,
];

export function maskVariables(text: string): string {
  let out = text;
  for (const re of MASKS) out = out.replace(re, "<*>");
  return out.replace(/(?:<\*>[\s,:./-]*){2,}<\*>/g, "<*>");
}
