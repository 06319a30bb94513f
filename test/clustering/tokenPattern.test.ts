import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { generaliseToken, tokenMatches } from "../../shared/clustering/tokenPattern.js";

describe("word patterns", () => {
  it.each([
    ["<*>", "anything", true],
    ['chainName="<*>"', 'chainName="cali-FORWARD"', true],
    ['chainName="<*>"', "chainName=cali-FORWARD", false],
    ["(<*>)", "(pluto)", true],
    ["(<*>)", "pluto", false],
    ["<*>(uid=<*>)", "LOGIN(uid=0)", true],
    ["<*>(uid=<*>)", "(uid=0)", true],
    ["exact", "exact", true],
    ["exact", "other", false],
  ])("%s covers %s: %s", (pattern, word, covers) => expect(tokenMatches(pattern, word)).toBe(covers));

  it.each([
    ['chainName="cali-FORWARD"', 'chainName="cali-INPUT"', 'chainName="<*>"'],
    ["(3)", "(pluto)", "(<*>)"],
    ["slot(<*>)", "alpha", "<*>"],
    ["done.", "failed.", "<*>."],
    ["admin", "backup", "<*>"],
    ['msg="GET', 'msg="POST', 'msg="<*>'],
  ])("%s and %s generalise to %s", (a, b, out) => expect(generaliseToken(a, b)).toBe(out));

  it("always gives a pattern covering every word it was built from, also when patterns are generalised again (property)", () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9_=:.,"'()[\]{}-]{1,14}$/);
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        fc.pre(a !== b);
        const p = generaliseToken(a, b);
        expect(tokenMatches(p, a)).toBe(true);
        expect(tokenMatches(p, b)).toBe(true);
        if (tokenMatches(p, c)) return;
        const q = generaliseToken(p, c);
        for (const w of [a, b, c]) expect(tokenMatches(q, w)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
