import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A local Cloud Storage JSON API for the real @google-cloud/storage client (built with
 * `apiEndpoint: "http://127.0.0.1:PORT"`): object generations, `ifGenerationMatch` (0 = only if
 * absent) answered with 412, crc32c and md5 in metadata and `x-goog-hash` on download (the client
 * checks them), media / multipart / resumable uploads, `generation=` reads, and queued faults.
 */
export interface StoredObject {
  name: string;
  bucket: string;
  data: Buffer;
  contentType: string;
  generation: number;
  metageneration: number;
  updated: string;
}

export interface GcsRequestLog {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FakeGcsServer {
  url: string;
  requests: GcsRequestLog[];
  /** Current objects, by `bucket/name`. */
  objects: Map<string, StoredObject>;
  get(bucket: string, name: string): StoredObject | undefined;
  /**
   * The next `count` requests for which `match` holds are answered with `status` (e.g. 503) and not
   * performed; `body` is the answer (default `{error: {code, message: "injected <status>"}}`; see GCS_ERRORS for Google's own).
   */
  failNext(status: number, count?: number, match?: (method: string, objectName: string | undefined, uploadType: string | undefined) => boolean, body?: unknown): void;
  /** Drops faults not consumed yet; returns how many there were. */
  clearFaults(): number;
  /** Runs before the next matching request is performed (a concurrent writer, a crash point). */
  beforeNext(match: (method: string, objectName: string | undefined) => boolean, action: () => void): void;
  close(): Promise<void>;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32cBase64(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString("base64");
}

/** Cloud Storage's own error answers (JSON API), for faults that are the environment's: credentials, permission, API, bucket. */
export const GCS_ERRORS = {
  unauthenticated: {
    error: { code: 401, message: "Invalid Credentials", errors: [{ message: "Invalid Credentials", domain: "global", reason: "authError", locationType: "header", location: "Authorization" }] },
  },
  forbidden: (bucket: string) => {
    const message = `gardener@example.iam.gserviceaccount.com does not have storage.objects.list access to the Google Cloud Storage bucket. Permission 'storage.objects.list' denied on resource (or it may not exist).`;
    return { error: { code: 403, message, errors: [{ message, domain: "global", reason: "forbidden" }], bucket } };
  },
  apiDisabled: (projectNumber: string) => {
    const message =
      `Cloud Storage JSON API has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting ` +
      `https://console.developers.google.com/apis/api/storage-api.googleapis.com/overview?project=${projectNumber} then retry. ` +
      "If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.";
    return {
      error: {
        code: 403,
        message,
        errors: [{ message, domain: "usageLimits", reason: "accessNotConfigured", extendedHelp: "https://console.developers.google.com" }],
        details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "SERVICE_DISABLED", domain: "googleapis.com", metadata: { consumer: `projects/${projectNumber}`, service: "storage-api.googleapis.com" } }],
      },
    };
  },
  noSuchBucket: { error: { code: 404, message: "The specified bucket does not exist.", errors: [{ message: "The specified bucket does not exist.", domain: "global", reason: "notFound" }] } },
} as const;

