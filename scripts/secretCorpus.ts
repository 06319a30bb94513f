/**
 * A corpus of planted secrets and personal data for measuring redaction, written by rules of
 * construction (no value is copied from anywhere): for each kind, a generator makes a fake value in the
 * kind's real format (prefixes, alphabets and lengths as documented by the vendors and as gitleaks,
 * detect-secrets and secretlint recognise them; card numbers pass Luhn); each value is planted in
 * realistic Cloud Run entries in sixteen placements. Seeded: the same seed gives the same corpus.
 */
import { seededRandom } from "./seededRandom.js";

export const PLACEMENTS = [
  "text-sentence",
  "text-key-value",
  "json-message",
  "json-nested-field",
  "url-query",
  "header",
  "stack-trace",
  "split-lines",
  "template",
  "title",
  "escaped-json",
  // Added by review r1: shapes an outside probe found leaking that the first eleven did not cover.
  "shell-command",
  "yaml-block",
  "prose-quoted",
  "list-value",
  "invisible-split",
] as const;
export type Placement = (typeof PLACEMENTS)[number];

export interface CorpusItem {
  id: string;
  kind: string;
  placement: Placement;
  /** The secret as planted; any 12-character piece of it in an output is a leak. */
  secret: string;
  /** Cloud Run log entries (gcloud JSON shape) carrying it; one service per kind, its placements three minutes apart. */
  entries: object[];
  service: string;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGIT = "0123456789";
const ALNUM = UPPER + LOWER + DIGIT;
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

type Gen = (r: () => number) => string;
const pick = (r: () => number, chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(r() * chars.length)]).join("");
/** A random string that mixes classes the way real keys do (a run of one class is unlikely to be long). */
const mixed = (r: () => number, chars: string, n: number) => {
  for (;;) {
    const s = pick(r, chars, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
};

function luhnComplete(r: () => number, prefix: string, length: number): string {
  let d = prefix + pick(r, DIGIT, length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let x = Number(d[d.length - 1 - i]);
    if (i % 2 === 0) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  d += String((10 - (sum % 10)) % 10);
  return d;
}

const pemBody = (r: () => number, lines: number) => Array.from({ length: lines }, (_, i) => (i === lines - 1 ? `${mixed(r, B64, 40)}==` : mixed(r, B64, 64)));
const pem = (label: string) => (r: () => number) => [`-----BEGIN ${label}-----`, ...pemBody(r, 6), `-----END ${label}-----`].join("\n");

/** [kind, generator, the name a config would give it] */
const KINDS: Array<[string, Gen, string]> = [
  ["github classic token", (r) => `ghp_${mixed(r, ALNUM, 36)}`, "github_token"],
  ["github fine-grained token", (r) => `github_pat_${mixed(r, ALNUM, 22)}_${mixed(r, ALNUM, 59)}`, "GH_TOKEN"],
  ["github app token", (r) => `ghs_${mixed(r, ALNUM, 36)}`, "installation_token"],
  ["gitlab token", (r) => `glpat-${mixed(r, B64URL, 20)}`, "gitlab_token"],
  ["npm token", (r) => `npm_${mixed(r, ALNUM, 36)}`, "NPM_TOKEN"],
  ["pypi token", (r) => `pypi-AgEIcHlwaS5vcmc${mixed(r, B64URL, 70)}`, "TWINE_PASSWORD"],
  ["aws access key id", (r) => `AKIA${pick(r, `${UPPER}234567`, 16)}`, "aws_access_key_id"],
  ["aws access key id (ABIA/A3T)", (r) => `${r() < 0.5 ? "ABIA" : "A3TX"}${pick(r, `${UPPER}234567`, 16)}`, "AWS_ACCESS_KEY_ID"],
  ["aws secret key", (r) => mixed(r, B64, 40), "aws_secret_access_key"],
  ["aws session token", (r) => `IQoJb3JpZ2luX2VjE${mixed(r, B64, 200)}`, "aws_session_token"],
  ["google api key", (r) => `AIza${mixed(r, B64URL, 35)}`, "api_key"],
  ["google oauth token", (r) => `ya29.${mixed(r, B64URL, 80)}`, "access_token"],
  ["google refresh token", (r) => `1//0${mixed(r, B64URL, 60)}`, "refresh_token"],
  ["google client secret", (r) => `GOCSPX-${mixed(r, B64URL, 28)}`, "client_secret"],
  ["service account private key", pem("PRIVATE KEY"), "private_key"],
  ["rsa private key", pem("RSA PRIVATE KEY"), "ssh_key"],
  ["openssh private key", pem("OPENSSH PRIVATE KEY"), "deploy_key"],
  ["azure storage account key", (r) => `DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${mixed(r, B64, 86)}==;EndpointSuffix=core.windows.net`, "AZURE_STORAGE_CONNECTION_STRING"],
  ["azure sas signature", (r) => `sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-03-03T00:00:00Z&sig=${encodeURIComponent(`${mixed(r, B64, 42)}=`)}`, "sas"],
  ["azure ad client secret", (r) => `${pick(r, ALNUM, 3)}8Q~${mixed(r, `${ALNUM}_~.-`, 34)}`, "AZURE_CLIENT_SECRET"],
  ["slack bot token", (r) => `xoxb-${pick(r, DIGIT, 12)}-${pick(r, DIGIT, 13)}-${mixed(r, ALNUM, 24)}`, "SLACK_BOT_TOKEN"],
  ["slack webhook", (r) => `https://hooks.slack.com/services/T${pick(r, UPPER + DIGIT, 8)}/B${pick(r, UPPER + DIGIT, 10)}/${mixed(r, ALNUM, 24)}`, "SLACK_WEBHOOK_URL"],
  ["teams webhook", (r) => `https://acme.webhook.office.com/webhookb2/${pick(r, HEX, 8)}-${pick(r, HEX, 4)}-4${pick(r, HEX, 3)}-a${pick(r, HEX, 3)}-${pick(r, HEX, 12)}@${pick(r, HEX, 8)}/IncomingWebhook/${pick(r, HEX, 32)}/${pick(r, HEX, 8)}`, "TEAMS_WEBHOOK"],
  ["discord webhook", (r) => `https://discord.com/api/webhooks/${pick(r, DIGIT, 18)}/${mixed(r, B64URL, 68)}`, "DISCORD_WEBHOOK"],
  ["stripe secret key", (r) => `sk_live_${mixed(r, ALNUM, 24)}`, "STRIPE_SECRET_KEY"],
  ["stripe restricted key", (r) => `rk_live_${mixed(r, ALNUM, 24)}`, "stripe_key"],
  ["stripe webhook secret", (r) => `whsec_${mixed(r, ALNUM, 32)}`, "STRIPE_WEBHOOK_SECRET"],
  ["sendgrid key", (r) => `SG.${mixed(r, B64URL, 22)}.${mixed(r, B64URL, 43)}`, "SENDGRID_API_KEY"],
  ["twilio api key", (r) => `SK${pick(r, HEX, 32)}`, "twilio_key"],
  ["mailgun key", (r) => `key-${pick(r, HEX + "ghijklmnopqrstuvwxyz", 32)}`, "MAILGUN_API_KEY"],
  ["mailchimp key", (r) => `${pick(r, HEX, 32)}-us${1 + Math.floor(r() * 20)}`, "MAILCHIMP_KEY"],
  ["jwt", (r) => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${mixed(r, B64URL, 80)}.${mixed(r, B64URL, 86)}`, "id_token"],
  ["vault token", (r) => `hvs.${mixed(r, B64URL, 90)}`, "VAULT_TOKEN"],
  ["new relic key", (r) => `NRAK-${pick(r, UPPER + DIGIT, 27)}`, "NEW_RELIC_API_KEY"],
  ["grafana token", (r) => `glsa_${mixed(r, ALNUM, 32)}_${pick(r, HEX, 8)}`, "GRAFANA_TOKEN"],
  ["shopify token", (r) => `shpat_${pick(r, HEX, 32)}`, "SHOPIFY_ACCESS_TOKEN"],
  ["digitalocean token", (r) => `dop_v1_${pick(r, HEX, 64)}`, "DIGITALOCEAN_TOKEN"],
  ["docker hub token", (r) => `dckr_pat_${mixed(r, B64URL, 27)}`, "DOCKER_PASSWORD"],
  ["doppler token", (r) => `dp.pt.${mixed(r, ALNUM, 43)}`, "DOPPLER_TOKEN"],
  ["okta token", (r) => `00${mixed(r, B64URL, 40)}`, "okta_api_token"],
  ["age secret key", (r) => `AGE-SECRET-KEY-1${pick(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)}`, "age_identity"],
  ["atlassian token", (r) => `ATATT3${mixed(r, `${B64URL}=`, 186)}`, "JIRA_API_TOKEN"],
  ["artifactory key", (r) => `AKCp${mixed(r, ALNUM, 69)}`, "ARTIFACTORY_API_KEY"],
  ["databricks token", (r) => `dapi${pick(r, HEX, 32)}`, "DATABRICKS_TOKEN"],
  ["hugging face token", (r) => `hf_${pick(r, UPPER + LOWER, 34)}`, "HF_TOKEN"],
  ["openai key", (r) => `sk-proj-${mixed(r, B64URL, 64)}T3BlbkFJ${mixed(r, B64URL, 64)}`, "OPENAI_API_KEY"],
  ["anthropic key", (r) => `sk-ant-api03-${mixed(r, B64URL, 93)}AA`, "ANTHROPIC_API_KEY"],
  ["linear key", (r) => `lin_api_${mixed(r, ALNUM, 40)}`, "LINEAR_API_KEY"],
  ["postman key", (r) => `PMAK-${pick(r, HEX, 24)}-${pick(r, HEX, 34)}`, "POSTMAN_API_KEY"],
  ["pulumi token", (r) => `pul-${pick(r, HEX, 40)}`, "PULUMI_ACCESS_TOKEN"],
  ["telegram bot token", (r) => `${pick(r, DIGIT, 9)}:AA${mixed(r, B64URL, 33)}`, "TELEGRAM_BOT_TOKEN"],
  ["sentry token", (r) => `sntryu_${pick(r, HEX, 64)}`, "SENTRY_AUTH_TOKEN"],
  ["password (key=value)", (r) => `${mixed(r, `${ALNUM}!#%^*`, 14)}`, "password"],
  ["password with spaces", (r) => `${pick(r, LOWER, 5)} ${pick(r, LOWER, 7)} ${pick(r, DIGIT, 3)}`, "db_password"],
  ["password in a URL (with @ and :)", (r) => `${mixed(r, ALNUM, 8)}@:${mixed(r, ALNUM, 6)}`, "DATABASE_PASSWORD"],
  ["jdbc/odbc password", (r) => `${mixed(r, `${ALNUM}!$`, 16)}`, "Pwd"],
  ["netrc password", (r) => mixed(r, ALNUM, 18), "password"],
  ["cookie", (r) => `session=${mixed(r, B64URL, 32)}; csrftoken=${mixed(r, ALNUM, 32)}`, "Cookie"],
  ["session id", (r) => `s%3A${mixed(r, B64URL, 32)}.${mixed(r, B64URL, 43)}`, "connect.sid"],
  ["gcs signed url signature", (r) => pick(r, HEX, 256), "X-Goog-Signature"],
  ["s3 presigned url signature", (r) => pick(r, HEX, 64), "X-Amz-Signature"],
  ["generic secret key", (r) => mixed(r, `${ALNUM}-_`, 32), "license_key"],
  ["bearer token (opaque)", (r) => mixed(r, `${ALNUM}-._~`, 40), "Authorization"],
  ["basic auth", (r) => Buffer.from(`admin:${mixed(r, ALNUM, 12)}`).toString("base64"), "Authorization"],
  ["email address", (r) => `${pick(r, LOWER, 6)}.${pick(r, LOWER, 5)}@${pick(r, LOWER, 7)}.com`, "email"],
  ["ipv4 address", (r) => `${[81, 93, 151, 185, 203][Math.floor(r() * 5)]}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`, "client_ip"],
  ["ipv6 address", (r) => (r() < 0.5 ? `2a02:${pick(r, HEX, 4)}:${pick(r, HEX, 3)}::${pick(r, HEX, 4)}` : `2001:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}:${pick(r, HEX, 4)}`), "remote_addr"],
  ["card number", (r) => {
    const [p, n] = ([["4", 16], ["51", 16], ["2221", 16], ["37", 15], ["6011", 16]] as Array<[string, number]>)[Math.floor(r() * 5)] as [string, number];
    const d = luhnComplete(r, p, n);
    return r() < 0.5 ? d : d.replace(/(\d{4})(?=\d)/g, "$1 ");
  }, "card"],
  ["unknown high-entropy token", (r) => mixed(r, ALNUM, 40), "x"],
];

/**
 * Kinds that are secrets only by the name that goes with them (a password, a signature, an opaque
 * bearer token): nothing can tell them from other text without it, so they are always planted with it.
 */
const NAMED = new Set([
  "password (key=value)", "password with spaces", "password in a URL (with @ and :)", "jdbc/odbc password", "netrc password", "cookie", "session id",
  "gcs signed url signature", "s3 presigned url signature", "generic secret key", "bearer token (opaque)", "basic auth",
]);

/** How a kind's value is written where a name goes with it (a header, a URL, a key=value). */
function assignment(kind: string, name: string, v: string): string {
  if (kind === "bearer token (opaque)") return `Authorization: Bearer ${v}`;
  if (kind === "basic auth") return `Authorization: Basic ${v}`;
  if (kind === "okta token") return `Authorization: SSWS ${v}`;
  if (kind === "cookie") return `Cookie: ${v}`;
  if (kind === "password in a URL (with @ and :)") return `postgres://app:${v}@db.internal:5432/shop`;
  if (kind === "jdbc/odbc password") return `Driver={ODBC Driver 18};Server=tcp:db.internal,1433;Database=shop;Uid=app;Pwd=${v};Encrypt=yes`;
  if (kind === "netrc password") return `machine api.internal login deploy password ${v}`;
  if (kind === "azure storage account key" || kind === "azure sas signature") return v;
  if (kind === "password with spaces") return `${name}='${v}'`;
  return `${name}=${v}`;
}

/** The part of a planted value that must not show (a URL's password, a connection string's key). */
function needle(kind: string, v: string): string {
  if (kind === "azure storage account key") return (/AccountKey=([^;]+)/.exec(v) as RegExpExecArray)[1] as string;
  if (kind === "azure sas signature") return (/sig=([^&]+)/.exec(v) as RegExpExecArray)[1] as string;
  if (kind === "cookie") return v.replace(/^session=/, "").split(";")[0] as string;
  if (kind === "session id") return v.slice(4);
  return v;
}

const entry = (service: string, i: number, payload: { textPayload?: string; jsonPayload?: object }, t: number, severity = "ERROR") => ({
  insertId: `${service}-${i}`,
  timestamp: new Date(t).toISOString(),
  severity,
  ...payload,
  logName: `projects/acme-prod/logs/run.googleapis.com%2F${payload.jsonPayload ? "stdout" : "stderr"}`,
  resource: { type: "cloud_run_revision", labels: { project_id: "acme-prod", service_name: service, revision_name: `${service}-00007-xyz`, location: "europe-west1", configuration_name: service } },
  labels: { instanceId: "00f46b928510b3d8a3c6f0e4c1e1d4f2a9b0c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0" },
});

/** Entries of one item: the lines a service would print for this placement (each a pattern of several entries). */
function entriesFor(kind: string, name: string, raw: string, placement: Placement, service: string, t0: number, r: () => number): object[] {
  const assign = assignment(kind, name, raw);
  const value = NAMED.has(kind) ? assign : raw;
  const at = (i: number) => t0 + 60_000 * (i + 1) + Math.floor(r() * 1000);
  const text = (lines: string[]) => lines.map((l, i) => entry(service, i, { textPayload: l }, at(i)));
  const n = (k: number) => Array.from({ length: k }, (_, i) => i);
  const order = () => 1000 + Math.floor(r() * 9000);
  switch (placement) {
    case "text-sentence":
      return text(n(3).map(() => `payment call for order ${order()} failed using ${value} at the gateway`));
    case "text-key-value":
      return text(n(3).map(() => `config loaded region=europe-west1 ${assign} retries=${order()}`));
    case "json-message":
      return n(3).map((i) => entry(service, i, { jsonPayload: { severity: "ERROR", message: `upstream call ${order()} rejected: ${assign}`, component: "billing" } }, at(i)));
    case "json-nested-field":
      return n(3).map((i) => entry(service, i, { jsonPayload: { severity: "ERROR", event: "upstream_rejected", attempt: i, request: { method: "POST", config: { [name]: raw, region: "europe-west1" } } } }, at(i)));
    case "url-query": {
      const q = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? `callback=${encodeURIComponent(raw)}` : NAMED.has(kind) ? `q=${encodeURIComponent(assign)}` : `${encodeURIComponent(name)}=${encodeURIComponent(raw)}`;
      return text(n(3).map(() => `GET https://api.partner.example/v2/orders/${order()}?expand=items&${q} returned 502`));
    }
    case "header":
      return text(n(3).map(() => `outgoing request ${order()} headers: Content-Type: application/json\n${/^(Authorization|Cookie):/.test(assign) ? assign : NAMED.has(kind) ? `X-Debug: ${assign}` : `X-Api-Key: ${raw}`}\nUser-Agent: shop/1.4`));
    case "stack-trace":
      return text(
        n(3).map(
          () =>
            `Traceback (most recent call last):\n  File "/app/billing/client.py", line ${order() % 300}, in charge\n    resp = session.post(url, data=payload)\n  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 637, in post\nrequests.exceptions.ConnectionError: could not reach gateway with ${assign}`,
        ),
      );
    case "split-lines": {
      // Printed as a block; Cloud Run keeps one entry per line, without the block's first lines around it.
      const block = raw.includes("\n") ? raw.split("\n") : ["settings = {", `  "${name}": "${raw}",`, `  "region": "europe-west1"`, "}"];
      return block.map((l, i) => entry(service, i, { textPayload: l }, at(i)));
    }
    case "template":
      return text(n(6).map(() => `retrying request ${order()} to ${assign} after ${order() % 97} ms`));
    case "title":
      return text(n(5).map(() => `ValueError: rejected credentials ${value}`));
    case "escaped-json":
      return text(n(3).map(() => `handler error: ${JSON.stringify(JSON.stringify({ op: "charge", id: order(), [name]: raw }))}`));
    case "shell-command":
      // A deploy script echoing its commands: the value as curl's `user:password`, or a key written to a file.
      return text(n(3).map(() => (raw.includes("\n") ? `+ printf '%s' '${raw}' > /run/secrets/${order()}.pem` : `+ curl -sS -u 'deploy:${raw}' https://registry.internal/v2/_catalog?n=${order()}`)));
    case "yaml-block": {
      // A YAML config quoted in a parse error: the value as a block scalar on the lines below its key.
      const lines = raw.split("\n").map((l) => `      ${l}`).join("\n");
      return text(n(3).map(() => `yaml.parser.ParserError: expected <block end>, but found '-' (line ${order() % 90})\n  settings:\n    ${name}: |\n${lines}\n    region: europe-west1`));
    }
    case "prose-quoted":
      // The name in words before a quoted value (`password 'x' was rejected`); a multi-line value is quoted as printed.
      return text(n(3).map(() => `login ${order()} rejected: ${name.replace(/[_.-]+/g, " ").toLowerCase()} '${raw}' is not valid`));
    case "list-value":
      return text(n(3).map(() => `config ${order()} rejected: {"${name}": ["${raw.replace(/\n/g, "\\n")}"], "region": "europe-west1"}`));
    case "invisible-split": {
      // Printed with a zero-width space inside it: a reader sees the value whole.
      const cut = Math.floor(raw.length / 2);
      const split = `${raw.slice(0, cut)}\u200b${raw.slice(cut)}`;
      return text(n(3).map(() => `payment call for order ${order()} failed using ${NAMED.has(kind) ? assignment(kind, name, split) : split} at the gateway`));
    }
  }
}

/**
 * Placements of one kind start this far apart, so that all of them (a placement spans up to ten
 * minutes: one entry a minute) fall inside the measured hour.
 */
const PLACEMENT_SPACING_MS = 3 * 60_000;

/** The corpus: every kind in every placement. */
export function buildSecretCorpus(seed = 20260302, startMs = Date.parse("2026-03-02T10:00:00Z")): CorpusItem[] {
  const r = seededRandom(seed);
  const items: CorpusItem[] = [];
  KINDS.forEach(([kind, gen, name], k) => {
    const service = `leak-${String(k).padStart(2, "0")}`;
    PLACEMENTS.forEach((placement, p) => {
      const value = gen(r);
      const entries = entriesFor(kind, name, value, placement, service, startMs + p * PLACEMENT_SPACING_MS, r).map((e, i) => ({ ...e, insertId: `${service}-${p}-${i}` }));
      items.push({ id: `${service}/${placement}`, kind, placement, secret: needle(kind, value), entries, service });
    });
  });
  return items;
}

/** Pieces of a secret whose appearance counts as a leak: the whole, or any 12-character window of it. */
export function leakPieces(secret: string): string[] {
  const s = secret.replace(/[ \t]+/g, " ");
  const lines = s.includes("\n") ? s.split("\n").filter((l) => l.length >= 12 && !/^-----/.test(l)) : [s];
  const out = new Set<string>();
  for (const line of lines) {
    if (line.length <= 16) out.add(line);
    else for (let i = 0; i + 12 <= line.length; i += 6) out.add(line.slice(i, i + 12));
  }
  return [...out];
}
