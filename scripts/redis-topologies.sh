# Local Redis topologies on loopback, sourced by with-redis.sh (make test) and chaos.sh (make chaos), as
# ../shared/design/redis-topologies.md describes them. Each function starts daemons in a directory of
# the caller's and records their pids in redis_topology_pids; the caller stops them.
redis_topology_pids=()

# A free port whose cluster bus port (10 000 above it) is free too, both below Linux's ephemeral range (32768
# up), where outgoing connections could take the bus port before the node binds it.
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
    port = random.randrange(10000, 22000)
    if free(port) and free(port + 10000):
        print(port); break'
}

# start_redis_server DIR PORT [OPTION...]: one redis-server, waited for until it answers PING.
start_redis_server() {
    local dir=$1 port=$2
    shift 2
    mkdir -p "$dir/redis-$port"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir/redis-$port" --save "" --appendonly no \
        --daemonize no --logfile "$dir/redis-$port/redis.log" "$@" &
    redis_topology_pids+=($!)
    for _ in $(seq 1 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
    echo "redis-topologies: redis-server on $port did not start" >&2
    return 1
}

# replicas_ready PORT: whether the cluster node on PORT lists a replica for every slot range, each connected.
replicas_ready() {
    local ranges replicas port
    ranges=$(redis-cli -p "$1" --json cluster slots 2>/dev/null) || return 1
    replicas=$(python3 -c '
import json, sys
ranges = json.loads(sys.argv[1])
if not ranges or any(len(entry) < 4 for entry in ranges):
    sys.exit(1)
print(" ".join(str(entry[3][1]) for entry in ranges))' "$ranges") || return 1
    for port in $replicas; do
        redis-cli -p "$port" role 2>/dev/null | sed -n 4p | grep -q '^connected$' || return 1
    done
}

# start_redis_cluster DIR: three masters and three replicas (cluster-node-timeout 2000); sets cluster_nodes
# (host:port of each) and cluster_url (redis+cluster:// naming three seeds).
start_redis_cluster() {
    local dir=$1 port node
    cluster_nodes=()
    for _ in 1 2 3 4 5 6; do
        port=$(free_cluster_port)
        start_redis_server "$dir" "$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 || return 1
        cluster_nodes+=("127.0.0.1:$port")
    done
    redis-cli --cluster create "${cluster_nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/cluster-create.log" 2>&1 ||
        { echo "redis-topologies: redis-cli --cluster create failed:" >&2; cat "$dir/cluster-create.log" >&2; return 1; }
    for node in "${cluster_nodes[@]}"; do
        for _ in $(seq 1 200); do
            redis-cli -p "${node#*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
            sleep 0.1
        done
    done
    # Every slot range must list a replica, and every replica must have finished its first sync: until then a
    # WAIT cannot be acknowledged.
    for _ in $(seq 1 300); do
        replicas_ready "${cluster_nodes[0]#*:}" && break
        sleep 0.1
    done
    cluster_url="redis+cluster://${cluster_nodes[0]},${cluster_nodes[1]},${cluster_nodes[2]}"
}

# start_redis_sentinels DIR PORT...: a master, its replica and three sentinels (master name portal, quorum 2,
# down-after 1000 ms) on the five free ports given; sets sentinel_master_port, sentinel_replica_port and
# sentinel_url.
start_redis_sentinels() {
    local dir=$1 port
    sentinel_master_port=$2
    sentinel_replica_port=$3
    start_redis_server "$dir" "$sentinel_master_port" || return 1
    start_redis_server "$dir" "$sentinel_replica_port" --replicaof 127.0.0.1 "$sentinel_master_port" || return 1
    for _ in $(seq 1 100); do redis-cli -p "$sentinel_replica_port" role | sed -n 4p | grep -q '^connected$' && break; sleep 0.1; done
    local sentinels=()
    for port in "$4" "$5" "$6"; do
        cat >"$dir/sentinel-$port.conf" <<CONF
port $port
bind 127.0.0.1
dir $dir
sentinel monitor portal 127.0.0.1 $sentinel_master_port 2
sentinel down-after-milliseconds portal 1000
sentinel failover-timeout portal 5000
CONF
        redis-server "$dir/sentinel-$port.conf" --sentinel >"$dir/sentinel-$port.log" 2>&1 &
        redis_topology_pids+=($!)
        sentinels+=("127.0.0.1:$port")
    done
    for port in "$4" "$5" "$6"; do
        for _ in $(seq 1 300); do
            redis-cli -p "$port" sentinel master portal 2>/dev/null | tr '\n' ' ' | grep -q 'num-other-sentinels 2' && break
            sleep 0.1
        done
    done
    sentinel_url="redis+sentinel://$(IFS=,; echo "${sentinels[*]}")/portal/0"
}
