#!/usr/bin/env bash
# Runs a command beside a throw-away redis-server on a free loopback port, with REDIS_URL pointing at it.
# The server is stopped when the command ends, whatever its outcome; the command's exit status is kept.
# REDIS_EXTRA_ARGS adds redis-server options (the benchmarks enable DEBUG POPULATE with it).
# With WITH_REDIS_CLUSTER=1 it also starts a local Redis Cluster (three masters, three replicas,
# cluster-node-timeout 2000) and points REDIS_CLUSTER_URL at it.
set -euo pipefail

[[ $# -gt 0 ]] || { echo "usage: with-redis.sh COMMAND [ARG...]" >&2; exit 2; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
workdir=$(mktemp -d "${TMPDIR:-/tmp}/portal-bff-redis.XXXXXX")

redis-server --bind 127.0.0.1 --port "$port" --dir "$workdir" --save "" --appendonly no \
    --daemonize no --logfile "$workdir/redis.log" ${REDIS_EXTRA_ARGS:-} &
redis_pid=$!

source "$(dirname "$0")/redis-topologies.sh"

stop_redis() {
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do
        kill -0 "$redis_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$redis_pid" "${redis_topology_pids[@]}" 2>/dev/null || true
    wait "$redis_pid" "${redis_topology_pids[@]}" 2>/dev/null || true
    rm -rf "$workdir"
}
trap stop_redis EXIT

for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
    kill -0 "$redis_pid" 2>/dev/null || { echo "with-redis: redis-server did not start:" >&2; cat "$workdir/redis.log" >&2; exit 1; }
    sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || { echo "with-redis: redis-server did not answer" >&2; exit 1; }

if [[ ${WITH_REDIS_CLUSTER:-0} == 1 ]]; then
    start_redis_cluster "$workdir" || exit 1
    export REDIS_CLUSTER_URL=$cluster_url
    export REDIS_CLUSTER_NODES="${cluster_nodes[*]}"
    echo "with-redis: Redis Cluster on $REDIS_CLUSTER_URL" >&2
fi

export REDIS_URL="redis://127.0.0.1:$port/0"
echo "with-redis: redis-server on $REDIS_URL" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
