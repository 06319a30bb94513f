/**
 * The BigQuery fake runs the gardener's GoogleSQL in DuckDB. The queries are written in the part of
 * the language both engines accept; where they differ, the difference is here and only here, as a
 * table of textual rewrites (applied in order) plus DuckDB macros that give BigQuery's names their
 * BigQuery meaning. A query that needs anything else fails in the fake, loudly.
 *
 * | GoogleSQL (BigQuery)                 | DuckDB                                  | why                                         |
 * |--------------------------------------|-----------------------------------------|---------------------------------------------|
 * | `` `project.dataset.view` ``         | `"view"`                                | one in-memory table stands for the view     |
 * | `@name` (named parameter)            | `$name`                                 | parameter syntax                            |
 * | `x IN UNNEST(@list)`                 | `x IN (SELECT unnest($list))`           | array parameters                            |
 * | `JSON_VALUE(json, '$.k')`            | `json_extract_string(json, '$.k')`      | DuckDB's json_value keeps the quotes        |
 * | `REGEXP_CONTAINS(s, re)`             | `regexp_matches(s, re)`                 | name (both RE2, both partial match)         |
 * | `REGEXP_REPLACE(s, re, r)`           | `regexp_replace(s, re, r, 'g')`         | BigQuery replaces every match               |
 * | `REGEXP_EXTRACT(s, re)`              | `regexp_extract(s, re, 1)`              | BigQuery returns the capturing group        |
 * | `APPROX_QUANTILES(x, 100)`           | `approx_quantile(x, [0, .01, …, 1])`    | 101 boundaries, min to max (100 only)       |
 * | `UNIX_SECONDS(ts)`, `UNIX_MICROS(ts)`| `epoch(ts)`, `epoch_us(ts)` as BIGINT   | names                                       |
 * | `DIV(a, b)`                          | `a // b`                                | integer division                            |
 * | `TO_JSON_STRING(x)`                  | `CAST(to_json(x) AS VARCHAR)`           | name                                        |
 */
export const DIALECT_REWRITES: ReadonlyArray<{ bigquery: RegExp; duckdb: string }> = [
  { bigquery: /`(?:[A-Za-z0-9_-]+\.)*([A-Za-z0-9_]+)`/g, duckdb: '"$1"' },
  { bigquery: /\bIN UNNEST\(@([A-Za-z_][A-Za-z0-9_]*)\)/g, duckdb: "IN (SELECT unnest($$$1))" },
  { bigquery: /@([A-Za-z_][A-Za-z0-9_]*)/g, duckdb: "$$$1" },
  { bigquery: /\bJSON_VALUE\(/g, duckdb: "json_extract_string(" },
  { bigquery: /\bREGEXP_CONTAINS\(/g, duckdb: "regexp_matches(" },
  { bigquery: /\bREGEXP_REPLACE\(/g, duckdb: "bq_regexp_replace(" },
  { bigquery: /\bREGEXP_EXTRACT\(/g, duckdb: "bq_regexp_extract(" },
  { bigquery: /\bAPPROX_QUANTILES\(/g, duckdb: "bq_approx_quantiles(" },
];

/** Macros the rewrites rely on (created once per DuckDB connection). */
export const DIALECT_MACROS: readonly string[] = [
  "CREATE MACRO bq_regexp_replace(s, re, r) AS regexp_replace(s, re, r, 'g')",
  "CREATE MACRO bq_regexp_extract(s, re) AS regexp_extract(s, re, 1)",
  `CREATE MACRO bq_approx_quantiles(x, n) AS approx_quantile(x, [${Array.from({ length: 101 }, (_, i) => (i / 100).toFixed(2)).join(", ")}])`,
  "CREATE MACRO UNIX_SECONDS(t) AS CAST(epoch(t) AS BIGINT)",
  "CREATE MACRO UNIX_MICROS(t) AS CAST(epoch_us(t) AS BIGINT)",
  "CREATE MACRO DIV(a, b) AS a // b",
  "CREATE MACRO TO_JSON_STRING(x) AS CAST(to_json(x) AS VARCHAR)",
];

/**
 * GoogleSQL → DuckDB SQL, by the table above. String literals are left alone (a pattern may hold an
 * `@`); they cannot hold quotes or backslashes, which the two dialects escape differently, so the
 * gardener passes every variable value as a query parameter.
 */
export function toDuckDb(sql: string): string {
  if (/\bAPPROX_QUANTILES\([^()]*,\s*(?!100\))\d+\)/.test(sql)) throw new Error("the fake's APPROX_QUANTILES supports 100 buckets only");
  return sql
    .split(/('[^']*')/)
    .map((part, i) => (i % 2 === 1 ? part : DIALECT_REWRITES.reduce((s, r) => s.replace(r.bigquery, r.duckdb), part)))
    .join("");
}
