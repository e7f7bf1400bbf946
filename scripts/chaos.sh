#!/usr/bin/env bash
# make chaos: the BFF under load while things break: upstream errors and timeouts with a warm cache, Redis
# killed for 20 s, SIGTERM mid-load, and the Redis master serving the reader killed on a local Redis Cluster
# and on a local Sentinel set; writes benchmarks/results/chaos-report.md. Loopback only, bounded loads.
set -euo pipefail
source "$(dirname "$0")/bench/common.sh"
source "$(dirname "$0")/redis-topologies.sh"
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

# CHAOS_ONLY=failover runs only 4 and 5 (a quicker look; the report then shows 1 to 3 without figures).
if [[ ${CHAOS_ONLY:-all} != failover ]]; then
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

fi
kill -9 "$bff_pid" 2>/dev/null || true

# 4 and 5: the master serving cust-001's invoices (hash tag whmcs:default:1001) SIGKILLed 5 s into a load, on a
# cluster and on a Sentinel set: the BFF, started with --redis redis+cluster:// or redis+sentinel://, must
# keep answering 200, hit its cache again soon after the promotion, run a job queued before the kill once,
# and answer each webhook 200 (with the change visible) or 503; 5 s after the promotion the killed server is
# started again, as an operator would replace it, and rejoins as a replica.
bench_pids+=("${redis_topology_pids[@]}")
whmcs_secret=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["webhooks"]["whmcs"]["default"]["secrets"][0])' "$bench_root/config/development.json")
salesforce_secret=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["webhooks"]["salesforce"]["secrets"][0])' "$bench_root/config/development.json")
account=$("$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import driver; print(driver.salesforce_id("0015g0000000001"))' "$bench_root/scripts/bench")
failover() { # failover NAME REDIS_URL MASTER_PID PROMOTED_COMMAND RESTORE_COMMAND RESTORED_PORT
    read -r bff_port sandbox_port < <(free_ports 2)
    start_bff "$bff_port" "$2" "$sandbox_port"
    curl -fsS -o /dev/null "http://127.0.0.1:$bff_port/api/invoices" -H "Authorization: Bearer $token"
    local invoice
    invoice=$("$python" "$driver" first-page --port "$bff_port" --token "$token" --count 1)
    "$python" "$driver" failover --port "$bff_port" --sandbox-port "$sandbox_port" --token "$token" --secret "$whmcs_secret" \
        --salesforce-secret "$salesforce_secret" --client 1001 --invoice "$invoice" --account "$account" \
        --kill "kill -9 $3" --promoted "$4" --restore "$5" --duration "${CHAOS_FAILOVER_SECONDS:-30}" >"$results/failover-$1.json"
    cat "$results/failover-$1.json" >&2
    kill -9 "$bff_pid" 2>/dev/null || true
    redis-cli -p "$6" shutdown nosave >/dev/null 2>&1 || true
}

echo "chaos: 4. the cluster master serving the reader SIGKILLed under load" >&2
start_redis_cluster "$bench_work/cluster"
bench_pids+=("${redis_topology_pids[@]}")
slot=$(redis-cli -p "${cluster_nodes[0]#*:}" cluster keyslot "pb:{whmcs:default:1001}:invoices")
owner=$(redis-cli -p "${cluster_nodes[0]#*:}" --json cluster slots | "$python" -c '
import json, sys
slot = int(sys.argv[1])
for first, last, master, *replicas in json.load(sys.stdin):
    if first <= slot <= last:
        print(master[1], replicas[0][1])' "$slot")
read -r owner_port owner_replica <<<"$owner"
owner_pid=$(redis-cli -p "$owner_port" info server | tr -d '\r' | sed -n 's/^process_id://p')
topologies="$bench_root/scripts/redis-topologies.sh"
failover cluster "$cluster_url" "$owner_pid" "redis-cli -p $owner_replica role | head -1 | grep -q master" \
    "bash -c 'source $topologies; start_redis_server $bench_work/cluster $owner_port --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000'" \
    "$owner_port"

echo "chaos: 5. the Sentinel master SIGKILLed under load" >&2
read -r m r s1 s2 s3 < <(free_ports 5)
start_redis_sentinels "$bench_work/sentinel" "$m" "$r" "$s1" "$s2" "$s3"
bench_pids+=("${redis_topology_pids[@]}")
master_pid=$(redis-cli -p "$m" info server | tr -d '\r' | sed -n 's/^process_id://p')
failover sentinel "$sentinel_url" "$master_pid" "redis-cli -p $r role | head -1 | grep -q master" \
    "bash -c 'source $topologies; start_redis_server $bench_work/sentinel $m'" "$m"

"$python" "$bench_root/scripts/bench/report.py" chaos "$results" "$bench_root/benchmarks/results"
