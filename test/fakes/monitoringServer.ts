import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { listTimeSeries, QueryError, type FakeDistribution, type FakePoint, type FakeSeries, type ListQuery } from "./monitoringServerQuery.js";

/**
 * A local Cloud Monitoring `projects.timeSeries.list` for the real @google-cloud/monitoring client,
 * over gRPC (built from the protos the client package ships, as test/fakes/loggingServer.ts does for
 * Logging) and over REST (`GET /v3/projects/P/timeSeries?filter=…`, the client's `fallback: "rest"`).
 * Both serve the same series (see monitoringServerQuery.ts for what a query may ask), page by page.
 * Faults can be queued: permission refused, the API disabled in the project, 429 and 503.
 */
export type MonitoringFault = "PERMISSION_DENIED" | "API_DISABLED" | "RESOURCE_EXHAUSTED" | "UNAVAILABLE";

export interface FakeMonitoringServer {
  grpcPort: number;
  /** http://127.0.0.1:PORT of the REST server. */
  restUrl: string;
  /** Every list request received (faulted ones too), in order. */
  requests: ListQuery[];
  setSeries(series: FakeSeries[]): void;
  failNext(kind: MonitoringFault, count?: number): void;
  close(): Promise<void>;
}

const GRPC_CODE: Record<MonitoringFault, grpc.status> = {
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  API_DISABLED: grpc.status.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
};
const HTTP_CODE: Record<MonitoringFault, number> = { PERMISSION_DENIED: 403, API_DISABLED: 403, RESOURCE_EXHAUSTED: 429, UNAVAILABLE: 503 };
/** What Google answers in each case (the disabled-API text is the one Monitoring sends). */
const MESSAGE: Record<MonitoringFault, (project: string) => string> = {
  PERMISSION_DENIED: (p) => `Permission monitoring.timeSeries.list denied (or the resource may not exist) on projects/${p}.`,
  API_DISABLED: (p) =>
    `Cloud Monitoring API has not been used in project ${p} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/monitoring.googleapis.com/overview?project=${p} then retry.`,
  RESOURCE_EXHAUSTED: () => "Quota exceeded for quota metric 'Time series queries' of service 'monitoring.googleapis.com'.",
  UNAVAILABLE: () => "The service is currently unavailable.",
};

/** proto enum numbers, as the REST fallback sends them (`$alt=json;enum-encoding=int`). */
const ALIGNERS: Record<number, string> = { 0: "ALIGN_NONE", 1: "ALIGN_DELTA", 14: "ALIGN_SUM" };
const REDUCERS: Record<number, string> = { 0: "REDUCE_NONE", 4: "REDUCE_SUM" };
/** Series per page when the request names no page size (Monitoring's default is 100000; small here so paging is exercised). */
const DEFAULT_PAGE_SIZE = 100;

const PROTO_ROOTS = (() => {
  const require = createRequire(import.meta.url);
  const monitoring = dirname(require.resolve("@google-cloud/monitoring/package.json"));
  const gaxProtos = [join(monitoring, "node_modules/google-gax/build/protos"), join(monitoring, "../../google-gax/build/protos")].find((d) =>
    existsSync(join(d, "google/api/distribution.proto")),
  );
  if (!gaxProtos) throw new Error(`google-gax protos not found beside ${monitoring}`);
  return { file: join(monitoring, "build/protos/google/monitoring/v3/metric_service.proto"), includeDirs: [join(monitoring, "build/protos"), gaxProtos] };
})();

