/**
 * A busy Cloud Run hour generated inside the BigQuery fake's DuckDB (millions of rows never pass
 * through JavaScript). Entry i of n, spread evenly over the hour, is of kind i % 100:
 *   0–1   ERROR stderr, a Python traceback with a varying id (2%)
 *   2     DEFAULT stderr `[ERROR] worker <pid> failed` (1%, error-like by text)
 *   3–7   WARNING stdout `slow query took <ms> ms on shard <n>` (5%)
 *   8–27  request logs: GET /api/items/<id> 200 (17%), POST /api/pay 503 with a trace (2%), GET /health 200 from GoogleHC (1%)
 *   28–87 INFO stdout `handled job <id> in <ms> ms` (60%)
 *   88–99 DEFAULT stdout `cache warm <key>` (12%)
 * plus one platform message per 10,000 entries (counted in the kinds above, on kind 3).
 */
export function syntheticHourSql(options: { project: string; service: string; startIso: string; entries: number }): string {
  const { project, service, startIso, entries } = options;
  const resource = `{'type': 'cloud_run_revision', 'labels': '{"project_id":"${project}","service_name":"${service}","revision_name":"${service}-00007-xyz","location":"europe-west1","configuration_name":"${service}"}'}`;
  const log = (id: string) => `'projects/${project}/logs/${encodeURIComponent(id)}'`;
  return `INSERT INTO "_AllLogs"
SELECT
  TIMESTAMPTZ '${startIso}' + to_microseconds(CAST(i * 3600000000 // ${entries} AS BIGINT)) AS timestamp,
  NULL AS receive_timestamp,
  CASE WHEN k < 2 THEN ${log("run.googleapis.com/stderr")} WHEN k = 2 THEN ${log("run.googleapis.com/stderr")}
       WHEN k = 3 AND i % 10000 = 3 THEN ${log("run.googleapis.com/varlog/system")}
       WHEN k BETWEEN 8 AND 27 THEN ${log("run.googleapis.com/requests")} ELSE ${log("run.googleapis.com/stdout")} END AS log_name,
  CASE WHEN k < 3 THEN 'run.googleapis.com/stderr' WHEN k = 3 AND i % 10000 = 3 THEN 'run.googleapis.com/varlog/system'
       WHEN k BETWEEN 8 AND 27 THEN 'run.googleapis.com/requests' ELSE 'run.googleapis.com/stdout' END AS log_id,
  CASE WHEN k < 2 THEN 'ERROR' WHEN k BETWEEN 3 AND 7 THEN 'WARNING' WHEN k BETWEEN 8 AND 25 THEN 'INFO' WHEN k IN (26, 27) THEN 'ERROR'
       WHEN k BETWEEN 28 AND 87 THEN 'INFO' ELSE 'DEFAULT' END AS severity,
  CASE WHEN k < 2 THEN 500 WHEN k BETWEEN 3 AND 7 THEN 400 WHEN k IN (26, 27) THEN 500 WHEN k BETWEEN 8 AND 87 THEN 200 ELSE 0 END AS severity_number,
  'e' || CAST(i AS VARCHAR) AS insert_id,
  ${resource} AS resource,
  '{"instanceId":"00f4b2c1d' || CAST(i % 7 AS VARCHAR) || '"}' AS labels,
  NULL AS json_payload,
  CASE WHEN k < 2 THEN 'Traceback (most recent call last):' || chr(10) || '  File "/app/jobs.py", line 88, in run' || chr(10) || 'KeyError: ''job_' || CAST(i % 997 AS VARCHAR) || ''''
       WHEN k = 2 THEN '[ERROR] worker ' || CAST(1000 + i % 50 AS VARCHAR) || ' failed'
       WHEN k = 3 AND i % 10000 = 3 THEN 'Container called exit(3).'
       WHEN k BETWEEN 3 AND 7 THEN 'slow query took ' || CAST(900 + i % 400 AS VARCHAR) || ' ms on shard ' || CAST(i % 16 AS VARCHAR)
       WHEN k IN (26, 27) THEN 'The request failed because either the HTTP response was malformed or connection to the instance had an error.'
       WHEN k BETWEEN 8 AND 25 THEN NULL
       WHEN k BETWEEN 28 AND 87 THEN 'handled job ' || CAST(i AS VARCHAR) || ' in ' || CAST(i % 300 AS VARCHAR) || ' ms'
       ELSE 'cache warm key-' || CAST(i % 5000 AS VARCHAR) END AS text_payload,
  NULL AS proto_payload,
  CASE WHEN k BETWEEN 8 AND 24 THEN {'request_method': 'GET', 'request_url': 'https://${service}.a.run.app/api/items/' || CAST(100000 + i % 90000 AS VARCHAR), 'request_size': NULL, 'status': 200, 'response_size': 512,
         'user_agent': 'Mozilla/5.0', 'remote_ip': NULL, 'server_ip': NULL, 'referer': NULL, 'latency': {'seconds': 0, 'nanos': 20000000 + (i % 200) * 1000000}, 'protocol': 'HTTP/1.1'}
       WHEN k = 25 THEN {'request_method': 'GET', 'request_url': 'https://${service}.a.run.app/health', 'request_size': NULL, 'status': 200, 'response_size': 2,
         'user_agent': 'GoogleHC/1.0', 'remote_ip': NULL, 'server_ip': NULL, 'referer': NULL, 'latency': {'seconds': 0, 'nanos': 1000000}, 'protocol': 'HTTP/1.1'}
       WHEN k IN (26, 27) THEN {'request_method': 'POST', 'request_url': 'https://${service}.a.run.app/api/pay', 'request_size': 128, 'status': 503, 'response_size': 0,
         'user_agent': 'Mozilla/5.0', 'remote_ip': NULL, 'server_ip': NULL, 'referer': NULL, 'latency': {'seconds': 3, 'nanos': 786648988}, 'protocol': 'HTTP/1.1'}
       ELSE NULL END AS http_request,
  CASE WHEN k IN (26, 27) THEN 'projects/${project}/traces/t' || CAST(i AS VARCHAR) ELSE NULL END AS trace,
  NULL AS span_id,
  NULL AS trace_sampled,
  NULL AS source_location,
  NULL AS error_groups
FROM (SELECT i, i % 100 AS k FROM range(${entries}) AS r(i)) AS g`;
}

/** Entries of the synthetic hour by severity, as the generator above writes them (for n a multiple of 100). */
export function syntheticHourTruth(entries: number): Record<string, number> {
  const per = entries / 100;
  return { ERROR: per * 4, WARNING: per * 5, INFO: per * 78, DEFAULT: per * 13 };
}
