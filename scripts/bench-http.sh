#!/usr/bin/env bash
# make bench-http: the BFF under load beside real peers in the same run (a bare Hummingbird handler serving
# the same bytes, nginx proxy_cache serving them from its cache), with its near cache on and off, then cold
# fan-out, stampede, invalidation under load across two instances (stale reads counted) and memory (a soak
# with the near cache full), then provisioning events from publish to job queued over Salesforce Pub/Sub beside the
# signed HTTP notification; writes benchmarks/results/http-report.md (+ .png). Loopback only, bounded loads.
# BENCH_ONLY=events runs only that last section (`make bench-events`) and writes events-report.md instead.
set -euo pipefail
source "$(dirname "$0")/bench/common.sh"
only=${BENCH_ONLY:-all}
[[ $only == all || $only == events ]] || { echo "bench: BENCH_ONLY is all or events, not $only" >&2; exit 2; }
if [[ $only == all ]]; then
    "$bench_root/scripts/install-deps.sh" wrk nginx python3-matplotlib
else
    "$bench_root/scripts/install-deps.sh"
fi
build_release

duration=${BENCH_SECONDS:-30}
soak=${BENCH_SOAK_SECONDS:-300}
events=${BENCH_EVENTS:-2000}
events_concurrency=${BENCH_EVENTS_CONCURRENCY:-16}
events_rate=${BENCH_EVENTS_RATE:-200}
results="$bench_work/results"
mkdir -p "$results" "$bench_root/benchmarks/results"

# 6. Provisioning events: one BFF (its own Redis, Pub/Sub subscription on, no provisioning workers, so every
# job stays queued) takes N OrderProvisionRequested events published to the sandbox's Pub/Sub simulator and
# N signed POST /webhooks/salesforce as fast as they go, then 5 s of each at a fixed rate; each event is timed
# from its request's send to its job's stream entry.
bench_events() {
    local redis_port bff_port sandbox_port operator_port secret via
    read -r redis_port bff_port sandbox_port operator_port < <(free_ports 4)
    echo "bench: 6. provisioning events: $events via Pub/Sub and $events via POST /webhooks/salesforce, $events_concurrency at a time" >&2
    start_redis "$redis_port"
    BFF_ENV="${BFF_ENV:-} SALESFORCE_PUBSUB_ENABLED=true PROVISIONING_WORKERS=0 HTTP_OPERATOR_PORT=$operator_port" \
        start_bff "$bff_port" "$redis_port" "$sandbox_port"
    "$python" "$driver" wait-check --operator-port "$operator_port" --check salesforce-pubsub --time-limit 60 >"$results/events-subscription.json" || {
        echo "bench: the Pub/Sub subscription did not come up: $(cat "$results/events-subscription.json")" >&2
        tail -20 "$bench_work/bff-$bff_port.log" >&2
        return 1
    }
    secret=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["webhooks"]["salesforce"]["secrets"][0])' "$bench_root/config/development.json")
    for via in webhook pubsub; do # warm-up, not reported
        "$python" "$driver" events --via "$via" --redis-port "$redis_port" --port "$bff_port" --sandbox-port "$sandbox_port" \
            --secret "$secret" --count 200 --concurrency "$events_concurrency" --time-limit 60 >/dev/null
    done
    for via in webhook pubsub; do
        "$python" "$driver" events --via "$via" --redis-port "$redis_port" --port "$bff_port" --sandbox-port "$sandbox_port" \
            --secret "$secret" --count "$events" --concurrency "$events_concurrency" --time-limit 180 >"$results/events-$via.json"
        cat "$results/events-$via.json" >&2
    done
    # The same at a fixed, moderate rate: publish → queued without a backlog in front of the subscriber.
    for via in webhook pubsub; do
        "$python" "$driver" events --via "$via" --redis-port "$redis_port" --port "$bff_port" --sandbox-port "$sandbox_port" \
            --secret "$secret" --count "$((events_rate * 5))" --rate "$events_rate" --concurrency "$events_concurrency" --time-limit 60 \
            >"$results/events-paced-$via.json"
        cat "$results/events-paced-$via.json" >&2
    done
}

if [[ $only == events ]]; then
    bench_events
    "$python" "$bench_root/scripts/bench/report.py" events "$results" "$bench_root/benchmarks/results"
    exit 0
fi

read -r redis_port bff_port sandbox_port static_port nginx_port reader_port reader_operator off_port < <(free_ports 8)