/** `projects`: more projects the fake answers for; each sees only the series of its own resources (resource.labels.project_id). */
export async function startMonitoringServer(options: { project: string; projects?: string[]; series?: FakeSeries[] }): Promise<FakeMonitoringServer> {
  const known = new Set([options.project, ...(options.projects ?? [])]);
  let series: FakeSeries[] = options.series ?? [];
  const requests: ListQuery[] = [];
  const faults: MonitoringFault[] = [];

  type Listed = { fault: MonitoringFault } | { error: string } | { timeSeries: FakeSeries[]; nextPageToken: string };
  function list(q: ListQuery, pageSize: number, pageToken: string): Listed {
    requests.push(q);
    const fault = faults.shift();
    if (fault) return { fault };
    const project = q.name.replace(/^projects\//, "");
    if (!known.has(project)) return { error: `unknown project ${q.name}` };
    let all: FakeSeries[];
    try {
      all = listTimeSeries(series.filter((x) => (x.resourceLabels.project_id ?? project) === project), q);
    } catch (err) {
      if (err instanceof QueryError) return { error: err.message };
      throw err;
    }
    const size = pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE;
    const offset = pageToken ? Number(Buffer.from(pageToken, "base64url").toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) return { error: "bad page token" };
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString("base64url") : "";
    return { timeSeries: all.slice(offset, offset + size), nextPageToken: next };
  }

  // gRPC
  const definition = protoLoader.loadSync(PROTO_ROOTS.file, { includeDirs: PROTO_ROOTS.includeDirs, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    google: { monitoring: { v3: { MetricService: { service: grpc.ServiceDefinition } } } };
  };
  const grpcServer = new grpc.Server();
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(proto.google.monitoring.v3.MetricService.service)) {
    handlers[name] = (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED, details: "not in the fake" });
  }
  handlers.ListTimeSeries = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) => {
    const r = call.request as {
      name?: string; filter?: string; pageSize?: number; pageToken?: string;
      interval?: { startTime?: { seconds?: string; nanos?: number }; endTime?: { seconds?: string; nanos?: number } };
      aggregation?: { alignmentPeriod?: { seconds?: string }; perSeriesAligner?: string; crossSeriesReducer?: string; groupByFields?: string[] };
    };
    const out = list(
      {
        name: r.name ?? "",
        filter: r.filter ?? "",
        startMs: protoTimeMs(r.interval?.startTime),
        endMs: protoTimeMs(r.interval?.endTime),
        ...(r.aggregation?.alignmentPeriod?.seconds ? { alignmentPeriodS: Number(r.aggregation.alignmentPeriod.seconds) } : {}),
        aligner: r.aggregation?.perSeriesAligner ?? "ALIGN_NONE",
        reducer: r.aggregation?.crossSeriesReducer ?? "REDUCE_NONE",
        groupByFields: r.aggregation?.groupByFields ?? [],
      },
      Number(r.pageSize ?? 0),
      r.pageToken ?? "",
    );
    if ("fault" in out) return cb({ code: GRPC_CODE[out.fault], details: MESSAGE[out.fault](String(r.name ?? "").replace(/^projects\//, "")) });
    if ("error" in out) return cb({ code: grpc.status.INVALID_ARGUMENT, details: out.error });
    cb(null, { timeSeries: out.timeSeries.map((s) => toWire(s, "grpc")), nextPageToken: out.nextPageToken });
  };
  grpcServer.addService(proto.google.monitoring.v3.MetricService.service, handlers);
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );

  // REST
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://fake");
    const m = /^\/v3\/(projects\/[^/]+)\/timeSeries$/.exec(url.pathname);
    if (req.method !== "GET" || !m) return send(404, { error: { code: 404, message: `no ${req.method} ${url.pathname} in the fake`, status: "NOT_FOUND" } });
    const p = url.searchParams;
    const enumOf = (value: string | null, names: Record<number, string>, fallback: string) =>
      value === null ? fallback : /^\d+$/.test(value) ? (names[Number(value)] ?? `#${value}`) : value;
    const period = p.get("aggregation.alignmentPeriod");
    const out = list(
      {
        name: m[1] as string,
        filter: p.get("filter") ?? "",
        startMs: Date.parse(p.get("interval.startTime") ?? ""),
        endMs: Date.parse(p.get("interval.endTime") ?? ""),
        ...(period ? { alignmentPeriodS: Number(period.replace(/s$/, "")) } : {}),
        aligner: enumOf(p.get("aggregation.perSeriesAligner"), ALIGNERS, "ALIGN_NONE"),
        reducer: enumOf(p.get("aggregation.crossSeriesReducer"), REDUCERS, "REDUCE_NONE"),
        groupByFields: p.getAll("aggregation.groupByFields"),
      },
      Number(p.get("pageSize") ?? 0),
      p.get("pageToken") ?? "",
    );
    if ("fault" in out) {
      const status = out.fault === "RESOURCE_EXHAUSTED" ? "RESOURCE_EXHAUSTED" : out.fault === "UNAVAILABLE" ? "UNAVAILABLE" : "PERMISSION_DENIED";
      return send(HTTP_CODE[out.fault], { error: { code: HTTP_CODE[out.fault], message: MESSAGE[out.fault](m[1]!.replace(/^projects\//, "")), status } });
    }
    if ("error" in out) return send(400, { error: { code: 400, message: out.error, status: "INVALID_ARGUMENT" } });
    send(200, { timeSeries: out.timeSeries.map((s) => toWire(s, "rest")), ...(out.nextPageToken ? { nextPageToken: out.nextPageToken } : {}) });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const restPort = typeof address === "object" && address ? address.port : 0;

  return {
    grpcPort,
    restUrl: `http://127.0.0.1:${restPort}`,
    requests,
    setSeries(next) {
      series = next;
    },
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i++) faults.push(kind);
    },
    async close() {
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function protoTimeMs(t: { seconds?: string; nanos?: number } | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;
}

/** A series as the wire carries it: protobuf objects for gRPC, proto3 JSON for REST. */
function toWire(s: FakeSeries, wire: "grpc" | "rest"): Record<string, unknown> {
  const time = (ms: number) => (wire === "rest" ? new Date(ms).toISOString() : { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
  const value = (p: FakePoint) =>
    p.distribution ? { distributionValue: distributionWire(p.distribution) } : { int64Value: String(p.int64 ?? 0) };
  return {
    metric: { type: s.metricType, labels: s.metricLabels },
    resource: { type: s.resourceType, labels: s.resourceLabels },
    metricKind: s.metricKind,
    valueType: s.valueType,
    points: s.points.map((p) => ({ interval: { startTime: time(p.startMs), endTime: time(p.endMs) }, value: value(p) })),
  };
}

function distributionWire(d: FakeDistribution): Record<string, unknown> {
  return {
    count: String(d.count),
    mean: d.mean,
    sumOfSquaredDeviation: d.sumOfSquaredDeviation,
    bucketOptions: d.bucketOptions,
    bucketCounts: d.bucketCounts.map(String),
  };
}
