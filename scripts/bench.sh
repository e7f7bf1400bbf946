#!/usr/bin/env bash
# Builds (release) and runs the benchmarks through the ordo-one benchmark plugin, measures redis-benchmark's
# GET rate on the same Redis in the same run, then prints every ratio against its baseline. Fails only when
# the benchmarks cannot be built or run; the goals are reported, not enforced. Needs REDIS_URL (make bench).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.build-bench/percentiles"
log="$root/.build-bench/run.log"

[[ -n "${REDIS_URL:-}" ]] || { echo "bench: REDIS_URL is not set; run 'make bench', which starts redis-server" >&2; exit 2; }
concurrency=50

rm -rf "$out"
mkdir -p "$out"

BENCH_CONCURRENCY=$concurrency swift package --package-path "$root/Benchmarks" --allow-writing-to-directory "$out" \
    benchmark run --format histogramPercentiles --path "$out" --no-progress 2>&1 \
    | tee "$log" | { grep -v '^Writing to ' || true; }

address=${REDIS_URL#redis://}
address=${address##*@}
address=${address%%/*}
redis-cli -h "${address%%:*}" -p "${address##*:}" flushall >/dev/null
redis-benchmark -h "${address%%:*}" -p "${address##*:}" -t get -c "$concurrency" -n 200000 -d 217 -q 2>/dev/null \
    | tr '\r' '\n' | grep '^GET:' | tail -1 > "$out/redis-benchmark.txt"

# A benchmark whose closure throws is listed here, yet the plugin still exits 0.
if grep -q 'benchmarks failed' "$log"; then
    echo "bench: a benchmark failed, see $log" >&2
    exit 1
fi

python3 "$root/scripts/bench-ratios.py" "$out"
