import Foundation
import PortalRedis
import TestSupport
import Testing

/// A client of `redis+cluster://` against a real local cluster (three masters, three replicas): commands
/// go to the master serving their slot, pipelines are split and put back in order, redirections are
/// followed, and a failover is followed without a restart.
@Suite("Redis over Cluster", .serialized, .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct RedisClusterTests {
    private func withCluster(_ body: (RedisClusterSet, RedisClient) async throws -> Void) async throws {
        let cluster = try RedisClusterSet()
        try await cluster.start()
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(cluster.url),
                poolSize: 2,
                acquireTimeout: .seconds(2),
                initialBackoff: .milliseconds(50),
                maximumBackoff: .milliseconds(200)
            )
        )
        try await withTeardown(
            (cluster, client),
            stop: { parts in
                await parts.1.shutdown()
                await parts.0.stop()
            }
        ) { parts in try await body(parts.0, parts.1) }
    }

    /// Keys that fall on each of the cluster's masters, `count` per master.
    private func keysOnEveryMaster(_ cluster: RedisClusterSet, count: Int) async throws -> [Int: [String]] {
        var byMaster: [Int: [String]] = [:]
        var index = 0
        while byMaster.count < 3 || byMaster.values.contains(where: { $0.count < count }) {
            let key = "cluster:key:\(index)"
            let port = try await cluster.masterPort(of: HashSlot.of(key))
            if byMaster[port, default: []].count < count { byMaster[port, default: []].append(key) }
            index += 1
        }
        return byMaster
    }

    @Test func theHashSlotIsTheOneRedisComputes() async throws {
        try await withCluster { (cluster: RedisClusterSet, _: RedisClient) async throws in
            let keys = ["a", "pb:{whmcs:default:42}:invoices", "pb:{provisioning}:jobs", "{}x", "x{}y{z}", "{a}{b}", "{", "}{a}", "日本語", ""]
            for key in keys {
                let expected = try await askLocalRedis(port: cluster.nodes[0].port, RedisCommand("CLUSTER", "KEYSLOT", RedisArgument(key))).integer
                #expect(Int64(HashSlot.of(key)) == expected, "\(key)")
            }
        }
    }

    @Test func eachCommandRunsOnTheMasterOfItsSlotAndAPipelineComesBackInOrder() async throws {
        try await withCluster { (cluster: RedisClusterSet, client: RedisClient) async throws in
            let byMaster = try await keysOnEveryMaster(cluster, count: 5)
            let keys = byMaster.values.flatMap { $0 }.shuffled()
            let writes = try await client.pipeline(keys.map { RedisCommand("SET", RedisArgument($0), RedisArgument("value of \($0)")) })
            #expect(writes == Array(repeating: .status("OK"), count: keys.count))
            let reads = try await client.pipeline(keys.map { RedisCommand("GET", RedisArgument($0)) })
            #expect(reads.map(\.string) == keys.map { "value of \($0)" })
            for (port, keys) in byMaster {
                for key in keys {
                    let stored = try await askLocalRedis(port: port, RedisCommand("GET", RedisArgument(key)))
                    #expect(stored.string == "value of \(key)", "\(key) on the master \(port)")
                }
            }
            #expect(client.statistics.movedRedirections == 0)
            #expect(client.topologyDescription.hasPrefix("cluster of 3 masters"))
            #expect(try await client.sendToEveryMaster(RedisCommand("PING")) == Array(repeating: .status("PONG"), count: 3))
        }
    }

    @Test func aScriptOfOneHashTagRunsAndOneSpanningSlotsIsRefusedAsCrossSlot() async throws {
        try await withCluster { (_: RedisClusterSet, client: RedisClient) async throws in
            let script = RedisScript("redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[1]); return 1")
            let sameTag = RedisCommand.evaluate(script, keys: ["pb:{customer:1}:a", "pb:{customer:1}:b"], arguments: ["v"])
            #expect(try await client.send(sameTag) == .integer(1))
            let spanning = RedisCommand.evaluate(script, keys: ["pb:{customer:1}:a", "pb:{customer:2}:b"], arguments: ["v"])
            await #expect(throws: RedisError.self) { try await client.send(spanning) }
            do {
                try await client.send(spanning)
                Issue.record("a script naming keys of two slots ran")
            } catch let error as RedisError {
                guard case .server(let code, _) = error else { throw error }
                #expect(code == .crossSlot)
            }
            #expect(client.statistics.crossSlotReplies == 2)
        }
    }

    @Test func aMigratedSlotIsFollowedThroughAskWhileItMovesAndMovedAfter() async throws {
        try await withCluster { (cluster: RedisClusterSet, client: RedisClient) async throws in
            let key = "pb:{migrating}:entries"
            let slot = HashSlot.of(key)
            try await client.send(RedisCommand("SET", RedisArgument(key), "before the move"))
            let source = try await cluster.masterPort(of: slot)
            guard let target = try await cluster.masterPorts().subtracting([source]).first else { throw NotReady(what: "another master") }
            try await cluster.migrate(slot: slot, to: target) { () async throws in
                #expect(try await client.send(RedisCommand("GET", RedisArgument(key))).string == "before the move")
                #expect(client.statistics.askRedirections == 1)
                #expect(client.statistics.movedRedirections == 0)
            }
            #expect(try await client.send(RedisCommand("GET", RedisArgument(key))).string == "before the move")
            #expect(client.statistics.movedRedirections == 1)
            #expect(try await client.send(RedisCommand("SET", RedisArgument(key), "after the move")) == .status("OK"))
            #expect(client.statistics.movedRedirections == 1, "the map was corrected by the first MOVED")
            #expect(try await askLocalRedis(port: target, RedisCommand("GET", RedisArgument(key))).string == "after the move")
        }
    }

    @Test func aReplicatedWriteWaitsForTheReplicaOfEachMasterItReached() async throws {
        try await withCluster { (cluster: RedisClusterSet, client: RedisClient) async throws in
            let byMaster = try await keysOnEveryMaster(cluster, count: 1)
            let keys = byMaster.values.flatMap { $0 }
            let written = try await client.pipelineReplicated(keys.map { RedisCommand("SET", RedisArgument($0), "kept") })
            #expect(written == Array(repeating: .status("OK"), count: keys.count))
            let (port, onOneMaster) = try #require(byMaster.first)
            guard case .array(let role) = try await askLocalRedis(port: port, RedisCommand("ROLE")), case .array(let replicas) = role[2],
                case .array(let replicaAddress) = replicas.first, let replicaPort = replicaAddress[1].string.flatMap({ Int($0) })
            else { throw NotReady(what: "the replica of \(port)") }
            let replica = try #require(cluster.node(port: replicaPort))
            replica.pause()
            await #expect(throws: RedisError.notReplicated) {
                try await client.sendReplicated(RedisCommand("SET", RedisArgument(onOneMaster[0]), "its replica is stalled"))
            }
            try await replica.stop()
            await #expect(throws: RedisError.notReplicated, "a master without a replica cannot tell it was not cut off") {
                try await client.sendReplicated(RedisCommand("SET", RedisArgument(onOneMaster[0]), "no replica has it"))
            }
        }
    }

    @Test func aKilledMasterIsReplacedByItsPromotedReplicaWithoutARestart() async throws {
        try await withCluster { (cluster: RedisClusterSet, client: RedisClient) async throws in
            let key = "pb:{failover}:entries"
            try await client.sendReplicated(RedisCommand("SET", RedisArgument(key), "before"))
            let killed = try await cluster.masterPort(of: HashSlot.of(key))
            let refreshesBefore = client.statistics.slotMapRefreshes
            try await cluster.node(port: killed)?.stop()
            let started = ContinuousClock.now
            var value: String?
            while ContinuousClock.now - started < .seconds(20), value == nil {
                value = try? await client.send(RedisCommand("GET", RedisArgument(key))).string
                if value == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(value == "before", "the write WAIT had a replica acknowledge survives the master's loss")
            let promoted = try await cluster.masterPort(of: HashSlot.of(key))
            #expect(promoted != killed)
            #expect(client.statistics.slotMapRefreshes > refreshesBefore)
            #expect(client.topologyDescription.contains("127.0.0.1:\(promoted)"))
            #expect(try await client.send(RedisCommand("SET", RedisArgument(key), "after")) == .status("OK"))
        }
    }

    @Test func aClusterWithoutAMasterForASlotCountsAsDownAndTheClientFailsFast() async throws {
        try await withCluster { (cluster: RedisClusterSet, client: RedisClient) async throws in
            let key = "pb:{down}:entries"
            try await client.send(RedisCommand("SET", RedisArgument(key), "v"))
            let master = try await cluster.masterPort(of: HashSlot.of(key))
            guard case .array(let role) = try await askLocalRedis(port: master, RedisCommand("ROLE")), case .array(let replicas) = role[2],
                case .array(let replicaAddress) = replicas.first, let replicaPort = replicaAddress[1].string.flatMap({ Int($0) })
            else { throw NotReady(what: "the replica of \(master)") }
            try await cluster.node(port: replicaPort)?.stop()
            try await cluster.node(port: master)?.stop()
            // Once the other masters mark the pair failed, every slot is down (cluster-require-full-coverage).
            let other = try #require(cluster.nodes.first { $0.isRunning && $0.port != master })
            try await eventuallyTolerating("the cluster reports itself down") {
                try await askLocalRedis(port: other.port, RedisCommand("CLUSTER", "INFO")).string?.contains("cluster_state:fail") == true
            }
            var sawDown = false
            for _ in 0..<100 where !sawDown {
                do {
                    try await client.send(RedisCommand("GET", RedisArgument("cluster:elsewhere:\(UUID().uuidString)")))
                } catch let error as RedisError {
                    if case .clusterDown = error { sawDown = true }
                }
                if !sawDown { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(sawDown)
            await #expect(throws: RedisError.backingOff) { try await client.send(RedisCommand("GET", "cluster:right:after")) }
        }
    }
}
