import { describe, expect, it } from "@jest/globals";
import { redact } from "../../shared/redaction/redact.js";

/**
 * Shapes found leaking when public secret-scanner test corpora (gitleaks, trufflehog, detect-secrets,
 * secretlint) were run through the CLI: a named secret repeated unnamed, assignment operators of other
 * languages, numbered names, and keys of one letter case and digits in prose. The values here are made
 * by a seeded generator, not taken from those corpora.
 */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function randomOf(alphabet: string, n: number, rnd: () => number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rnd() * alphabet.length)];
  return out;
}
const LOWER36 = "abcdefghijklmnopqrstuvwxyz0123456789";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const leaks = (text: string, secret: string) => {
  const out = redact(text);
  for (let i = 0; i + 12 <= secret.length; i++) if (out.includes(secret.slice(i, i + 12))) return out;
  return undefined;
};

describe("held-out secret shapes", () => {
  const rnd = seeded(20261130);
  // 28 characters and more: shorter single-case values are left alone, as ids (ULID 26, cuid 25, cuid2 24).
  const values = Array.from({ length: 40 }, (_, i) => randomOf(i % 2 ? LOWER36 : BASE32, 28 + (i % 5) * 8, rnd));

  it.each([
    ["a named value repeated unnamed", (v: string) => `wistia token = '${v}' | '${v}'`],
    ["PHP's .=", (v: string) => `$airtableToken .= "${v}"`],
    ["Makefile's ::= and ?=", (v: string) => `ALIBABA_TOKEN ::= "${v}"\nSTRIPE_KEY ?= ${v}`],
    ["a comparison in code", (v: string) => `if (api_key == "${v}") { allow(); }`],
    ["a strict inequality", (v: string) => `if (secret !== '${v}') throw new Error("denied")`],
    ["a dash in prose", (v: string) => `twitch token - '${v}'`],
    ["a numbered name", (v: string) => `token2 = ${v}`],
    ["pw as a name", (v: string) => `db_pw=${v}`],
  ])("%s: no piece of the value is left", (_what, line) => {
    for (const v of values) expect(leaks(line(v), v)).toBeUndefined();
  });

  it("finds nearly every unnamed key of one case and digits by its shape alone", () => {
    // Judged by shape, a random value now and then looks too regular (few digits, many vowels): that is
    // the price of keeping identifiers. Measured on these 40: 38 or more redacted.
    const kept = values.filter((v) => leaks(`upstream rejected the request: ${v}`, v) !== undefined);
    expect(kept.length).toBeLessThanOrEqual(2);
  });

  it("leaves identifiers engineers need, and code that only compares or counts", () => {
    const kept = [
      "revision shop-api-00042-abc is serving 100% of traffic",
      "pod frontend-deployment-7d9f8c6b5-x2kqz restarted",
      "node gke-cluster-1-default-pool-3f2a1b4c-x7k2 is NotReady",
      "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
      "request 3fa85f64-5717-4562-b3fc-2c963f66afa6 took 1204 ms",
      "GET /assets/index-af2be6194208bc33098fb232219b5148.js 200",
      "if (status == 200) { retries += 1 }",
      "checkoutservice2production1 deployed",
      "password == null means the account uses SSO",
      // Entity ids of ORMs and queues: ULID, cuid, cuid2.
      "order 01ARZ3NDEKTSV4RRFFQ69G5FAV shipped",
      "user cjld2cjxh0000qzrmn831i7rn signed in",
      "post tz4a98xxat96iws9zmbrgj3a created",
      // A product whose name ends in a digit is not a numbered secret.
      "auth0_domain=myapp.us.auth0.com auth0Audience=https://api.example.com",
    ];
    for (const line of kept) expect(redact(line)).toBe(line);
  });
});
