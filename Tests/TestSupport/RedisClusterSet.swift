import Foundation
import PortalRedis
import PortalSupport

/// A local Redis Cluster on loopback: `masters` masters with one replica each (`cluster-node-timeout`
/// `nodeTimeout`), created by `redis-cli --cluster create` as redis-topologies.md describes, for tests of
/// routing, redirections and failover.
public final class RedisClusterSet: @unchecked Sendable {
    public let nodes: [OwnRedisServer]
    private let masters: Int

    public init(masters: Int = 3, nodeTimeout: Duration = .milliseconds(2000)) throws {
        self.masters = masters
        let milliseconds = String(Int(nodeTimeout.seconds * 1000))
        nodes = try (0..<(masters * 2)).map { _ in
            try OwnRedisServer(
                arguments: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", milliseconds],
                port: try OwnRedisServer.freeClusterPort()
            )
        }
    }

    /// `redis+cluster://` naming two of the nodes as seeds.
    public var url: String { "redis+cluster://127.0.0.1:\(nodes[0].port),127.0.0.1:\(nodes[1].port)" }

    /// Starts the nodes, creates the cluster and returns once every node reports it `ok` and every master
    /// has its replica attached.
    private var holdsTopologyLock = false

    /// Starts the set once no other local set runs in this process (`LocalTopologyLock`).
    public func start() async throws {
        try await LocalTopologyLock.shared.acquire(toStart: startProcesses)
        holdsTopologyLock = true
    }

    private func startProcesses() async throws {
        for node in nodes { try await node.start() }
        let arguments = ["redis-cli", "--cluster", "create"] + nodes.map { "127.0.0.1:\($0.port)" } + ["--cluster-replicas", "1", "--cluster-yes"]
        let created = try await offThePool { try runChildProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments) }
        guard created.status == 0 else { throw NotReady(what: "redis-cli --cluster create (\(created.outputText) \(created.error))") }
        try await waitUntilHealthy()
    }

    /// Waits until every running node says `cluster_state:ok`, all 16 384 slots are served, each master
    /// has a replica attached and every replica has finished its first sync.
    public func waitUntilHealthy() async throws {
        try await eventuallyTolerating("the cluster is ok on every node") {
            for node in self.nodes where node.isRunning {
                guard let info = try await self.ask(node.port, RedisCommand("CLUSTER", "INFO")).string,
                    info.contains("cluster_state:ok"), info.contains("cluster_slots_ok:16384")
                else { return false }
            }
            return true
        }
        try await eventuallyTolerating("each master has its replica attached") {
            let masters = try await self.masterPorts()
            guard masters.count == self.masters else { return false }
            for port in masters {
                guard case .array(let role) = try await self.ask(port, RedisCommand("ROLE")), role.count == 3,
                    case .array(let replicas) = role[2], !replicas.isEmpty
                else { return false }
            }
            // A replica still loading its first copy cannot acknowledge a WAIT yet.
            for node in self.nodes where node.isRunning && !masters.contains(node.port) {
                guard case .array(let role) = try await self.ask(node.port, RedisCommand("ROLE")), role.count == 5,
                    role[3].string == "connected"
                else { return false }
            }
            return true
        }
    }

    /// The ports of the masters now, as a running node's `CLUSTER SLOTS` names them.
    public func masterPorts() async throws -> Set<Int> {
        Set(try await shards().map(\.master))
    }

    /// The port of the master serving `slot` now.
    public func masterPort(of slot: Int) async throws -> Int {
        guard let shard = try await shards().first(where: { $0.slots.contains(slot) }) else { throw NotReady(what: "a master for slot \(slot)") }
        return shard.master
    }

    /// The node listening on `port`.
    public func node(port: Int) -> OwnRedisServer? { nodes.first { $0.port == port } }

    /// Moves `slot` (and its keys) from the master serving it to the one on `port`, as `redis-cli --cluster
    /// reshard` would: `IMPORTING`/`MIGRATING`, then `MIGRATE` of each key, then `NODE` on every master.
    /// `between` runs while the slot is half moved (a read of a moved key then gets `ASK`).
    public func migrate(slot: Int, to port: Int, between: () async throws -> Void = {}) async throws {
        let source = try await masterPort(of: slot)
        let sourceId = try await nodeId(source)
        let targetId = try await nodeId(port)
        _ = try await ask(port, RedisCommand("CLUSTER", "SETSLOT", RedisArgument(slot), "IMPORTING", RedisArgument(sourceId)))
        _ = try await ask(source, RedisCommand("CLUSTER", "SETSLOT", RedisArgument(slot), "MIGRATING", RedisArgument(targetId)))
        while case .array(let keys) = try await ask(source, RedisCommand("CLUSTER", "GETKEYSINSLOT", RedisArgument(slot), "100")), !keys.isEmpty {
            for key in keys.compactMap(\.bytes) {
                _ = try await ask(source, RedisCommand("MIGRATE", "127.0.0.1", RedisArgument(port), RedisArgument(key), "0", "5000"))
            }
        }
        try await between()
        for master in try await masterPorts().union([port]) {
            _ = try await ask(master, RedisCommand("CLUSTER", "SETSLOT", RedisArgument(slot), "NODE", RedisArgument(targetId)))
        }
    }

    public func stop() async {
        for node in nodes { try? await node.stop() }
        if holdsTopologyLock {
            holdsTopologyLock = false
            await LocalTopologyLock.shared.release()
        }
    }

    private func shards() async throws -> [(slots: ClosedRange<Int>, master: Int)] {
        for node in nodes where node.isRunning {
            guard case .array(let ranges) = try? await ask(node.port, RedisCommand("CLUSTER", "SLOTS")) else { continue }
            return ranges.compactMap { range in
                guard case .array(let parts) = range, parts.count >= 3, let first = parts[0].integer, let last = parts[1].integer,
                    case .array(let master) = parts[2], master.count >= 2, let port = master[1].integer
                else { return nil }
                return (Int(first)...Int(last), Int(port))
            }
        }
        throw NotReady(what: "a running node answering CLUSTER SLOTS")
    }

    private func nodeId(_ port: Int) async throws -> String {
        guard let id = try await ask(port, RedisCommand("CLUSTER", "MYID")).string else { throw NotReady(what: "CLUSTER MYID of \(port)") }
        return id
    }

    private func ask(_ port: Int, _ command: RedisCommand) async throws -> RedisValue {
        try await askLocalRedis(port: port, command)
    }
}
