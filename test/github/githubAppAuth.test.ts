import { generateKeyPairSync } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Bottleneck from "bottleneck";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { fileSource } from "../../shared/adapters/fileSource.js";
import { createGithubClient, type GithubAppCredentials } from "../../shared/adapters/githubClient.js";
import { githubTracker } from "../../shared/adapters/githubTracker.js";
import { localFolderStateStore } from "../../shared/adapters/localFolderStateStore.js";
import { localFolderWorklogStore } from "../../shared/adapters/localFolderWorklogStore.js";
import { loadConfig, settingsFromEnv } from "../../shared/config/loadConfig.js";
import { runGardener } from "../../shared/gardener/runGardener.js";
import { buildDeps } from "../../functions/buildDeps.js";
import { startOpenapiValidator, type OpenapiValidator } from "../fakes/githubOpenapiValidator.js";
import { startFakeGithub, type FakeGithub } from "../fakes/githubServer.js";
import { HOUR, SERVICE, T0, writeHour } from "./githubPass.js";

/**
 * GitHub App authentication through the real Octokit and @octokit/auth-app against the GitHub fake:
 * the App's JWT, the installation-token exchange (POST /app/installations/{id}/access_tokens, validated
 * against GitHub's OpenAPI description like every other request), one token per pass, and the errors a
 * wrong App setting gives.
 */

const APP_ID = 424242;
const INSTALLATION_ID = 31337;
const keyPair = () => generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const KEYS = keyPair();
/** GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY") .pem files; that is what people put in the secret. */
const APP: GithubAppCredentials = { appId: APP_ID, installationId: INSTALLATION_ID, privateKey: KEYS.privateKey };

let validator: OpenapiValidator;
let fake: FakeGithub;
beforeAll(async () => {
  validator = await startOpenapiValidator();
  fake = await startFakeGithub(validator, { app: { appId: APP_ID, installationId: INSTALLATION_ID, publicKey: KEYS.publicKey } });
});
afterAll(async () => {
  await fake.stop();
  await validator.stop();
});
beforeEach(() => {
  fake.log.length = 0;
  fake.appTokens.length = 0;
  fake.refusedJwts.length = 0;
});

/** A client as one pass builds it, with the plugins' waits shrunk for tests. */
const client = (app: GithubAppCredentials = APP) =>
  createGithubClient({
    app,
    baseUrl: fake.url,
    retryAfterBaseValue: 1,
    throttleGroups: { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }), notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }) },
  });

const EXCHANGE = "apps/create-installation-access-token";

describe("a GitHub App's installation token", () => {
  it("is minted with a JWT the App's key signs, then used for the pass's requests", async () => {
    const octokit = client();
    await octokit.rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    await octokit.rest.issues.listLabelsForRepo({ owner: "acme", repo: "shop" });
    expect(fake.log.map((l) => [l.operationId, l.status])).toEqual([
      [EXCHANGE, 201],
      ["issues/list-for-repo", 200],
      ["issues/list-labels-for-repo", 200],
    ]);
    expect(fake.log[0]?.path).toBe(`/app/installations/${INSTALLATION_ID}/access_tokens`);
    expect(fake.appTokens).toHaveLength(1);
    expect(String(fake.appTokens[0]?.jwtIssuer)).toBe(String(APP_ID));
    expect(fake.refusedJwts).toEqual([]);
    expect(fake.invalid).toEqual([]);
  });

  it("is minted once per pass: the next pass's client mints its own, and an expired one is never reused", async () => {
    const first = client();
    await first.rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    await first.rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    expect(fake.appTokens).toHaveLength(1);
    await client().rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    expect(fake.appTokens).toHaveLength(2);
    // An hour later every token has expired; the next pass's client does not care.
    fake.expireAppTokens();
    await client().rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    expect(fake.appTokens).toHaveLength(3);
    expect(fake.log.filter((l) => l.status === 401)).toEqual([]);
  });

  it("files issues as the App in a whole pass", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-app-"));
    const file = await writeHour(dir, 0, [{ text: "TypeError: Cannot read properties of undefined (reading 'id')", count: 40 }]);
    const result = await runGardener(
      {
        source: fileSource(file),
        worklogs: localFolderWorklogStore(join(dir, "out")),
        state: localFolderStateStore(join(dir, "out")),
        tracker: githubTracker({ client: client(), owner: "acme", repo: "shop", minPriority: "P3", maxNewIssues: 5, commentQuietMs: 24 * HOUR }),
        clock: { now: () => new Date(T0 + HOUR + 5 * 60_000) },
      },
      { services: [SERVICE], window: { kind: "fixed", window: { start: new Date(T0).toISOString(), end: new Date(T0 + HOUR).toISOString() } }, dryRun: false, version: "test" },
    );
    expect(result.services[0]?.kind).toBe("written");
    expect(fake.count("issues/create")).toBeGreaterThanOrEqual(1);
    expect(fake.appTokens).toHaveLength(1);
    expect(fake.log[0]?.operationId).toBe(EXCHANGE);
    expect(fake.invalid).toEqual([]);
  });
});

