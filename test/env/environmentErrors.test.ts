import { createServer, type Server } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { EXIT_CODES } from "../../functions/cliMain.js";
import { GCS_ERRORS, startGcsServer, type FakeGcsServer } from "../fakes/gcsServer.js";
import { FAKE_PROJECT_NUMBER, startLoggingServer, type FaultKind, type FakeLoggingServer } from "../fakes/loggingServer.js";
import { SAMPLE_HOUR } from "../realdata/sharedData.js";
import { buildCli, NO_DNS, runCli, type CliRun } from "./cliProcess.js";

/**
 * Problems of the user's environment, each met for real by the CLI in its own process: an empty
 * environment (no credentials, no gcloud login, no metadata server), credentials a token endpoint
 * refuses, the Logging and Storage fakes answering as Google does (401, 403, API not enabled, 404), a
 * closed port, and a machine whose DNS answers nothing. Each must end with exit 1 and exactly one
 * line naming the cause and the command that fixes it: never "internal error", never a stack, never a
 * second exception after the answer, and never a look at the network the user did not ask for (the
 * network guard would say so on stderr).
 */
const PROJECT = "acme-shop-prod";
const BUCKET = "acme-worklogs";

let cli: string;
let logging: FakeLoggingServer;
let gcs: FakeGcsServer;
let tokens: Server;
let tokenUrl: string;
let grants: Server;
let closedPort = 0;
let home: string;
let files: { expired: string; user: string; missing: string; valid: string };

beforeAll(async () => {
  cli = await buildCli();
  logging = await startLoggingServer({ project: PROJECT });
  gcs = await startGcsServer({ buckets: [BUCKET] });
  // An OAuth token endpoint that refuses every refresh, as Google does for a revoked or expired login.
  tokens = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant", error_description: "Token has been expired or revoked." }));
    });
  });
  await new Promise<void>((resolve) => tokens.listen(0, "127.0.0.1", resolve));
  const address = tokens.address();
  tokenUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/token`;
  // A token endpoint that grants every refresh: credentials that work, so the call itself meets the network.
  grants = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: "token-from-the-fake", expires_in: 3600, token_type: "Bearer" }));
    });
  });
  await new Promise<void>((resolve) => grants.listen(0, "127.0.0.1", resolve));
  const granted = grants.address();
  const grantUrl = `http://127.0.0.1:${typeof granted === "object" && granted ? granted.port : 0}/token`;
  // A port nothing listens on: bound, then closed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const probed = probe.address();
  closedPort = typeof probed === "object" && probed ? probed.port : 1;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const dir = await mkdtemp(join(tmpdir(), "lg-env-"));
  home = join(dir, "home");
  files = { expired: join(dir, "expired.json"), user: join(dir, "user.json"), missing: join(dir, "no-such-key.json"), valid: join(dir, "valid.json") };
  // Workforce-identity credentials (gcloud auth application-default login --login-config) name their token endpoint.
  const workforce = (url: string) =>
    JSON.stringify({
      type: "external_account_authorized_user",
      audience: "//iam.googleapis.com/locations/global/workforcePools/pool/providers/provider",
      client_id: "client",
      client_secret: "secret",
      refresh_token: "refresh",
      token_url: url,
      token_info_url: url.replace("/token", "/tokeninfo"),
    });
  await writeFile(files.expired, workforce(tokenUrl));
  await writeFile(files.valid, workforce(grantUrl));
  // What `gcloud auth application-default login` writes: refreshed at oauth2.googleapis.com.
  await writeFile(files.user, JSON.stringify({ type: "authorized_user", client_id: "client", client_secret: "secret", refresh_token: "refresh" }));
}, 120_000);

