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

# A free port whose cluster bus port (10 000 above it) is free too.
free_cluster_port() {
    python3 -c '
import random, socket
def free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); return True
    except OSError:
        return False
    finally:
        s.close()
while True:
    port = random.randrange(20000, 50000)
    if free(port) and free(port + 10000):
        print(port); break'
}
cluster_pids=()

stop_redis() {
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do
        kill -0 "$redis_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$redis_pid" "${cluster_pids[@]}" 2>/dev/null || true
    wait "$redis_pid" "${cluster_pids[@]}" 2>/dev/null || true
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
    cluster_nodes=()
    for index in 1 2 3 4 5 6; do
        node_port=$(free_cluster_port)
        mkdir -p "$workdir/cluster-$node_port"
        redis-server --bind 127.0.0.1 --port "$node_port" --dir "$workdir/cluster-$node_port" --save "" --appendonly no \
            --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
            --daemonize no --logfile "$workdir/cluster-$node_port/redis.log" &
        cluster_pids+=($!)
        cluster_nodes+=("127.0.0.1:$node_port")
    done
    for node in "${cluster_nodes[@]}"; do
        for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "${node#*:}" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
    done
    redis-cli --cluster create "${cluster_nodes[@]}" --cluster-replicas 1 --cluster-yes >"$workdir/cluster-create.log" 2>&1 ||
        { echo "with-redis: redis-cli --cluster create failed:" >&2; cat "$workdir/cluster-create.log" >&2; exit 1; }
    for node in "${cluster_nodes[@]}"; do
        for _ in $(seq 1 200); do
            redis-cli -h 127.0.0.1 -p "${node#*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
            sleep 0.1
        done
    done
    export REDIS_CLUSTER_URL="redis+cluster://${cluster_nodes[0]},${cluster_nodes[1]},${cluster_nodes[2]}"
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
