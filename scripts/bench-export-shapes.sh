#!/usr/bin/env bash
# Reading exports of every shape users save, UTF-8 and UTF-16 (PowerShell's UTF-16LE + BOM + CRLF), at
# two sizes: wall time and peak RSS of reading and normalising (memory must stay flat in the file
# size), then whole `log-gardener run` passes over the large UTF-8 and UTF-16 arrays.
#   bash scripts/bench-export-shapes.sh [SMALL] [LARGE]      (after npm run build; default 100000 1000000)
# YAML is written and read at a tenth of each size (the yaml package parses ~10× slower than JSON.parse).
# Files go to a temporary folder under /tmp and are removed afterwards (the large UTF-16 one is ~1.5 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
small=${1:-100000}
large=${2:-1000000}
dir=$(mktemp -d /tmp/lg-shapes-XXXXXX)
trap 'rm -rf "$dir"' EXIT

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
  read -r secs kb < "$dir/time"
  printf '%-44s %8s MB  wall %7.2f s  peak RSS %5d MB  %s\n' "$label" "$(($(stat -c %s "$dir/export") / 1048576))" "$secs" $((kb / 1024)) "$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").pop()||"{}"); console.log(r.entries!==undefined?`${r.entries} entries, ${JSON.stringify(r.skipped)}; ${r.description}`:"")' "$dir/out")"
}

printf '%-44s %8s     %-14s  %-18s %s\n' "what" "file" "" "" "read"
for shape in array ndjson objects rest-pages envelope yaml; do
  for enc in utf8 utf16; do
    for n in "$small" "$large"; do
      [ "$shape" = yaml ] && n=$((n / 10))
      node dist/scripts/benchExportShapes.js write "$shape" "$enc" "$n" "$dir/export"
      measure "read $shape $enc $n" node dist/scripts/benchExportShapes.js read "$dir/export"
    done
  done
done
for enc in utf8 utf16; do
  node dist/scripts/benchExportShapes.js write array "$enc" "$large" "$dir/export"
  measure "log-gardener run: array $enc $large" node dist/functions/cli.js run --input "$dir/export" --out "$dir/worklogs-$enc"
done
