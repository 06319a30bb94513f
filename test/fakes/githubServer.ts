import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OpenapiValidator } from "./githubOpenapiValidator.js";

/**
 * A fake GitHub REST API on 127.0.0.1 for the real Octokit to talk to. Every request is validated
 * against GitHub's own OpenAPI description (the operations the tracker uses, extracted from
 * @octokit/openapi into test/fixtures/github-openapi.json by scripts/extract-github-openapi.ts); an
 * invalid or unknown request is answered 422/404 AND recorded in `invalid`, so tests can assert none.
 * Issues, comments and labels live in memory; `failNext` injects rate limits and server errors.
 * With `app`, it is also the GitHub App side: POST /app/installations/{id}/access_tokens checks the
 * App's JWT (RS256, signed by the App's key, iss = the App id, at most 10 minutes long) and mints an
 * installation token, which the other operations then accept until it expires.
 */

/** What a handler gets: the operation's path parameters, query and body. */
interface Context {
  request: { params: Record<string, string>; query: Record<string, string>; requestBody: unknown };
  /** The App JWT's issuer, on the token exchange. */
  jwtIssuer?: unknown;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  labels: string[];
  created_at: string;
  updated_at: string;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface FakeLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface Injected {
  /** e.g. "issues/create"; "*" = any operation. */
  operationId: string;
  status: number;
  headers?: Record<string, string>;
  message?: string;
  /** Do the operation, then answer with the error anyway (a 502 after the write landed). */
  afterWrite?: boolean;
}

/** A GitHub App the fake knows: its id, its one installation, and the public half of its key. */
export interface FakeGithubApp {
  appId: number;
  installationId: number;
  publicKey: string | KeyObject;
}

export interface FakeGithub {
  url: string;
  token: string;
  /** Installation tokens minted for the App, in order. */
  appTokens: Array<{ token: string; expiresAt: number; jwtIssuer: unknown }>;
  /** JWTs refused at the token exchange, with the reason. */
  refusedJwts: string[];
  /** Make every minted installation token expired (as an hour later). */
  expireAppTokens(): void;
  issues: Map<number, FakeIssue>;
  comments: Map<number, FakeComment>;
  labels: Map<string, FakeLabel>;
  /** Every request: operation, status answered. */
  log: Array<{ operationId: string; method: string; path: string; status: number }>;
  /** Requests that did not match the OpenAPI description (should stay empty). */
  invalid: Array<{ method: string; path: string; errors: unknown }>;
  failNext(...failures: Injected[]): void;
  /** Writes counted by operation, after the fact (answered 2xx or written before an injected error). */
  count(operationId: string): number;
  /** Close an issue as a person would. */
  close(number: number, reason: "completed" | "not_planned" | "duplicate"): void;
  /** Milliseconds to hold every response (to interleave concurrent passes). */
  latencyMs: number;
  stop(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** GitHub's limit on an App JWT's lifetime (exp - iat). */
const MAX_JWT_SECONDS = 600;
/** How long GitHub's installation tokens live. */
const INSTALLATION_TOKEN_MS = 3_600_000;

/** Checks an App JWT as GitHub does; the reason it is refused, or undefined when it is good. */
function jwtProblem(jwt: string, app: FakeGithubApp, now: number): { problem: string } | { issuer: unknown } {
  const [h, p, sig] = jwt.split(".");
  if (!h || !p || !sig) return { problem: "not a JWT" };
  let header: { alg?: string };
  let payload: { iss?: unknown; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as typeof header;
    payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as typeof payload;
  } catch {
    return { problem: "JWT header or payload is not JSON" };
  }
  if (header.alg !== "RS256") return { problem: `alg ${String(header.alg)}, not RS256` };
  const key = typeof app.publicKey === "string" ? createPublicKey(app.publicKey) : app.publicKey;
  if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(sig, "base64url"))) return { problem: "signature does not verify with the App's key" };
  if (String(payload.iss) !== String(app.appId)) return { problem: `iss ${String(payload.iss)} is not the App id` };
  const seconds = now / 1000;
  if (typeof payload.iat !== "number" || typeof payload.exp !== "number") return { problem: "iat/exp missing" };
  if (payload.exp - payload.iat > MAX_JWT_SECONDS) return { problem: "lives longer than 10 minutes" };
  if (payload.exp < seconds || payload.iat > seconds + 60) return { problem: "expired or issued in the future" };
  return { issuer: payload.iss };
}

export async function startFakeGithub(
  validator: OpenapiValidator,
  options: { owner?: string; repo?: string; token?: string; app?: FakeGithubApp } = {},
): Promise<FakeGithub> {
  const owner = options.owner ?? "acme";
  const repo = options.repo ?? "shop";
  const token = options.token ?? "ghs_fakeTokenForTests0000000000000000000";
  const issues = new Map<number, FakeIssue>();
  const comments = new Map<number, FakeComment>();
  const labels = new Map<string, FakeLabel>();
  const log: FakeGithub["log"] = [];
  const invalid: FakeGithub["invalid"] = [];
  const injected: Injected[] = [];
  const writes = new Map<string, number>();
  let nextNumber = 1;
  let nextCommentId = 1000;
  let url = "";
  const now = () => new Date().toISOString();
  const appTokens: FakeGithub["appTokens"] = [];
  const refusedJwts: string[] = [];
  /** Credentials the fake accepts on the repository's operations: its static token, and unexpired installation tokens. */
  const accepts = (authorization: string | undefined): boolean => {
    const m = /^(?:token|bearer) (.+)$/i.exec(authorization ?? "");
    if (!m) return false;
    if (m[1] === token) return true;
    const minted = appTokens.find((t) => t.token === m[1]);
    return minted !== undefined && minted.expiresAt > Date.now();
  };
  const repoUrl = () => `${url}/repos/${owner}/${repo}`;

  const issueJson = (i: FakeIssue) => ({
    id: 100_000 + i.number,
    node_id: `I_${i.number}`,
    url: `${repoUrl()}/issues/${i.number}`,
    html_url: `https://github.test/${owner}/${repo}/issues/${i.number}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels.map((name) => ({ name, color: labels.get(name)?.color ?? "ededed", description: labels.get(name)?.description ?? null })),
    comments: [...comments.values()].filter((c) => c.issue_number === i.number).length,
    created_at: i.created_at,
    updated_at: i.updated_at,
    closed_at: i.state === "closed" ? i.updated_at : null,
  });
  const commentJson = (c: FakeComment) => ({ id: c.id, body: c.body, created_at: c.created_at, updated_at: c.updated_at, html_url: `https://github.test/${owner}/${repo}/issues/${c.issue_number}#issuecomment-${c.id}` });
  const labelJson = (l: FakeLabel) => ({ name: l.name, color: l.color, description: l.description, default: false });

  /** GitHub's pagination: a page of `all` and a Link header naming the next one. */
  function page<T>(c: Context, all: T[], res: ServerResponse, path: string): void {
    const q = c.request.query as Record<string, string>;
    const per = Math.min(Number(q.per_page ?? 30), 100);
    const p = Number(q.page ?? 1);
    const slice = all.slice((p - 1) * per, p * per);
    const headers: Record<string, string> = {};
    if (p * per < all.length) {
      const next = new URLSearchParams({ ...q, page: String(p + 1) });
      headers.link = `<${url}${path}?${next.toString()}>; rel="next"`;
    }
    json(res, 200, slice, headers);
  }

  const useLabels = (names: Array<string | { name?: string }> | undefined): string[] => {
    const out: string[] = [];
    for (const l of names ?? []) {
      const name = typeof l === "string" ? l : (l.name ?? "");
      if (!labels.has(name)) labels.set(name, { name, color: "ededed", description: null }); // GitHub creates unknown labels on issues
      if (!out.includes(name)) out.push(name);
    }
    return out;
  };
  const countWrite = (op: string) => writes.set(op, (writes.get(op) ?? 0) + 1);

  type Handler = (c: Context, res: ServerResponse, path: string) => void;
  const handlers: Record<string, Handler> = {
    "apps/create-installation-access-token": (c, res) => {
      if (!options.app || Number(c.request.params.installation_id) !== options.app.installationId) return json(res, 404, { message: "Not Found" });
      const minted = { token: `ghs_${randomBytes(18).toString("hex")}`, expiresAt: Date.now() + INSTALLATION_TOKEN_MS, jwtIssuer: c.jwtIssuer };
      appTokens.push(minted);
      json(res, 201, { token: minted.token, expires_at: new Date(minted.expiresAt).toISOString(), permissions: { issues: "write", metadata: "read" }, repository_selection: "selected" });
    },
    "issues/list-for-repo": (c, res, path) => {
      const q = c.request.query as Record<string, string>;
      const want = (q.labels ?? "").split(",").filter(Boolean);
      const state = q.state ?? "open";
      let all = [...issues.values()].filter((i) => (state === "all" || i.state === state) && want.every((l) => i.labels.includes(l)));
      const asc = q.direction === "asc";
      all = all.sort((a, b) => (asc ? a.number - b.number : b.number - a.number));
      page(c, all.map(issueJson), res, path);
    },
    "issues/create": (c, res) => {
      const b = c.request.requestBody as { title: string; body?: string; labels?: string[] };
      const t = now();
      const i: FakeIssue = { number: nextNumber++, title: b.title, body: b.body ?? "", state: "open", state_reason: null, labels: useLabels(b.labels), created_at: t, updated_at: t };
      issues.set(i.number, i);
      countWrite("issues/create");
      json(res, 201, issueJson(i));
    },
    "issues/get": (c, res) => {
      const i = issues.get(Number(c.request.params.issue_number));
      if (!i) return json(res, 404, { message: "Not Found" });
      json(res, 200, issueJson(i));
    },
    "issues/update": (c, res) => {
      const i = issues.get(Number(c.request.params.issue_number));
      if (!i) return json(res, 404, { message: "Not Found" });
      const b = c.request.requestBody as { state?: "open" | "closed"; labels?: string[]; title?: string; body?: string; state_reason?: FakeIssue["state_reason"] };
      if (b.state && b.state !== i.state) {
        i.state = b.state;
        i.state_reason = b.state === "open" ? "reopened" : (b.state_reason ?? "completed");
        countWrite(b.state === "open" ? "issues/reopen" : "issues/close");
      }
      if (b.labels) i.labels = useLabels(b.labels);
      if (b.title !== undefined) i.title = b.title;
      if (b.body !== undefined) i.body = b.body;
      i.updated_at = now();
      countWrite("issues/update");
      json(res, 200, issueJson(i));
    },
    "issues/list-comments": (c, res, path) => {
      const n = Number(c.request.params.issue_number);
      if (!issues.has(n)) return json(res, 404, { message: "Not Found" });
      page(c, [...comments.values()].filter((x) => x.issue_number === n).sort((a, b) => a.id - b.id).map(commentJson), res, path);
    },
    "issues/create-comment": (c, res) => {
      const n = Number(c.request.params.issue_number);
      if (!issues.has(n)) return json(res, 404, { message: "Not Found" });
      const t = now();
      const cm: FakeComment = { id: nextCommentId++, issue_number: n, body: (c.request.requestBody as { body: string }).body, created_at: t, updated_at: t };
      comments.set(cm.id, cm);
      countWrite("issues/create-comment");
      json(res, 201, commentJson(cm));
    },
    "issues/update-comment": (c, res) => {
      const cm = comments.get(Number(c.request.params.comment_id));
      if (!cm) return json(res, 404, { message: "Not Found" });
      cm.body = (c.request.requestBody as { body: string }).body;
      cm.updated_at = now();
      countWrite("issues/update-comment");
      json(res, 200, commentJson(cm));
    },
    "issues/list-labels-for-repo": (c, res, path) => page(c, [...labels.values()].map(labelJson), res, path),
    "issues/create-label": (c, res) => {
      const b = c.request.requestBody as { name: string; color?: string; description?: string };
      if ([...labels.keys()].some((n) => n.toLowerCase() === b.name.toLowerCase())) {
        return json(res, 422, { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] });
      }
      const l: FakeLabel = { name: b.name, color: b.color ?? "ededed", description: b.description ?? null };
      labels.set(l.name, l);
      countWrite("issues/create-label");
      json(res, 201, labelJson(l));
    },
    "issues/get-label": (c, res) => {
      const l = labels.get(decodeURIComponent(String(c.request.params.name)));
      if (!l) return json(res, 404, { message: "Not Found" });
      json(res, 200, labelJson(l));
    },
    "issues/delete-label": (c, res) => {
      const name = decodeURIComponent(String(c.request.params.name));
      if (!labels.delete(name)) return json(res, 404, { message: "Not Found" });
      for (const i of issues.values()) i.labels = i.labels.filter((l) => l !== name);
      countWrite("issues/delete-label");
      res.writeHead(204).end();
    },
  };

  const fake: FakeGithub = {
    url: "",
    token,
    appTokens,
    refusedJwts,
    expireAppTokens() {
      for (const t of appTokens) t.expiresAt = Date.now() - 1;
    },
    issues,
    comments,
    labels,
    log,
    invalid,
    latencyMs: 0,
    failNext: (...f) => injected.push(...f),
    count: (op) => writes.get(op) ?? 0,
    close(number, reason) {
      const i = issues.get(number);
      if (!i) throw new Error(`no issue #${number}`);
      i.state = "closed";
      i.state_reason = reason;
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      const raw = await readBody(req);
      const method = (req.method ?? "GET").toLowerCase();
      let status = 0;
      const answer = res.writeHead.bind(res);
      res.writeHead = ((s: number, ...rest: unknown[]) => {
        status = s;
        return (answer as (...a: unknown[]) => ServerResponse)(s, ...rest);
      }) as typeof res.writeHead;
      let operationId = "(unknown)";
      try {
        if (fake.latencyMs) await new Promise((r) => setTimeout(r, fake.latencyMs));
        const exchange = method === "post" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(u.pathname);
        let jwtIssuer: unknown;
        if (exchange) {
          // Only a JWT of the App gets an installation token; a token (even a good one) does not.
          const jwt = /^bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
          const checked = options.app && jwt ? jwtProblem(jwt, options.app, Date.now()) : { problem: options.app ? "no bearer JWT" : "no App configured" };
          if ("problem" in checked) {
            refusedJwts.push(checked.problem);
            return json(res, 401, { message: `A JSON web token could not be decoded (${checked.problem})` });
          }
          jwtIssuer = checked.issuer;
        } else {
          if (!accepts(req.headers.authorization)) return json(res, 401, { message: "Bad credentials" });
          const expected = `/repos/${owner}/${repo}/`;
          if (!u.pathname.startsWith(expected)) return json(res, 404, { message: "Not Found" });
        }
        let body: unknown;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            invalid.push({ method, path: u.pathname, errors: "body is not JSON" });
            return json(res, 400, { message: "Problems parsing JSON" });
          }
        }
        const query = Object.fromEntries(u.searchParams);
        const request = { method, path: u.pathname, query, headers: req.headers as Record<string, string>, ...(body !== undefined ? { body } : {}) };
        const v = await validator.check(request);
        if (!v.operationId) {
          invalid.push({ method, path: u.pathname, errors: v.errors });
          return json(res, 404, { message: "Not Found" });
        }
        operationId = v.operationId;
        if (!v.valid) {
          invalid.push({ method, path: u.pathname, errors: v.errors });
          return json(res, 422, { message: "Validation Failed", errors: v.errors });
        }
        const i = injected.findIndex((f) => f.operationId === operationId || f.operationId === "*");
        const failure = i >= 0 ? injected.splice(i, 1)[0] : undefined;
        const handler = handlers[operationId];
        if (!handler) return json(res, 501, { message: `fake has no handler for ${operationId}` });
        const context: Context = { request: { params: v.params ?? {}, query, requestBody: body }, ...(exchange ? { jwtIssuer } : {}) };
        if (failure && !failure.afterWrite) {
          return json(res, failure.status, { message: failure.message ?? "Server Error", documentation_url: "https://docs.github.com/rest" }, failure.headers);
        }
        if (failure?.afterWrite) {
          // Do the write, throw its answer away, and report an error instead.
          const sink = { writeHead: () => sink, end: () => sink } as unknown as ServerResponse;
          handler(context, sink, u.pathname);
          return json(res, failure.status, { message: failure.message ?? "Server Error" }, failure.headers);
        }
        handler(context, res, u.pathname);
      } catch (err) {
        json(res, 500, { message: (err as Error).message });
      } finally {
        log.push({ operationId, method, path: u.pathname, status });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = url;
  return fake;
}