/** `buckets`: the buckets that exist (others answer 404 as Cloud Storage does); absent = any bucket exists. */
export async function startGcsServer(options: { buckets?: readonly string[] } = {}): Promise<FakeGcsServer> {
  const objects = new Map<string, StoredObject>();
  const requests: GcsRequestLog[] = [];
  const faults: Array<{ status: number; body?: unknown; match: (m: string, o: string | undefined, u: string | undefined) => boolean }> = [];
  const hooks: Array<{ match: (m: string, o: string | undefined) => boolean; action: () => void }> = [];
  const resumable = new Map<string, { bucket: string; name: string; contentType: string; query: Record<string, string> }>();
  let nextGeneration = 1_700_000_000_000_000;
  let baseUrl = "";

  const metadataOf = (o: StoredObject) => ({
    kind: "storage#object",
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${o.bucket}/o/${encodeURIComponent(o.name)}`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    metageneration: String(o.metageneration),
    contentType: o.contentType,
    size: String(o.data.length),
    md5Hash: createHash("md5").update(o.data).digest("base64"),
    crc32c: crc32cBase64(o.data),
    timeCreated: o.updated,
    updated: o.updated,
    storageClass: "STANDARD",
  });

  function preconditionFails(existing: StoredObject | undefined, query: Record<string, string>): string | undefined {
    if (query.ifGenerationMatch !== undefined) {
      const want = Number(query.ifGenerationMatch);
      const have = existing?.generation ?? 0;
      if (want !== have) return `ifGenerationMatch ${want}, object generation ${have}`;
    }
    if (query.ifGenerationNotMatch !== undefined && existing && Number(query.ifGenerationNotMatch) === existing.generation) return "ifGenerationNotMatch";
    if (query.ifMetagenerationMatch !== undefined && (existing?.metageneration ?? 0) !== Number(query.ifMetagenerationMatch)) return "ifMetagenerationMatch";
    return undefined;
  }

  function write(bucket: string, name: string, data: Buffer, contentType: string, query: Record<string, string>, res: ServerResponse, send: Send) {
    const key = `${bucket}/${name}`;
    const failed = preconditionFails(objects.get(key), query);
    if (failed) return send(412, { error: { code: 412, message: `At least one of the pre-conditions you specified did not hold. (${failed})`, errors: [{ reason: "conditionNotMet" }] } });
    const o: StoredObject = { name, bucket, data, contentType: contentType || "application/octet-stream", generation: nextGeneration++, metageneration: 1, updated: new Date().toISOString() };
    objects.set(key, o);
    void res;
    send(200, metadataOf(o));
  }

  type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://x");
      const query = Object.fromEntries(url.searchParams);
      const method = req.method ?? "GET";
      const log: GcsRequestLog = { method, path: url.pathname, query, status: 0 };
      requests.push(log);
      const send: Send = (status, payload, headers = {}) => {
        log.status = status;
        if (Buffer.isBuffer(payload)) {
          res.writeHead(status, headers);
          res.end(payload);
          return;
        }
        res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const m = /^\/(upload\/)?storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
      const objectName = m?.[3] !== undefined ? decodeURIComponent(m[3]) : query.name;
      const fi = faults.findIndex((f) => f.match(method, objectName, query.uploadType));
      if (fi >= 0) {
        const [f] = faults.splice(fi, 1);
        return send(f!.status, f!.body ?? { error: { code: f!.status, message: `injected ${f!.status}` } });
      }
      const hi = hooks.findIndex((h) => h.match(method, objectName));
      if (hi >= 0) hooks.splice(hi, 1)[0]!.action();
      if (!m) return send(404, { error: { code: 404, message: `no route ${method} ${url.pathname} in the fake` } });
      const bucket = m[2] as string;
      if (options.buckets && !options.buckets.includes(bucket)) return send(404, GCS_ERRORS.noSuchBucket);
      const upload = Boolean(m[1]);

      if (upload && method === "POST") {
        const type = query.uploadType;
        if (type === "media") {
          if (!query.name) return send(400, { error: { code: 400, message: "name is required" } });
          return write(bucket, query.name, body, String(req.headers["content-type"] ?? ""), query, res, send);
        }
        if (type === "multipart") {
          const parsed = parseMultipart(body, String(req.headers["content-type"] ?? ""));
          if (!parsed) return send(400, { error: { code: 400, message: "bad multipart body" } });
          const name = (parsed.metadata.name as string | undefined) ?? query.name;
          if (!name) return send(400, { error: { code: 400, message: "name is required" } });
          return write(bucket, name, parsed.data, (parsed.metadata.contentType as string | undefined) ?? parsed.contentType, query, res, send);
        }
        if (type === "resumable") {
          const meta = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
          const name = (meta.name as string | undefined) ?? query.name;
          if (!name) return send(400, { error: { code: 400, message: "name is required" } });
          const failed = preconditionFails(objects.get(`${bucket}/${name}`), query);
          if (failed) return send(412, { error: { code: 412, message: `precondition failed (${failed})` } });
          const id = randomUUID();
          resumable.set(id, { bucket, name, contentType: String(meta.contentType ?? req.headers["x-upload-content-type"] ?? ""), query });
          return send(200, undefined, { location: `${baseUrl}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}` });
        }
        return send(400, { error: { code: 400, message: `uploadType ${type} not in the fake` } });
      }
      if (upload && method === "PUT" && query.upload_id) {
        const session = resumable.get(query.upload_id);
        if (!session) return send(404, { error: { code: 404, message: "no such upload session" } });
        // One PUT carries the whole (small) object; Content-Range "bytes 0-N/N+1" or "bytes */0".
        resumable.delete(query.upload_id);
        return write(session.bucket, session.name, body, session.contentType, session.query, res, send);
      }
      if (!upload && m[3] !== undefined && (method === "GET" || method === "HEAD")) {
        const o = objects.get(`${bucket}/${objectName}`);
        if (!o || (query.generation !== undefined && Number(query.generation) !== o.generation)) {
          return send(404, { error: { code: 404, message: `No such object: ${bucket}/${objectName}` } });
        }
        const failed = preconditionFails(o, query);
        if (failed) return send(412, { error: { code: 412, message: `precondition failed (${failed})` } });
        if (query.alt === "media") {
          return send(200, o.data, {
            "content-type": o.contentType,
            "x-goog-hash": `crc32c=${crc32cBase64(o.data)},md5=${createHash("md5").update(o.data).digest("base64")}`,
            "x-goog-generation": String(o.generation),
            "x-goog-stored-content-length": String(o.data.length),
          });
        }
        return send(200, metadataOf(o));
      }
      if (!upload && m[3] !== undefined && method === "DELETE") {
        const key = `${bucket}/${objectName}`;
        const failed = preconditionFails(objects.get(key), query);
        if (failed) return send(412, { error: { code: 412, message: `precondition failed (${failed})` } });
        if (!objects.delete(key)) return send(404, { error: { code: 404, message: "No such object" } });
        return send(204, undefined);
      }
      if (!upload && m[3] === undefined && method === "GET") {
        const prefix = query.prefix ?? "";
        const items = [...objects.values()].filter((o) => o.bucket === bucket && o.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name)).map(metadataOf);
        return send(200, { kind: "storage#objects", items });
      }
      send(404, { error: { code: 404, message: `no route ${method} ${url.pathname} in the fake` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url: baseUrl,
    requests,
    objects,
    get: (bucket, name) => objects.get(`${bucket}/${name}`),
    failNext(status, count = 1, match = () => true, body?: unknown) {
      for (let i = 0; i < count; i++) faults.push({ status, match, ...(body !== undefined ? { body } : {}) });
    },
    clearFaults() {
      return faults.splice(0).length;
    },
    beforeNext(match, action) {
      hooks.push({ match, action });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseMultipart(body: Buffer, contentType: string): { metadata: Record<string, unknown>; data: Buffer; contentType: string } | undefined {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const parts: Buffer[] = [];
  const sep = Buffer.from(`--${boundary}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const next = body.indexOf(sep, at + sep.length);
    if (next < 0) break;
    parts.push(body.subarray(at + sep.length, next));
    at = next;
  }
  const decoded = parts.map((p) => {
    const headEnd = p.indexOf("\r\n\r\n");
    const head = p.subarray(0, headEnd).toString("utf8");
    let content = p.subarray(headEnd + 4);
    if (content.subarray(-2).toString() === "\r\n") content = content.subarray(0, -2);
    return { type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? "", content };
  });
  const [meta, media] = decoded;
  if (!meta || !media) return undefined;
  return { metadata: JSON.parse(meta.content.toString("utf8")) as Record<string, unknown>, data: media.content, contentType: media.type };
}
