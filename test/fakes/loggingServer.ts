import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { matches, parseFilter, type ParsedFilter } from "./loggingServerFilter.js";
import { resourceSelector } from "./loggingViews.js";

/**
 * A local Cloud Logging `entries.list` for the real @google-cloud/logging client, over gRPC (built
 * from the protos the client package ships) and over REST (`POST /v2/entries:list`, the client's
 * `fallback: "rest"`). Both serve the same entries, held in the REST shape (as `gcloud logging read
 * --format=json` prints them), and honour resourceNames, the filter (see loggingServerFilter.ts),
 * orderBy, pageSize (max 1000, default 50) and page tokens. Faults can be queued per request.
 * resourceNames may be projects or log views (see loggingViews.ts; `views` defines the custom ones by
 * their filter); an unknown view is answered NOT_FOUND.
 */
export type RestEntry = Record<string, unknown>;

/** Entries sorted by timestamp ascending; `at` may build them on the fly (benchmarks). */
export interface EntryList {
  length: number;
  at(i: number): RestEntry;
}

/** SERVICE_DISABLED: the API is not enabled in the project (a PERMISSION_DENIED with its ErrorInfo, as Google answers it). */
export type FaultKind = "RESOURCE_EXHAUSTED" | "UNAVAILABLE" | "INTERNAL" | "PERMISSION_DENIED" | "NOT_FOUND" | "UNAUTHENTICATED" | "SERVICE_DISABLED";

const GRPC_CODE: Record<FaultKind, grpc.status> = {
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  INTERNAL: grpc.status.INTERNAL,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  NOT_FOUND: grpc.status.NOT_FOUND,
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  SERVICE_DISABLED: grpc.status.PERMISSION_DENIED,
};
const HTTP_CODE: Record<FaultKind, number> = {
  RESOURCE_EXHAUSTED: 429, UNAVAILABLE: 503, INTERNAL: 500, PERMISSION_DENIED: 403, NOT_FOUND: 404, UNAUTHENTICATED: 401, SERVICE_DISABLED: 403,
};

/** The project number Google names in a SERVICE_DISABLED answer. */
export const FAKE_PROJECT_NUMBER = "123456789012";

/** Google's own words for these faults (the REST `error` object; gRPC carries the same message and ErrorInfo). */
const FAULT_TEXT: Partial<Record<FaultKind, { message: string; status: string; details?: Array<Record<string, unknown>> }>> = {
  UNAUTHENTICATED: {
    status: "UNAUTHENTICATED",
    message:
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  },
  PERMISSION_DENIED: { status: "PERMISSION_DENIED", message: "The caller does not have permission" },
  SERVICE_DISABLED: {
    status: "PERMISSION_DENIED",
    message:
      `Cloud Logging API has not been used in project ${FAKE_PROJECT_NUMBER} before or it is disabled. Enable it by visiting ` +
      `https://console.developers.google.com/apis/api/logging.googleapis.com/overview?project=${FAKE_PROJECT_NUMBER} then retry. ` +
      "If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "SERVICE_DISABLED",
        domain: "googleapis.com",
        metadata: { consumer: `projects/${FAKE_PROJECT_NUMBER}`, service: "logging.googleapis.com" },
      },
    ],
  },
};

export interface ListRequest {
  resourceNames: string[];
  filter: string;
  orderBy: string;
  pageSize: number;
  pageToken: string;
}

export interface FakeLoggingServer {
  /** "127.0.0.1:PORT" of the gRPC server. */
  grpcPort: number;
  /** http://127.0.0.1:PORT of the REST server. */
  restUrl: string;
  /** Every entries.list request received (faulted ones too), in order. */
  requests: ListRequest[];
  setEntries(entries: EntryList | RestEntry[]): void;
  /** The next `count` requests fail with `kind`. */
  failNext(kind: FaultKind, count?: number): void;
  /** Request number `n` (1-based, counted from now) fails with `kind`. */
  failRequest(n: number, kind: FaultKind): void;
  close(): Promise<void>;
}

const PROTO_ROOTS = (() => {
  const require = createRequire(import.meta.url);
  const loggingApi = dirname(require.resolve("@google-cloud/logging-api/package.json"));
  // google/api, google/protobuf and google/rpc come with the google-gax the client uses (nested or hoisted).
  const gaxProtos = [join(loggingApi, "node_modules/google-gax/build/protos"), join(loggingApi, "../../google-gax/build/protos")].find((d) => existsSync(d));
  if (!gaxProtos) throw new Error(`google-gax protos not found beside ${loggingApi}`);
  return { file: join(loggingApi, "build/protos/google/logging/v2/logging.proto"), includeDirs: [join(loggingApi, "build/protos"), gaxProtos] };
})();

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;

