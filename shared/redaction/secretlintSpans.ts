import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { Span } from "./span.js";

/**
 * secretlint's recommended rule set (AWS, GCP, GitHub, Slack, npm, SendGrid, Shopify, OpenAI,
 * Anthropic, Linear, 1Password, private keys, basic auth, database connection strings, …), maintained
 * upstream, run synchronously over one text. Its core runs rules through promises; our redaction runs
 * inside pure synchronous code, so this drives each rule's `file` handler directly with a minimal
 * context. Every rule of the preset reports synchronously (the P12 file check needs a file path and
 * never runs on log text); test/redaction/secretlintDriver.test.ts checks that this driver finds what
 * secretlint's own `lintSource` finds on the leak corpus.
 */

interface Report {
  range: readonly [number, number];
}
interface RuleContext {
  sharedOptions: Record<string, unknown>;
  createTranslator: (messages: unknown) => (id: string, data?: unknown) => { message: string; messageId: string; data?: unknown };
  report(descriptor: Report): void;
  ignore(descriptor: unknown): void;
}
interface RuleCreator {
  meta: { id: string };
  create(context: RuleContext, options: Record<string, unknown>): { file?: (source: unknown) => unknown };
}

/**
 * Left out: the comment-directive rule (log text must not be able to switch detection off), and the
 * connection-string and basic-auth rules, which report a whole URL (scheme, user and most of the host:
 * `[REDACTED basicauth secret].example/v2/_catalog`) where keywordValues.ts redacts only its password
 * (for every scheme), keeping the host and database an engineer needs.
 */
const SKIPPED_RULES = new Set([
  "@secretlint/secretlint-rule-filter-comments",
  "@secretlint/secretlint-rule-database-connection-string",
  "@secretlint/secretlint-rule-basicauth",
]);

const RULES = (recommendedRules as unknown as RuleCreator[]).filter((r) => !SKIPPED_RULES.has(r.meta.id));

function sourceOf(content: string) {
  const loc = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: "text" as const,
    ext: ".log",
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    locationToRange: () => [0, 0] as [number, number],
    rangeToLocation: () => loc,
  };
}

/** Spans of what secretlint's recommended rules report in `text`. */
export function secretlintSpans(text: string): Span[] {
  const out: Span[] = [];
  const source = sourceOf(text);
  for (const rule of RULES) {
    const label = rule.meta.id.replace(/^@secretlint\/secretlint-rule-/, "").replace(/-/g, " ");
    const context: RuleContext = {
      sharedOptions: {},
      createTranslator: () => (id, data) => ({ message: id, messageId: id, data }),
      report: (d) => out.push({ start: d.range[0], end: d.range[1], label: label === "privatekey" ? "private key" : `${label} secret` }),
      ignore: () => {},
    };
    const result = rule.create(context, {}).file?.(source);
    // No rule of the preset answers with a promise (the GCP rule's P12 check runs detached and returns
    // at once without a file path). One that did would report after this returns: its secrets would
    // pass unredacted without a word. An upgrade that brings one fails here, loudly, in the tests.
    if (result && typeof (result as Promise<unknown>).then === "function") throw new Error(`secretlint rule ${rule.meta.id} answered asynchronously: its findings would be lost`);
  }
  return out;
}
