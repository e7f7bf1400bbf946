#!/usr/bin/env bash
# make chaos: the BFF under load while things break: upstream errors and timeouts with a warm cache, Redis
# killed for 20 s, SIGTERM mid-load; writes benchmarks/results/chaos-report.md. Loopback only, bounded loads.
set -euo pipefail
source "$(dirname "$0")/bench/common.sh"
"$bench_root/scripts/install-deps.sh" wrk python3-matplotlib
build_release

duration=${CHAOS_SECONDS:-30}
results="$bench_work/results"
mkdir -p "$results" "$bench_root/benchmarks/results"
read -r redis_port bff_port sandbox_port < <(free_ports 3)

# Short fresh times, so that the cache refreshes from the failing upstreams during the run.
export BFF_ENV="CACHE_INVOICES_FRESH_SECONDS=1 CACHE_INVOICES_LOAD_TIMEOUT_SECONDS=1 CACHE_DASHBOARD_FRESH_SECONDS=1"
start_redis "$redis_port"
start_bff "$bff_port" "$redis_port" "$sandbox_port"
token=$(token_for cust-001)
bff="http://127.0.0.1:$bff_port"
curl -fsS -o /dev/null "$bff/api/invoices" -H "Authorization: Bearer $token"

echo "chaos: 1. WHMCS 20% errors + 10% timeouts, warm cache, ${duration} s" >&2
knobs "$sandbox_port" whmcs '{"errorRate":0.2,"timeoutRate":0.1,"timeoutDelayMs":3000}'
wrk -t2 -c16 -d"${duration}s" --latency --timeout 10s -H "Authorization: Bearer $token" "$bff/api/invoices" >"$bench_work/wrk-faults.txt"
"$python" "$driver" wrk "$bench_work/wrk-faults.txt" >"$results/faults.json"
knobs "$sandbox_port" whmcs '{}'

echo "chaos: 2. Redis killed for 20 s in a 60 s load" >&2
wrk -t2 -c16 -d60s --latency --timeout 10s -H "Authorization: Bearer $token" "$bff/api/invoices" >"$bench_work/wrk-redis.txt" &
wrk_pid=$!
sleep 20
kill -9 "$redis_pid"
sleep 20
start_redis "$redis_port"
"$python" "$driver" recovery --port "$bff_port" --token "$token" --time-limit 30 >"$results/redis-recovery.json"
wait "$wrk_pid"
"$python" "$driver" wrk "$bench_work/wrk-redis.txt" >"$results/redis-outage.json"

echo "chaos: 3. SIGTERM with requests in flight" >&2
for system in whmcs salesforce freebit; do knobs "$sandbox_port" "$system" '{"latencyMs":50}'; done
"$python" "$driver" sigterm --port "$bff_port" --pid "$bff_pid" --token "$token" --path /api/dashboard --workers 32 --after 3 >"$results/sigterm.json"

"$python" "$bench_root/scripts/bench/report.py" chaos "$results" "$bench_root/benchmarks/results"
