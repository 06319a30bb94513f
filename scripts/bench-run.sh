#!/usr/bin/env bash
# Wall time and peak memory of `log-gardener run` over the real 1000-entry export and over a
# ~1,000,000-entry export written by the sample generator (about 1 GB in /tmp; removed afterwards).
#   bash scripts/bench-run.sh            (after npm run build)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
real=../shared/data/cloud-logging/netra-backend-staging-crashloop-1000.json
big=$(mktemp /tmp/lg-bench-XXXXXX.json)
out=$(mktemp -d /tmp/lg-bench-out-XXXXXX)
trap 'rm -rf "$big" "$out"' EXIT

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
  read -r secs kb < "$out/time"
  printf '%-34s wall %6.2f s   peak RSS %5d MB\n' "$label" "$secs" $((kb / 1024))
}

measure "node start (--version)" node dist/functions/cli.js --version
if [ -f "$real" ]; then measure "run: real export, 1000 entries" node dist/functions/cli.js run --input "$real" --out "$out/a"; fi
node dist/scripts/generate-sample-hour.js --rps 192 > "$big"
entries=$(($(wc -l < "$big") - 2))
measure "run: generated export, $entries" node dist/functions/cli.js run --input "$big" --out "$out/b"
