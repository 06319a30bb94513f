import { describe, expect, it } from "@jest/globals";
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { buildSecretCorpus } from "../../scripts/secretCorpus.js";
import { secretlintSpans } from "../../shared/redaction/secretlintSpans.js";

/** Rules secretlintSpans leaves out on purpose (see its SKIPPED_RULES). */
const LEFT_OUT = /filter-comments|database-connection-string|basicauth/;

/** Every text of the planted-secret corpus: the message as the gardener reads it, or the payload. */
function corpusTexts(): string[] {
  const out = new Set<string>();
  for (const item of buildSecretCorpus()) {
    for (const e of item.entries as Array<{ textPayload?: string; jsonPayload?: unknown }>) {
      out.add(e.textPayload ?? JSON.stringify(e.jsonPayload));
    }
  }
  return [...out];
}

describe("secretlintSpans drives the recommended preset as secretlint's own core does", () => {
  it("finds, on every text of the leak corpus, each range lintSource reports", async () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(500);
    let reported = 0;
    const missed: string[] = [];
    for (const content of texts) {
      const result = await lintSource({
        source: { content, filePath: "entry.log", ext: ".log", contentType: "text" },
        options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] }, noPhysicFilePath: true },
      });
      const ours = secretlintSpans(content).map((s) => `${s.start}-${s.end}`);
      for (const m of result.messages) {
        if (LEFT_OUT.test(m.ruleId)) continue;
        reported++;
        if (!ours.includes(`${m.range[0]}-${m.range[1]}`)) missed.push(`${m.ruleId} ${content.slice(m.range[0], m.range[1]).slice(0, 12)}…`);
      }
    }
    expect(reported).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  }, 120_000);
});
