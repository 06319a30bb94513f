import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { codeBlock, codeSpan, inlineText, plainText } from "../../shared/worklog/markdownSafe.js";

const ZWJ = "\u200d";
/** GitHub-flavoured Markdown to HTML (tables, autolinks, strikethrough), raw HTML passed through as GitHub would sanitise it. */
const render = (md: string) => micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
/** The text a reader sees in rendered HTML: tags dropped (code spans kept as their text), entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();

/** Printable log-like text: Markdown punctuation, words, URLs, mentions. */
const logText = fc
  .array(
    fc.oneof(
      fc.constantFrom("*", "**", "_", "__", "~", "~~", "`", "``", "\\", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", "&#64;", "#", "#12", "@bob", "$", "|", "!", ":", ".", "-", "+", "=", " ", "  "),
      fc.constantFrom("a", "word", "snake_case_name", "2", "x1", "https://evil.example/p?q=1", "www.example.org", "<img src=x onerror=alert(1)>", "<script>", "é", "GH-3"),
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(""));

describe("plainText in prose", () => {
  it("renders exactly as the text reads: no link, tag, emphasis or mention, whatever the text", () => {
    fc.assert(
      fc.property(logText, (s) => {
        const md = plainText(s);
        const html = render(`Seen: ${md} (end)`);
        expect(html).not.toMatch(/<(?!\/?(?:p|code)>)/); // only the paragraph and code spans for URLs
        const expected = s.replace(/\s+/g, " ").trim();
        expect(visible(html).replace(new RegExp(ZWJ, "g"), "").replace(/\s+/g, " ")).toBe(`Seen: ${expected} (end)`.replace(/\s+/g, " "));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ["snake_case and arithmetic stay unescaped", "user_id = 2 * 3 - 1 (retry #tag)", "user_id = 2 * 3 - 1 (retry #tag)"],
    ["emphasis is escaped", "**bold** and _it_", "\\*\\*bold\\*\\* and \\_it\\_"],
    ["a link is broken at ](", "[click](javascript:alert(1))", "[click\\](javascript:alert(1))"],
    ["HTML tags are escaped, a lone < is not", "<b>x</b> a < b", "\\<b>x\\</b> a < b"],
    ["a URL becomes code", "see https://github.com/o/r/issues/1.", "see `https://github.com/o/r/issues/1`."],
    ["entities are escaped, a lone & is not", "&amp; & co", "\\&amp; & co"],
    ["GitHub math needs two dollars", "$5 or $6", "\\$5 or \\$6"],
  ])("%s", (_what, input, out) => {
    expect(plainText(input)).toBe(out);
  });

  it("breaks mentions and references, and shows hidden characters", () => {
    expect(plainText("ping @org/team about #1\u202E")).toBe(`ping @${ZWJ}org/team about #${ZWJ}1\\u{202E}`);
  });

  it("escapes a block marker only at the start of a line", () => {
    expect(plainText("# not a heading")).toBe("# not a heading");
    expect(plainText("# not a heading", { lineStart: true })).toBe("\\# not a heading");
    expect(plainText("1. step", { lineStart: true })).toBe("1\\. step");
    expect(render(plainText("- item", { lineStart: true }))).toBe("<p>- item</p>");
  });
});

describe("code", () => {
  it("a code span in a table cell keeps the row's columns and the text", () => {
    fc.assert(
      fc.property(logText, (s) => {
        const html = render(`| a | b |\n|---|---|\n| ${codeSpan(s, 500)} | z |`);
        expect((html.match(/<td>/g) ?? []).length).toBe(2);
        expect(html).not.toMatch(/<(?!\/?(?:table|thead|tbody|tr|th|td|code)>)/);
      }),
      { numRuns: 1000 },
    );
  });

  it("a code span in prose shows its text exactly", () => {
    fc.assert(
      fc.property(logText, (s) => {
        const html = render(`x ${codeSpan(s, 500, { table: false })} y`);
        const inner = /<code>([\s\S]*)<\/code>/.exec(html)?.[1] ?? "";
        const one = s.replace(/[ \t]*\n[ \t]*/g, " ⏎ ");
        expect(visible(inner)).toBe(one.trim() === "" ? one.trim() : visible(render(codeSpan(s, 500, { table: false }))));
        expect(visible(html)).toContain(one.trim() ? one.trim().slice(0, 1) : "");
      }),
      { numRuns: 500 },
    );
    expect(render(codeSpan("a|b `c`", 50, { table: false }))).toBe("<p><code>a|b `c`</code></p>");
  });

  it("a code block cannot be closed by the text inside it", () => {
    const text = "```\n<script>alert(1)</script>\n````\n\u001b[31m";
    const html = render(`${codeBlock(text)}\n\nafter`);
    expect(html).toBe('<pre><code class="language-text">```\n&lt;script&gt;alert(1)&lt;/script&gt;\n````\n\\x1B[31m\n</code></pre>\n<p>after</p>');
  });
});

describe("inlineText (titles)", () => {
  it("is one bounded line, references broken, URLs defanged, hidden characters shown", () => {
    expect(inlineText("a\nb\u202Ec\u0007 @x https://h/1", 200)).toBe(`a b\\u{202E}c\\x07 @${ZWJ}x https[:]//h/1`);
    expect(inlineText("ping @x #2")).toBe(`ping @${ZWJ}x #${ZWJ}2`);
    expect(inlineText("x".repeat(300), 120)).toHaveLength(120);
  });
});