afterAll(async () => {
  await logging?.close();
  await gcs?.close();
  await new Promise<void>((resolve) => (tokens ? tokens.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (grants ? grants.close(() => resolve()) : resolve()));
});

/** The environment of a laptop with nothing set up: no credentials, an empty HOME, and google-auth told not to look for a metadata server. */
const bare = (): Record<string, string> => ({ HOME: home, METADATA_SERVER_DETECTION: "none" });
const live = ["run", "--project", PROJECT, "--service", "checkout-api", "--window", "1h"];
const toBucket = () => ["run", "--input", SAMPLE_HOUR, "--out", `gs://${BUCKET}/team`];

interface Case {
  cause: string;
  args: () => string[];
  env: () => Record<string, string>;
  before?: () => void;
  preload?: string[];
  /** The message without its "log-gardener: " prefix (a function when it needs what beforeAll set up). */
  says: RegExp | (() => RegExp);
}

const failLogging = (kind: FaultKind) => () => logging.failNext(kind);
const failGcs = (status: number, body: unknown) => () => gcs.failNext(status, 1, () => true, body);

const CASES: Case[] = [
  {
    cause: "no credentials at all, reading Cloud Logging",
    args: () => live,
    env: bare,
    says: /^no Google credentials to call Cloud Logging: .*run `gcloud auth application-default login`$/,
  },
  {
    cause: "no credentials at all, writing to a bucket",
    args: toBucket,
    env: bare,
    says: /^no Google credentials to call Cloud Storage: .*run `gcloud auth application-default login`$/,
  },
  {
    cause: "GOOGLE_APPLICATION_CREDENTIALS naming a file that is not there",
    args: () => live,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.missing }),
    says: /^the credentials file cannot be used \(GOOGLE_APPLICATION_CREDENTIALS=\S+no-such-key\.json does not exist or cannot be read\): .*`gcloud auth application-default login`$/,
  },
  {
    cause: "expired or revoked credentials (the token endpoint answers invalid_grant), Cloud Logging",
    args: () => live,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.expired, LOGGING_API_ENDPOINT: "https://127.0.0.1:9" }),
    says: /^Cloud Logging refused the Google credentials, expired or revoked \(.*invalid_grant.*\): run `gcloud auth application-default login` again/,
  },
  {
    cause: "expired or revoked credentials (the token endpoint answers invalid_grant), Cloud Storage",
    args: toBucket,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.expired, STORAGE_API_ENDPOINT: "https://127.0.0.1:9" }),
    says: /^Cloud Storage refused the Google credentials, expired or revoked \(.*invalid_grant.*\): run `gcloud auth application-default login` again/,
  },
  {
    cause: "Cloud Logging answers 401 UNAUTHENTICATED",
    args: () => live,
    env: () => ({ ...bare(), LOGGING_API_ENDPOINT: logging.restUrl }),
    before: failLogging("UNAUTHENTICATED"),
    says: /^Cloud Logging refused the Google credentials, expired or revoked \(.*invalid authentication credentials.*\): run `gcloud auth application-default login` again/,
  },
  {
    cause: "Cloud Logging answers 403 PERMISSION_DENIED",
    args: () => live,
    env: () => ({ ...bare(), LOGGING_API_ENDPOINT: logging.restUrl }),
    before: failLogging("PERMISSION_DENIED"),
    says: new RegExp(`^Cloud Logging refused to read project ${PROJECT} \\(permission denied\\).*: grant roles/logging.viewer with \`gcloud projects add-iam-policy-binding ${PROJECT} --member=user:\\$\\(gcloud config get-value account\\) --role=roles/logging.viewer\`$`),
  },
  {
    cause: "the Cloud Logging API is not enabled (403 SERVICE_DISABLED)",
    args: () => live,
    env: () => ({ ...bare(), LOGGING_API_ENDPOINT: logging.restUrl }),
    before: failLogging("SERVICE_DISABLED"),
    says: new RegExp(`^the Cloud Logging API \\(logging.googleapis.com\\) is not enabled in project ${FAKE_PROJECT_NUMBER}: run \`gcloud services enable logging.googleapis.com --project=${FAKE_PROJECT_NUMBER}\``),
  },
  {
    cause: "Cloud Logging does not know the project (404)",
    args: () => live,
    env: () => ({ ...bare(), LOGGING_API_ENDPOINT: logging.restUrl }),
    before: failLogging("NOT_FOUND"),
    says: new RegExp(`^Cloud Logging does not know project ${PROJECT} .*\`gcloud projects list\`$`),
  },
  {
    cause: "an unknown bucket (404)",
    args: () => ["run", "--input", SAMPLE_HOUR, "--out", "gs://no-such-bucket-here"],
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: gcs.url }),
    says: /^the bucket gs:\/\/no-such-bucket-here does not exist \(The specified bucket does not exist\.\): create it with `gcloud storage buckets create gs:\/\/no-such-bucket-here --project=PROJECT --location=REGION`, or fix --out/,
  },
  {
    cause: "Cloud Storage answers 403 (no permission on the bucket)",
    args: toBucket,
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: gcs.url }),
    before: failGcs(403, GCS_ERRORS.forbidden(BUCKET)),
    says: new RegExp(`^Cloud Storage refused access to gs://${BUCKET} \\(permission denied\\).*: grant roles/storage.objectUser with \`gcloud storage buckets add-iam-policy-binding gs://${BUCKET} --member=user:\\$\\(gcloud config get-value account\\) --role=roles/storage.objectUser\`$`),
  },
  {
    cause: "the Cloud Storage API is not enabled (403 accessNotConfigured)",
    args: toBucket,
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: gcs.url }),
    before: failGcs(403, GCS_ERRORS.apiDisabled(FAKE_PROJECT_NUMBER)),
    says: new RegExp(`^the Cloud Storage API \\(storage-api.googleapis.com\\) is not enabled in project ${FAKE_PROJECT_NUMBER}: run \`gcloud services enable storage-api.googleapis.com --project=${FAKE_PROJECT_NUMBER}\``),
  },
  {
    cause: "Cloud Storage answers 401 (credentials refused)",
    args: toBucket,
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: gcs.url }),
    before: failGcs(401, GCS_ERRORS.unauthenticated),
    says: /^Cloud Storage refused the Google credentials, expired or revoked \(Invalid Credentials\): run `gcloud auth application-default login` again/,
  },
  {
    cause: "nothing listens at LOGGING_API_ENDPOINT (a closed port)",
    args: () => live,
    env: () => ({ ...bare(), LOGGING_API_ENDPOINT: `http://127.0.0.1:${closedPort}` }),
    says: () => new RegExp(`^nothing answers at LOGGING_API_ENDPOINT=http://127.0.0.1:${closedPort} \\(ECONNREFUSED\\).*: start the server there, or fix or unset LOGGING_API_ENDPOINT$`),
  },
  {
    cause: "nothing listens at STORAGE_API_ENDPOINT (a closed port)",
    args: toBucket,
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: `http://127.0.0.1:${closedPort}` }),
    says: () => new RegExp(`^nothing answers at STORAGE_API_ENDPOINT=http://127.0.0.1:${closedPort} \\(ECONNREFUSED\\).*: start the server there, or fix or unset STORAGE_API_ENDPOINT$`),
  },
  {
    cause: "no DNS, reading Cloud Logging with a gcloud login",
    args: () => live,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.user }),
    preload: [NO_DNS],
    says: /^cannot reach Cloud Logging: the name oauth2.googleapis.com does not resolve \(no network or no DNS\).*: check the connection with `getent hosts oauth2.googleapis.com`/,
  },
  {
    cause: "no DNS, writing to a bucket with a gcloud login",
    args: toBucket,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.user }),
    preload: [NO_DNS],
    says: /^cannot reach Cloud Storage: the name oauth2.googleapis.com does not resolve \(no network or no DNS\).*: check the connection with `getent hosts oauth2.googleapis.com`/,
  },
  {
    cause: "no DNS, reading Cloud Logging with credentials that work (gRPC cannot resolve logging.googleapis.com)",
    args: () => live,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.valid }),
    preload: [NO_DNS],
    says: /^cannot reach Cloud Logging: the name logging.googleapis.com does not resolve \(no network or no DNS\).*: check the connection with `getent hosts logging.googleapis.com`/,
  },
  {
    cause: "no DNS for the host of LOGGING_API_ENDPOINT (a private endpoint, gRPC)",
    args: () => live,
    env: () => ({ ...bare(), GOOGLE_APPLICATION_CREDENTIALS: files.valid, LOGGING_API_ENDPOINT: "https://logging.internal.example" }),
    preload: [NO_DNS],
    says: /^cannot resolve the host of LOGGING_API_ENDPOINT=https:\/\/logging.internal.example \(.*\): fix or unset LOGGING_API_ENDPOINT$/,
  },
  {
    cause: "no DNS for the host of STORAGE_API_ENDPOINT",
    args: toBucket,
    env: () => ({ ...bare(), STORAGE_API_ENDPOINT: "http://storage.internal.example:8080" }),
    preload: [NO_DNS],
    says: /^cannot resolve the host of STORAGE_API_ENDPOINT=http:\/\/storage.internal.example:8080 \(.*ENOTFOUND.*\): fix or unset STORAGE_API_ENDPOINT$/,
  },
];

