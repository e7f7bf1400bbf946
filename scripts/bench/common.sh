# Shared pieces of the HTTP benchmark and chaos scripts: free ports, a Redis, the BFF (release build, sandbox
# upstreams with their control routes), and cleanup of everything started. Everything listens on loopback.
# Sourced, not run.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_work=$(mktemp -d /tmp/portal-bench.XXXXXX)
bench_pids=()
python=/usr/bin/python3
driver="$bench_root/scripts/bench/driver.py"
bff_binary="$bench_root/.build/release/portal-bff"

# free_ports N: N distinct free loopback ports (all bound at once, so none repeats).
free_ports() {
    "$python" -c 'import socket,sys; s=[socket.socket() for _ in range(int(sys.argv[1]))]; [x.bind(("127.0.0.1",0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

cleanup() {
    for pid in "${bench_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    # TERM makes nginx's master stop its workers too (KILL would orphan them).
    [[ -f "$bench_work/nginx.pid" ]] && kill -TERM "$(cat "$bench_work/nginx.pid")" 2>/dev/null || true
    [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$bench_work"
}
trap cleanup EXIT

# wait_for URL [tries]: until it answers, at most tries × 0.1 s.
wait_for() {
    local tries=${2:-300}
    for ((i = 0; i < tries; i++)); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench: $1 did not come up" >&2
    return 1
}

# start_redis PORT: a throw-away redis-server; its pid in redis_pid.
start_redis() {
    redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly no --dir "$bench_work" >"$bench_work/redis-$1.log" 2>&1 &
    redis_pid=$!
    bench_pids+=("$redis_pid")
    disown "$redis_pid"
    for ((i = 0; i < 100; i++)); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "bench: redis-server on $1 did not start" >&2
    return 1
}

# start_bff PORT REDIS_PORT|REDIS_URL SANDBOX_PORT: the BFF over the in-process sandbox listening on SANDBOX_PORT, or,
# with BFF_SANDBOX_AT=http://127.0.0.1:N, over the sandbox another instance runs there (`serve --sandbox-at`);
# its pid in bff_pid. The per-customer request budget and the per-upstream call budgets and shares are lifted
# (the loads come from one customer and would otherwise measure those limits, not the service). Extra configuration comes
# from BFF_ENV (e.g. "CACHE_INVOICES_FRESH_SECONDS=2").
start_bff() {
    local upstream=(--sandbox --sandbox-port "${3:-0}")
    local redis_url="redis://127.0.0.1:$2/0"
    [[ $2 == *://* ]] && redis_url=$2
    [[ -n "${BFF_SANDBOX_AT:-}" ]] && upstream=(--sandbox-at "$BFF_SANDBOX_AT")
    local budgets="API_CUSTOMER_REQUESTS_PER_MINUTE=100000000 API_CUSTOMER_BURST=100000000 HTTP_OPERATOR_PORT=0"
    for system in WHMCS SALESFORCE FREEBIT; do
        budgets+=" UPSTREAM_${system}_PER_MINUTE=100000 UPSTREAM_${system}_BURST=10000"
        budgets+=" UPSTREAM_${system}_SHARE_PER_MINUTE=100000 UPSTREAM_${system}_SHARE_BURST=10000"
    done
    env $budgets ${BFF_ENV:-} \
        "$bff_binary" serve "${upstream[@]}" --config "$bench_root/config/development.json" --port "$1" \
        --redis "$redis_url" >"$bench_work/bff-$1.log" 2>&1 &
    bff_pid=$!
    bench_pids+=("$bff_pid")
    disown "$bff_pid"
    wait_for "http://127.0.0.1:$1/healthz"
}

# knobs SANDBOX_PORT SYSTEM JSON: sets a simulator's latency and faults.
knobs() { curl -fsS -X PUT "http://127.0.0.1:$1/_control/$2/knobs" -H 'Content-Type: application/json' -d "$3" >/dev/null; }

build_release() {
    echo "bench: building portal-bff (release)" >&2
    (cd "$bench_root" && swift build -c release --product portal-bff 2>&1 | grep -E "error|warning: unre|Compiling|Build" | grep -v Compiling | tail -3)
    [[ -x "$bff_binary" ]] || { echo "bench: release build failed" >&2; exit 1; }
}

token_for() { "$bff_binary" token --customer "$1" --config "$bench_root/config/development.json"; }
