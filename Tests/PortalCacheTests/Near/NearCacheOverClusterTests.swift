import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The near cache over a Redis Cluster: one invalidation connection per master, so a change on any master
/// reaches memory; and when a master fails, memory empties and answers again from the promoted replica,
/// never with what was changed there.
@Suite("Near cache over Cluster", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct NearCacheOverClusterTests {
    @Test func aChangeOnEveryMasterReachesMemoryAndAFailedMasterIsFollowed() async throws {
        let cluster = try RedisClusterSet()
        try await cluster.start()
        try await withTeardown(cluster, stop: { await $0.stop() }) { cluster in
            try await NearCacheClients.with(url: cluster.url) { clients in
                var keys: [Int: CacheKey] = [:]
                var index = 0
                while keys.count < 3 {
                    let key = CacheKey(group: CacheGroup(tag: "whmcs:default:\(index)", name: "invoices")!, field: "page=1")
                    let port = try await cluster.masterPort(of: HashSlot.of(key.group.entriesKey))
                    if keys[port] == nil { keys[port] = key }
                    index += 1
                }
                try await eventually("the near cache's lease over every master", timeout: .seconds(10)) { clients.near.leaseHolds() }
                for key in keys.values {
                    try await eventually("a memory hit") { isMemoryHit(try await clients.read(key, loading: "v1")) }
                }
                for key in keys.values { try await clients.changeElsewhere(key, to: "v2") }
                for key in keys.values {
                    try await eventually("memory answers with the body changed on that master") {
                        let value = try await clients.read(key, loading: "v3")
                        #expect(String(decoding: value.body, as: UTF8.self) == "v2")
                        return isMemoryHit(value)
                    }
                }

                let (killed, key) = try #require(keys.first)
                try await cluster.node(port: killed)?.stop()
                try await eventually("a write accepted by the promoted replica", timeout: .seconds(20)) {
                    (try? await clients.otherRedis.send(RedisCommand("SET", RedisArgument(key.group.entriesKey + ":probe"), "1"))) != nil
                }
                // The operator brings the failed node back: it rejoins as the replica a replicated invalidation waits for.
                try await cluster.node(port: killed)?.start()
                try await clients.changeElsewhere(key, to: "v4")
                let changed = ContinuousClock.now
                try await eventually("a memory hit from the promoted replica", timeout: .seconds(10)) {
                    let value = try await clients.read(key, loading: "v5")
                    #expect(String(decoding: value.body, as: UTF8.self) != "v2", "never the body from before the change")
                    return isMemoryHit(value)
                }
                #expect(ContinuousClock.now - changed < .seconds(5), "memory answers again within 5 s of the change on the new master")
            }
        }
    }
}