describe("a wrong App setting", () => {
  const tracker = (app: GithubAppCredentials) => githubTracker({ client: client(app), owner: "acme", repo: "shop", minPriority: "P3", maxNewIssues: 5, commentQuietMs: HOUR });
  async function pass(app: GithubAppCredentials): Promise<unknown> {
    const dir = await mkdtemp(join(tmpdir(), "lg-app-bad-"));
    const file = await writeHour(dir, 0, [{ text: "TypeError: boom", count: 30 }]);
    return runGardener(
      { source: fileSource(file), worklogs: localFolderWorklogStore(join(dir, "out")), state: localFolderStateStore(join(dir, "out")), tracker: tracker(app), clock: { now: () => new Date(T0 + HOUR + 5 * 60_000) } },
      { services: [SERVICE], window: { kind: "fixed", window: { start: new Date(T0).toISOString(), end: new Date(T0 + HOUR).toISOString() } }, dryRun: false, version: "test" },
    ).then(
      () => "passed",
      (err: unknown) => err,
    );
  }

  it.each([
    ["a key that is not the App's", { ...APP, privateKey: keyPair().privateKey }, "signature does not verify with the App's key"],
    ["another App's id", { ...APP, appId: 7 }, "iss 7 is not the App id"],
  ])("%s: the exchange is refused and the pass stops with a one-line error naming the App settings", async (_name, app, refusal) => {
    const created = fake.count("issues/create");
    const err = (await pass(app)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^GitHub refused the App's installation token \(401\) while .*: check GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID \(the App must be installed on acme\/shop's owner\) and GITHUB_APP_PRIVATE_KEY$/);
    expect(fake.refusedJwts).toEqual([refusal]);
    expect(fake.count("issues/create")).toBe(created);
    // Refused before anything else is asked: nothing reaches the repository.
    expect(fake.log.map((l) => [l.path, l.status])).toEqual([[`/app/installations/${INSTALLATION_ID}/access_tokens`, 401]]);
  });

  it("an installation the fake does not know: refused as well, nothing filed", async () => {
    const err = (await pass({ ...APP, installationId: 99 })) as Error;
    expect(err.message).toMatch(/^GitHub refused the App's installation token \(404\)/);
    expect(fake.appTokens).toEqual([]);
    expect(fake.log.map((l) => l.operationId)).toEqual([EXCHANGE]);
  });
});

describe("the settings", () => {
  const base = { projectId: "acme-prod", services: SERVICE, bucket: "b-unused", githubRepository: "acme/shop" };
  const env = (extra: Record<string, string>) => loadConfig({ ...base, ...settingsFromEnv(extra) }, "function");

  it("take the App's id, installation id and private key (PKCS#1 or PKCS#8, or pasted with \\n)", () => {
    const pkcs8 = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
    for (const key of [KEYS.privateKey, pkcs8, KEYS.privateKey.replace(/\n/g, "\\n")]) {
      const config = env({ GITHUB_APP_ID: String(APP_ID), GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID), GITHUB_APP_PRIVATE_KEY: key });
      expect(config.github).toMatchObject({ owner: "acme", repo: "shop", auth: { kind: "app", appId: APP_ID, installationId: INSTALLATION_ID } });
      expect(config.github?.auth?.kind === "app" && config.github.auth.privateKey.startsWith("-----BEGIN")).toBe(true);
    }
    expect(env({ GITHUB_TOKEN: "ghp_x" }).github?.auth).toEqual({ kind: "token", token: "ghp_x" });
  });

  it("name every problem: both kinds given, part of the App, a bad id, a key that is not one (never echoed)", () => {
    const key = KEYS.privateKey;
    expect(() => env({ GITHUB_TOKEN: "ghp_x", GITHUB_APP_ID: "1", GITHUB_APP_INSTALLATION_ID: "2", GITHUB_APP_PRIVATE_KEY: key })).toThrow(
      "GITHUB_TOKEN and GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY are both set: give a token or a GitHub App, not both",
    );
    expect(() => env({ GITHUB_APP_ID: "1" })).toThrow("GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY are not set: a GitHub App needs GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY");
    expect(() => env({ GITHUB_APP_ID: "app-1", GITHUB_APP_INSTALLATION_ID: "2", GITHUB_APP_PRIVATE_KEY: key })).toThrow('GITHUB_APP_ID="app-1" must be a GitHub numeric id');
    let message = "";
    try {
      env({ GITHUB_APP_ID: "1", GITHUB_APP_INSTALLATION_ID: "2", GITHUB_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LXRoaW5n\n-----END RSA PRIVATE KEY-----" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^GITHUB_APP_PRIVATE_KEY is not a readable private key \(.*\): give the whole \.pem file from the App's settings$/);
    expect(message).not.toContain("c2VjcmV0LXRoaW5n");
    expect(() => env({})).toThrow(/GITHUB_TOKEN is not set: a repository is configured \(acme\/shop\), so a token with issues:write is needed, or a GitHub App/);
  });

  it("reach the function's GitHub client: the tracker buildDeps makes mints its token from the App", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lg-app-deps-"));
    const file = await writeHour(dir, 0, [{ text: "TypeError: Cannot read properties of null", count: 10 }]);
    const config = env({ GITHUB_APP_ID: String(APP_ID), GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID), GITHUB_APP_PRIVATE_KEY: KEYS.privateKey, GITHUB_API_URL: fake.url, GARDENER_MAX_NEW_ISSUES: "0" });
    const deps = await buildDeps(config, { kind: "file", path: file }, { kind: "folder", path: join(dir, "out") });
    await runGardener(
      { ...deps, clock: { now: () => new Date(T0 + HOUR + 5 * 60_000) } },
      { services: [SERVICE], window: { kind: "fixed", window: { start: new Date(T0).toISOString(), end: new Date(T0 + HOUR).toISOString() } }, dryRun: false, version: "test" },
    );
    expect(fake.log[0]?.operationId).toBe(EXCHANGE);
    expect(fake.appTokens).toHaveLength(1);
    expect(fake.log.slice(1).every((l) => l.status < 400)).toBe(true);
  });
});