# Three instances on one Redis and one sandbox: A (near cache on, runs the sandbox), B (near cache on: the
# reader of the storm) and C (near cache off: the Redis path).
start_redis "$redis_port"
start_bff "$bff_port" "$redis_port" "$sandbox_port"
writer_pid=$bff_pid
BFF_SANDBOX_AT="http://127.0.0.1:$sandbox_port" BFF_ENV="HTTP_OPERATOR_PORT=$reader_operator" start_bff "$reader_port" "$redis_port"
reader_pid=$bff_pid
BFF_SANDBOX_AT="http://127.0.0.1:$sandbox_port" BFF_ENV="CACHE_NEAR_ENABLED=false" start_bff "$off_port" "$redis_port"
off_pid=$bff_pid
bff_pid=$writer_pid
token=$(token_for cust-001)
bff="http://127.0.0.1:$bff_port"
reader="http://127.0.0.1:$reader_port"
curl -fsS -o "$bench_work/invoices.json" "$bff/api/invoices" -H "Authorization: Bearer $token"
curl -fsS -o /dev/null "$bff/api/invoices" -H "Authorization: Bearer $token"
sleep 2
"$python" "$driver" rss --pid "$bff_pid" >"$results/rss-idle.json"

echo "bench: 1. warm read, ${duration} s each" >&2
"$bff_binary" serve-static --file "$bench_work/invoices.json" --port "$static_port" >"$bench_work/static.log" 2>&1 &
bench_pids+=($!)
disown $!
wait_for "http://127.0.0.1:$static_port/api/invoices"
mkdir -p "$bench_work/nginx"
# As root, nginx's workers would run as nobody and could not write the cache in our private folder.
nginx_user=""
[[ $(id -u) -eq 0 ]] && nginx_user="user root root;"
cat >"$bench_work/nginx.conf" <<NGINX
$nginx_user
worker_processes auto;
pid $bench_work/nginx.pid;
error_log $bench_work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $bench_work/nginx/body;
    proxy_temp_path $bench_work/nginx/proxy;
    fastcgi_temp_path $bench_work/nginx/fastcgi;
    uwsgi_temp_path $bench_work/nginx/uwsgi;
    scgi_temp_path $bench_work/nginx/scgi;
    proxy_cache_path $bench_work/nginx/cache levels=1:2 keys_zone=bench:10m max_size=100m inactive=10m;
    upstream bff { server 127.0.0.1:$bff_port; keepalive 32; }
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            proxy_pass http://bff;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache bench;
            proxy_cache_key \$request_uri;
            proxy_cache_valid 200 10m;
            proxy_ignore_headers Cache-Control Expires Set-Cookie;
        }
    }
}
NGINX
nginx -c "$bench_work/nginx.conf" -p "$bench_work/nginx" -g 'daemon on;'
wait_for "http://127.0.0.1:$nginx_port/healthz"
curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/api/invoices" -H "Authorization: Bearer $token"
for target in bff:$bff_port bff-near-off:$off_port bare:$static_port nginx:$nginx_port; do
    name=${target%%:*}; port=${target##*:}
    wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/invoices" >"$bench_work/wrk-$name.txt"
    "$python" "$driver" wrk "$bench_work/wrk-$name.txt" >"$results/warm-$name.json"
done
kill "$(cat "$bench_work/nginx.pid")" 2>/dev/null || true

echo "bench: 2. cold fan-out at 50 ms per upstream call" >&2
for system in whmcs salesforce freebit; do knobs "$sandbox_port" "$system" '{"latencyMs":50}'; done
"$python" "$driver" cold-fanout --port "$bff_port" --redis-port "$redis_port" --token "$token" --count 5 >/dev/null
calls_before=$("$python" "$driver" calls --sandbox-port "$sandbox_port")
"$python" "$driver" cold-fanout --port "$bff_port" --redis-port "$redis_port" --token "$token" --count 40 >"$results/cold.json"
calls_after=$("$python" "$driver" calls --sandbox-port "$sandbox_port")
echo "{\"upstream_calls\": $((calls_after - calls_before)), \"dashboards\": 40, \"latency_ms\": 50}" >"$results/cold-calls.json"

echo "bench: 3. stampede: 500 concurrent requests for one cold key" >&2
"$python" "$driver" stampede --port "$bff_port" --redis-port "$redis_port" --sandbox-port "$sandbox_port" --token "$token" --count 500 >"$results/stampede.json"
for system in whmcs salesforce freebit; do knobs "$sandbox_port" "$system" '{}'; done

echo "bench: 4. invalidation under load: warm read on B quiet, then with 200 webhooks/s on A and stale checks, ${duration} s each" >&2
secret=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["webhooks"]["whmcs"]["default"]["secrets"][0])' "$bench_root/config/development.json")
near_series=portal_cache_near_hits_total,portal_cache_near_fills_dropped_total,portal_cache_near_flushes_total,portal_cache_near_lease_expired_total
wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$reader/api/invoices" >"$bench_work/wrk-quiet.txt"
"$python" "$driver" wrk "$bench_work/wrk-quiet.txt" >"$results/storm-quiet.json"
invoices=$("$python" "$driver" first-page --port "$reader_port" --token "$token" --count 8)
"$python" "$driver" metrics --operator-port "$reader_operator" --names "$near_series" >"$results/storm-near-before.json"
wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$reader/api/invoices" >"$bench_work/wrk-storm.txt" &
wrk_pid=$!
"$python" "$driver" webhook-storm --port "$bff_port" --secret "$secret" --client 1001 --invoice 100107 --rate 200 --duration "$duration" \
    >"$results/storm-webhooks.json" &