/** The lines on stderr that are not progress. */
function problemLines(r: CliRun): string[] {
  return r.err.split("\n").filter((l) => l && !/^log-gardener: (reading|read \d|the window ends)/.test(l));
}

const matrix: Array<{ cause: string; message: string; code: number | null }> = [];
afterAll(() => {
  // The matrix for the record: cause → message → exit code.
  process.stderr.write(`\n[environment errors]\n${matrix.map((m) => `${m.code} | ${m.cause} | ${m.message}`).join("\n")}\n`);
});

describe("environment problems: exit 1, one line naming the cause and the fix", () => {
  it.each(CASES.map((c) => [c.cause, c] as const))("%s", async (_cause, c) => {
    c.before?.();
    const r = await runCli(cli, c.args(), c.env(), c.preload ? { preload: c.preload } : {});
    const lines = problemLines(r);
    matrix.push({ cause: c.cause, message: lines.join(" / "), code: r.code });
    expect(r.err).not.toContain("[netguard]");
    expect(r.err).not.toMatch(/internal error|\n\s+at |Error:/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^log-gardener: /);
    expect((lines[0] as string).replace(/^log-gardener: /, "")).toMatch(typeof c.says === "function" ? c.says() : c.says);
    expect(r.code).toBe(EXIT_CODES.fix.code);
    expect(r.out).toBe("");
    gcs.clearFaults();
  }, 90_000);
});
