import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { cutText, defangUrls, htmlText, inertLine, showInvisibles, urlSpans } from "../../shared/text/inertText.js";

describe("showInvisibles", () => {
  it.each([
    ["ESC starts a terminal sequence", "red \u001b[31mALERT\u001b[0m", "red \\x1B[31mALERT\\x1B[0m"],
    ["BEL and NUL", "ding\u0007\u0000", "ding\\x07\\x00"],
    ["DEL and a C1 control (CSI)", "a\u007fb\u009bc", "a\\x7Fb\\x9Bc"],
    ["a right-to-left override", "invoice_\u202Efdp.exe", "invoice_\\u{202E}fdp.exe"],
    ["bidi isolates and marks", "\u2066a\u2069\u200f", "\\u{2066}a\\u{2069}\\u{200F}"],
    ["zero-width space, joiner, BOM, word joiner", "a\u200bb\u200dc\ufeffd\u2060", "a\\u{200B}b\\u{200D}c\\u{FEFF}d\\u{2060}"],
    ["tag characters (invisible ASCII)", "ok\u{E0041}\u{E0042}", "ok\\u{E0041}\\u{E0042}"],
    ["a lone surrogate", "x\ud800y", "x\\u{D800}y"],
    ["line and paragraph separators", "a\u2028b\u2029", "a\\u{2028}b\\u{2029}"],
    ["a carriage return inside a line", "100%\rdone", "100%\\x0Ddone"],
  ])("%s", (_what, input, shown) => {
    expect(showInvisibles(input)).toBe(shown);
  });

  it("keeps ordinary text, tabs, line breaks (CRLF as LF), emoji and accents", () => {
    expect(showInvisibles("café\tnaïve 👍🏽 日本\r\nnext\r")).toBe("café\tnaïve 👍🏽 日本\nnext");
    expect(showInvisibles("a\nb\tc", { newlines: "escape", tabs: false })).toBe("a\\nb\\tc");
    expect(showInvisibles("a \n\n  b", { newlines: "space" })).toBe("a b");
  });

  it("leaves no character a terminal or a reader would not see, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const out = showInvisibles(s, { newlines: "escape", tabs: false });
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("URLs", () => {
  it("defangs every scheme and www. so nothing autolinks them", () => {
    expect(defangUrls("see https://github.com/o/r/issues/1 or HTTP://x.y and www.example.com, ftp://h")).toBe(
      "see https[:]//github.com/o/r/issues/1 or HTTP[:]//x.y and www[.]example.com, ftp[:]//h",
    );
  });

  it("finds URL spans without trailing sentence punctuation", () => {
    const t = "open (https://example.com/a?b=1). then www.x.org!";
    expect(urlSpans(t).map((s) => t.slice(s.start, s.end))).toEqual(["https://example.com/a?b=1", "www.x.org"]);
  });
});

describe("cutText", () => {
  it("never splits a surrogate pair or an escape", () => {
    expect(cutText("abcdef", 6)).toBe("abcdef");
    expect(cutText("abcdefg", 6)).toBe("abcde…");
    expect(cutText("abcd😀ef", 6)).toBe("abcd…");
    expect(cutText("ab\\u{202E}cdef", 8)).toBe("ab…");
  });
});

describe("htmlText and inertLine", () => {
  it("htmlText escapes markup and shows hidden characters", () => {
    expect(htmlText(`<script>alert("x")</script>\u202E&'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\\u{202E}&amp;&#39;");
  });

  it("inertLine is one bounded line with URLs defanged", () => {
    expect(inertLine("GET https://a.b/c\n\u001b[2J  failed", 40)).toBe("GET https[:]//a.b/c \\x1B[2J failed");
    expect(inertLine("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