storm_pid=$!
"$python" "$driver" stale-check --writer-port "$bff_port" --reader-port "$reader_port" --sandbox-port "$sandbox_port" --token "$token" \
    --secret "$secret" --client 1001 --invoices "$invoices" --duration "$duration" >"$results/storm-stale.json"
wait "$wrk_pid" "$storm_pid"
"$python" "$driver" wrk "$bench_work/wrk-storm.txt" >"$results/storm-reads.json"
"$python" "$driver" metrics --operator-port "$reader_operator" --names "$near_series" >"$results/storm-near-after.json"
cat "$results/storm-stale.json" >&2

echo "bench: 5. memory: after 10^5 requests, then a ${soak} s soak" >&2
wrk -t2 -c64 -d"$("$python" -c 'import json,sys,math; r=json.load(open(sys.argv[1]))["rps"] or 1000; print(max(5, math.ceil(100000 / r) + 1))' "$results/warm-bff.json")s" \
    -H "Authorization: Bearer $token" "$bff/api/invoices" >"$bench_work/wrk-1e5.txt"
"$python" "$driver" wrk "$bench_work/wrk-1e5.txt" >"$results/mem-load.json"
"$python" "$driver" rss --pid "$bff_pid" >"$results/rss-1e5.json"

# The soak: instance D with a near cache of $near_bytes bytes over a sandbox of its own (another process) whose
# customers have $soak_invoices invoices each, filled and kept evicting by random pages of the 20 customers'
# invoices (far more distinct bytes than it holds), its RSS sampled throughout.
near_bytes=${BENCH_NEAR_BYTES:-8388608}
soak_invoices=${BENCH_SOAK_INVOICES:-2000}
read -r soak_port soak_operator big_sandbox_port big_pubsub_port < <(free_ports 4)
"$bff_binary" sandbox --port "$big_sandbox_port" --pubsub-port "$big_pubsub_port" --invoices-per-customer "$soak_invoices" \
    >"$bench_work/big-sandbox.log" 2>&1 &
bench_pids+=($!)
disown $!
wait_for "http://127.0.0.1:$big_sandbox_port/_control/endpoints"
BFF_SANDBOX_AT="http://127.0.0.1:$big_sandbox_port" BFF_ENV="CACHE_NEAR_MAX_BYTES=$near_bytes HTTP_OPERATOR_PORT=$soak_operator" \
    start_bff "$soak_port" "$redis_port"
soak_pid=$bff_pid
tokens=()
for number in $(seq -w 1 20); do tokens+=("$(token_for "cust-0$number")"); done
"$python" "$driver" rss --pid "$soak_pid" >"$results/near-rss-idle.json"
wrk -t2 -c32 -d"$((soak / 5 + 10))s" -s "$bench_root/scripts/bench/near-churn.lua" "http://127.0.0.1:$soak_port" -- "$soak_invoices" "${tokens[@]}" \
    >"$bench_work/wrk-fill.txt"
"$python" "$driver" wrk "$bench_work/wrk-fill.txt" >"$results/near-fill-load.json"
"$python" "$driver" metrics --operator-port "$soak_operator" --names portal_cache_near_bytes,portal_cache_near_entries >"$results/near-filled.json"
wrk -t2 -c32 -d"${soak}s" --latency -s "$bench_root/scripts/bench/near-churn.lua" "http://127.0.0.1:$soak_port" -- "$soak_invoices" "${tokens[@]}" \
    >"$bench_work/wrk-soak.txt" &
load_pid=$!
"$python" "$driver" rss-samples --pid "$soak_pid" --duration "$soak" --interval 10 >"$results/rss-soak.json"
wait "$load_pid"
"$python" "$driver" wrk "$bench_work/wrk-soak.txt" >"$results/soak-load.json"
"$python" "$driver" metrics --operator-port "$soak_operator" --names portal_cache_near_bytes,portal_cache_near_entries >"$results/near-after-soak.json"
echo "{\"max_bytes\": $near_bytes, \"invoices_per_customer\": $soak_invoices}" >"$results/near-settings.json"
kill -9 "$writer_pid" "$reader_pid" "$off_pid" "$soak_pid" "$redis_pid" 2>/dev/null || true

bench_events
"$python" "$bench_root/scripts/bench/report.py" http "$results" "$bench_root/benchmarks/results"
