import Foundation
import MetricsTestKit
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
        let settings = NearCache.Settings(lease: .milliseconds(100), heartbeat: .milliseconds(5))
        let near = NearCache(settings: settings, metrics: NearCacheMetrics(factory: TestMetrics()))
        let configuration = RedisConfiguration(
            url: try RedisURL(cluster.url),
            poolSize: 2,
            acquireTimeout: .seconds(2),
            initialBackoff: .milliseconds(20)
        )
        let redis = RedisClient(configuration: configuration, tracking: TrackingConfiguration(observer: near, heartbeat: settings.heartbeat))
        let otherRedis = RedisClient(configuration: configuration)
        try await withTeardown(
            (cluster, redis, otherRedis),
            stop: { parts in
                await parts.1.shutdown()
                await parts.2.shutdown()
                await parts.0.stop()
            }
        ) { (parts: (RedisClusterSet, RedisClient, RedisClient)) async throws in
            let cache = CacheService(store: RedisCacheStore(redis: parts.1), near: near)
            let other = CacheService(redis: parts.2)
            let policy = CachePolicy(freshFor: .seconds(60))
            var keys: [Int: CacheKey] = [:]
            var index = 0
            while keys.count < 3 {
                let key = CacheKey(group: CacheGroup(tag: "whmcs:default:\(index)", name: "invoices")!, field: "page=1")
                let port = try await parts.0.masterPort(of: HashSlot.of(key.group.entriesKey))
                if keys[port] == nil { keys[port] = key }
                index += 1
            }
            try await eventually("the near cache's lease over every master", timeout: .seconds(10)) { near.leaseHolds() }
            for key in keys.values {
                try await eventually("a memory hit") { isMemoryHit(try await cache.value(for: key, policy: policy) { Data("v1".utf8) }) }
            }
            for key in keys.values {
                try await other.invalidate([key.group])
                _ = try await other.value(for: key, policy: policy) { Data("v2".utf8) }
            }
            for key in keys.values {
                try await eventually("memory answers with the body changed on that master") {
                    let value = try await cache.value(for: key, policy: policy) { Data("v3".utf8) }
                    #expect(String(decoding: value.body, as: UTF8.self) == "v2")
                    return isMemoryHit(value)
                }
            }

            let (killed, key) = try #require(keys.first)
            try await parts.0.node(port: killed)?.stop()
            try await eventually("a write accepted by the promoted replica", timeout: .seconds(20)) {
                (try? await parts.2.send(RedisCommand("SET", RedisArgument(key.group.entriesKey + ":probe"), "1"))) != nil
            }
            // The operator brings the failed node back: it rejoins as the replica a replicated invalidation waits for.
            try await parts.0.node(port: killed)?.start()
            try await eventually("an invalidation a replica acknowledged", timeout: .seconds(30)) {
                (try? await other.invalidate([key.group])) != nil
            }
            _ = try await other.value(for: key, policy: policy) { Data("v4".utf8) }
            let changed = ContinuousClock.now
            try await eventually("a memory hit from the promoted replica", timeout: .seconds(10)) {
                let value = try await cache.value(for: key, policy: policy) { Data("v5".utf8) }
                #expect(String(decoding: value.body, as: UTF8.self) != "v2", "never the body from before the change")
                return isMemoryHit(value)
            }
            #expect(ContinuousClock.now - changed < .seconds(5), "memory answers again within 5 s of the change on the new master")
        }
    }
}
