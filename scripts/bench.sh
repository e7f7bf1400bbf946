#!/usr/bin/env bash
# Builds (release) and runs the Domain mapping benchmarks through the ordo-one benchmark plugin,
# then prints the mapping/parsing ratios. Fails only when the benchmarks cannot be built or run;
# the ratio goal is reported, not enforced.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.build-bench/percentiles"
log="$root/.build-bench/run.log"

rm -rf "$out"
mkdir -p "$out"

swift package --package-path "$root/Benchmarks" --allow-writing-to-directory "$out" \
    benchmark run --target DomainMapping --format histogramPercentiles --path "$out" --no-progress 2>&1 \
    | tee "$log" | { grep -v '^Writing to ' || true; }

# A benchmark whose closure throws is listed here, yet the plugin still exits 0.
if grep -q 'benchmarks failed' "$log"; then
    echo "bench: a benchmark failed, see $log" >&2
    exit 1
fi

python3 "$root/scripts/bench-ratios.py" "$out"
