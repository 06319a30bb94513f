import { describe, expect, it } from "@jest/globals";
import { redact } from "../../shared/redaction/redact.js";

// Secrets are assembled at run time so this file does not itself look like it leaks credentials.
const j = (...parts: string[]) => parts.join("");

/** [what, text, the secret part that must go, the label that must replace it] */
const CASES: Array<[string, string, string, string]> = [
  ["GitHub classic token", `token ${j("ghp_", "R8s2kLm0Qw9ZxYt7Vb3Nc5Hd1Jf4Gp6Ue8Ai")} used`, "R8s2kLm0Qw9Z", "[REDACTED github"],
  ["GitHub fine-grained token", j("github_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"), "11ABCDEFG0123456789", "[REDACTED github"],
  ["GitHub App installation token", j("ghs_", "16C7e42F292c6912E7710c838347Ae178B4a"), "16C7e42F292c", "[REDACTED github"],
  ["Google API key", j("key=AIza", "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"), "SyD-9tSrke72", "[REDACTED"],
  ["Google OAuth access token", j("ya29.", "a0AfH6SMBx3K9uK1sVq2Wc9lZ0r8abcdEFGH"), "a0AfH6SMBx3K", "[REDACTED google oauth token]"],
  ["Google client secret", j("GOCSPX-", "1a2B3c4D5e6F7g8H9i0JkLmNoPq"), "1a2B3c4D5e6F", "[REDACTED google client secret]"],
  ["AWS access key id", j("AKIA", "IOSFODNN7EXAMPLE"), "IOSFODNN7EXAMPLE", "[REDACTED aws key]"],
  ["AWS secret key", j("aws_secret_access_key=", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "wJalrXUtnFEMI", "[REDACTED"],
  ["Slack bot token", j("xoxb-", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"), "AbCdEfGhIjKl", "[REDACTED slack"],
  ["Slack webhook", j("https://hooks.slack.com/services/", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"), "T00000000/B00000000", "[REDACTED slack"],
  ["Stripe secret key", j("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"), "4eC39HqLyjWD", "[REDACTED stripe key]"],
  ["Stripe webhook secret", j("whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLc"), "MfKQ9r8GKYqr", "[REDACTED stripe key]"],
  ["JWT", j("eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), "eyJzdWIiOiIx", "[REDACTED jwt]"],
  ["PEM private key", j("-----BEGIN RSA PRIVATE KEY-----\n", "MIIEowIBAAKCAQEA75X\n", "-----END RSA PRIVATE KEY-----"), "MIIEowIBAAKCAQEA75X", "[REDACTED private key]"],
  ["private key in a JSON log line", j('{"private_key":"-----BEGIN PRIVATE KEY-----\\n', "MIIEvQIBADANBgkqhkiG9w0B", '\\n-----END PRIVATE KEY-----\\n"}'), "MIIEvQIBADAN", "[REDACTED private key]"],
  ["PGP private key", j("-----BEGIN PGP PRIVATE KEY BLOCK-----\n", "lQOYBF0Lb9QBCAC7", "\n-----END PGP PRIVATE KEY BLOCK-----"), "lQOYBF0Lb9QB", "[REDACTED private key]"],
  ["password in a URL", j("postgres://app:", "s3cr3tPassw0rd", "@10.0.0.5:5432/shop"), "s3cr3tPassw0rd", "postgres://app:[REDACTED password]@"],
  ["cookie header", j("Cookie: session=", "abc123def456", "; theme=dark"), "abc123def456", "[REDACTED cookie]"],
  ["Authorization header", j("Authorization: Bearer ", "opaque-token-value-123"), "opaque-token-value-123", "[REDACTED credentials]"],
  ["Authorization in JSON", j('{"authorization":"Basic ', "dXNlcjpwYXNzd29yZA==", '"}'), "dXNlcjpwYXNzd29yZA", "[REDACTED credentials]"],
  ["x-api-key header", j("x-api-key: ", "k3y-v4lue-998877"), "k3y-v4lue-998877", "x-api-key: [REDACTED key]"],
  ["password field", j("login failed password=", "hunter22", " user=bob"), "hunter22", "password=[REDACTED password] user=bob"],
  ["email", "mail to jane.doe+shop@example.co.uk bounced", "jane.doe+shop@example.co.uk", "[REDACTED email]"],
  ["IPv4", "client 198.51.100.23 reset", "198.51.100.23", "[REDACTED ip]"],
  ["IPv6", "client 2001:db8:85a3::8a2e:370:7334 reset", "2001:db8:85a3::8a2e:370:7334", "[REDACTED ip]"],
  ["card number", "charge 4111 1111 1111 1111 declined", "4111 1111 1111 1111", "[REDACTED card number]"],
];

describe("redact", () => {
  it.each(CASES)("%s", (_what, text, secret, label) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(label);
    expect(redact(out)).toBe(out); // redacting twice changes nothing
  });

  it.each([
    ["a request log line", "GET /api/orders/123 200 in 35ms"],
    ["an epoch in milliseconds", "took until 1726450000000"],
    ["a revision name", "revision shop-api-00042-abc serving"],
  ])("leaves %s alone", (_what, text) => {
    expect(redact(text)).toBe(text);
  });
});