export async function startLoggingServer(options: { project: string; entries?: RestEntry[]; views?: Record<string, string> }): Promise<FakeLoggingServer> {
  let entries: EntryList = listOf(options.entries ?? []);
  const requests: ListRequest[] = [];
  const faults: Array<FaultKind | undefined> = [];
  /** Matching indices per filter+order, so paging through a large list is not quadratic. */
  const cache = new Map<string, Int32Array>();

  function list(req: ListRequest): { fault: FaultKind; message?: string } | { error: string } | { entries: RestEntry[]; nextPageToken: string } {
    requests.push(req);
    const fault = faults.shift();
    if (fault) return { fault };
    if (!req.resourceNames.length) return { error: "resourceNames is required" };
    const selectors = req.resourceNames.map((r) => resourceSelector(r, options.views ?? {}));
    const unknown = req.resourceNames.filter((_, i) => !selectors[i]);
    if (unknown.length) return { fault: "NOT_FOUND", message: `no such project or log view: ${unknown.join(", ")}` };
    const order = (req.orderBy || "timestamp asc").trim().toLowerCase();
    if (order !== "timestamp asc" && order !== "timestamp desc") return { error: `unsupported orderBy ${req.orderBy}` };
    const size = req.pageSize > 0 ? Math.min(req.pageSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    const key = `${req.resourceNames.join(",")}|${order}|${req.filter}`;
    let hits = cache.get(key);
    if (!hits) {
      let parsed: ParsedFilter | undefined;
      try {
        parsed = req.filter ? parseFilter(req.filter) : undefined;
      } catch (err) {
        return { error: `invalid filter: ${(err as Error).message}` };
      }
      const found: number[] = [];
      for (let i = 0; i < entries.length; i++) {
        const e = entries.at(i);
        if (!selectors.some((select) => select?.(e))) continue;
        if (parsed && !matches(parsed, e)) continue;
        found.push(i);
      }
      if (order === "timestamp desc") found.reverse();
      hits = Int32Array.from(found);
      cache.set(key, hits);
    }
    let offset = 0;
    if (req.pageToken) {
      const m = /^(\d+)\.(.+)$/.exec(Buffer.from(req.pageToken, "base64url").toString());
      if (!m || m[2] !== hashOf(key)) return { error: "page token does not belong to this request" };
      offset = Number(m[1]);
    }
    const page: RestEntry[] = [];
    for (let i = offset; i < Math.min(offset + size, hits.length); i++) page.push(entries.at(hits[i] as number));
    const next = offset + size < hits.length ? Buffer.from(`${offset + size}.${hashOf(key)}`).toString("base64url") : "";
    return { entries: page, nextPageToken: next };
  }

  // gRPC
  const definition = protoLoader.loadSync(PROTO_ROOTS.file, {
    includeDirs: PROTO_ROOTS.includeDirs, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true,
  });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    google: { logging: { v2: { LoggingServiceV2: { service: grpc.ServiceDefinition } } } };
  };
  const grpcServer = new grpc.Server();
  const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED, details: "not in the fake" });
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(proto.google.logging.v2.LoggingServiceV2.service)) handlers[name] = unimplemented;
  handlers.ListLogEntries = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) => {
    const r = call.request;
    const out = list({
      resourceNames: (r.resourceNames as string[] | undefined) ?? [],
      filter: String(r.filter ?? ""),
      orderBy: String(r.orderBy ?? ""),
      pageSize: Number(r.pageSize ?? 0),
      pageToken: String(r.pageToken ?? ""),
    });
    if ("fault" in out) {
      const text = FAULT_TEXT[out.fault];
      const details = out.message ?? text?.message ?? `injected ${out.fault}`;
      return cb({ code: GRPC_CODE[out.fault], details, ...(text?.details ? { metadata: statusDetails(GRPC_CODE[out.fault], details, text.details) } : {}) });
    }
    if ("error" in out) return cb({ code: grpc.status.INVALID_ARGUMENT, details: out.error });
    cb(null, { entries: out.entries.map(toProtoEntry), nextPageToken: out.nextPageToken });
  };
  grpcServer.addService(proto.google.logging.v2.LoggingServiceV2.service, handlers);
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );

  // REST
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || !req.url?.startsWith("/v2/entries:list")) return send(404, { error: { code: 404, message: `no ${req.method} ${req.url} in the fake`, status: "NOT_FOUND" } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        return send(400, { error: { code: 400, message: "body is not JSON", status: "INVALID_ARGUMENT" } });
      }
      const out = list({
        resourceNames: (body.resourceNames as string[] | undefined) ?? [],
        filter: String(body.filter ?? ""),
        orderBy: String(body.orderBy ?? ""),
        pageSize: Number(body.pageSize ?? 0),
        pageToken: String(body.pageToken ?? ""),
      });
      if ("fault" in out) {
        const text = FAULT_TEXT[out.fault];
        const error = { code: HTTP_CODE[out.fault], message: out.message ?? text?.message ?? `injected ${out.fault}`, status: text?.status ?? out.fault, ...(text?.details ? { details: text.details } : {}) };
        return send(HTTP_CODE[out.fault], { error });
      }
      if ("error" in out) return send(400, { error: { code: 400, message: out.error, status: "INVALID_ARGUMENT" } });
      send(200, out.nextPageToken ? out : { entries: out.entries });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const restPort = typeof address === "object" && address ? address.port : 0;

  return {
    grpcPort,
    restUrl: `http://127.0.0.1:${restPort}`,
    requests,
    setEntries(next) {
      entries = Array.isArray(next) ? listOf(next) : next;
      cache.clear();
    },
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i++) faults.push(kind);
    },
    failRequest(n, kind) {
      while (faults.length < n) faults.push(undefined);
      faults[n - 1] = kind;
    },
    async close() {
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function listOf(array: RestEntry[]): EntryList {
  const sorted = [...array].sort((a, b) => Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)));
  return { length: sorted.length, at: (i) => sorted[i] as RestEntry };
}

function hashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** REST JSON -> the protobuf object shape grpc-js serialises (Timestamp, Duration, Struct). */
export function toProtoEntry(e: RestEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined || v === null) continue;
    switch (k) {
      case "timestamp":
      case "receiveTimestamp":
        out[k] = timestampOf(String(v));
        break;
      case "jsonPayload":
        out.jsonPayload = structOf(v as Record<string, unknown>);
        break;
      case "httpRequest": {
        const h = { ...(v as Record<string, unknown>) };
        if (typeof h.latency === "string") h.latency = durationOf(h.latency);
        out.httpRequest = h;
        break;
      }
      case "protoPayload":
        // An Any needs the audit-log protos to encode; the fake sends such entries without payload.
        break;
      case "errorGroups":
        // Not in google.logging.v2.LogEntry: the gRPC API does not return it.
        break;
      default:
        out[k] = v;
    }
  }
  return out;
}

function timestampOf(iso: string): { seconds: string; nanos: number } {
  const ms = Date.parse(iso);
  const frac = /\.(\d+)Z$/.exec(iso)?.[1] ?? "";
  const nanos = frac ? Number(frac.padEnd(9, "0").slice(0, 9)) : (ms % 1000) * 1e6;
  return { seconds: String(Math.floor(ms / 1000)), nanos };
}

function durationOf(text: string): { seconds: string; nanos: number } {
  const [s, frac = ""] = text.replace(/s$/, "").split(".");
  return { seconds: s ?? "0", nanos: Number(frac.padEnd(9, "0").slice(0, 9)) };
}

function structOf(obj: Record<string, unknown>): { fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) fields[k] = valueOf(v);
  return { fields };
}

function valueOf(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "number") return { numberValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueOf) } };
  return { structValue: structOf(v as Record<string, unknown>) };
}

/**
 * google.rpc.Status with its details, as gRPC servers send it in the `grpc-status-details-bin`
 * trailer (gax decodes it into the error's reason and metadata).
 */
function statusDetails(code: number, message: string, details: Array<Record<string, unknown>>): grpc.Metadata {
  const root = RPC_PROTOS();
  const Status = root.lookupType("google.rpc.Status");
  const ErrorInfo = root.lookupType("google.rpc.ErrorInfo");
  const status = Status.create({
    code,
    message,
    details: details.map((d) => {
      const { ["@type"]: typeUrl, ...fields } = d;
      return { type_url: String(typeUrl), value: ErrorInfo.encode(ErrorInfo.fromObject(fields)).finish() };
    }),
  });
  const metadata = new grpc.Metadata();
  metadata.set("grpc-status-details-bin", Buffer.from(Status.encode(status).finish()));
  return metadata;
}

let rpcRoot: protobuf.Root | undefined;
function RPC_PROTOS(): protobuf.Root {
  if (rpcRoot) return rpcRoot;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_ROOTS.includeDirs.map((d) => join(d, target)).find((f) => existsSync(f)) ?? target;
  root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: true });
  rpcRoot = root;
  return root;
}
