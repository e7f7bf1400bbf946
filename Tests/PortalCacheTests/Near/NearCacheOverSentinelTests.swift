import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The near cache over a Sentinel-managed primary: when the sentinels name another master, its
/// invalidation connection follows (memory is emptied meanwhile), so memory answers again from the new
/// master and never with what was changed there.
@Suite("Near cache over Sentinel", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct NearCacheOverSentinelTests {
    @Test func afterAFailoverWhileUpMemoryAnswersAgainFromTheNewMasterAndSeesItsChanges() async throws {
        let sentinels = try SentinelSet()
        try await sentinels.start()
        let settings = NearCache.Settings(lease: .milliseconds(100), heartbeat: .milliseconds(5))
        let near = NearCache(settings: settings, metrics: NearCacheMetrics(factory: TestMetrics()))
        let configuration = RedisConfiguration(url: try RedisURL(sentinels.url(database: 3)), poolSize: 2, initialBackoff: .milliseconds(20))
        let redis = RedisClient(configuration: configuration, tracking: TrackingConfiguration(observer: near, heartbeat: settings.heartbeat))
        let otherRedis = RedisClient(configuration: configuration)
        try await withTeardown(
            (sentinels, redis, otherRedis),
            stop: { parts in
                await parts.1.shutdown()
                await parts.2.shutdown()
                await parts.0.stop()
            }
        ) { (parts: (SentinelSet, RedisClient, RedisClient)) async throws in
            let cache = CacheService(store: RedisCacheStore(redis: parts.1), near: near)
            let other = CacheService(redis: parts.2)
            let policy = CachePolicy(freshFor: .seconds(60))
            let key = CacheKey(group: CacheGroup(tag: "whmcs:default:\(UUID().uuidString)", name: "invoices")!, field: "page=1")
            try await eventually("the near cache's lease") { near.leaseHolds() }
            try await eventually("a memory hit before the failover") {
                isMemoryHit(try await cache.value(for: key, policy: policy) { Data("v1".utf8) })
            }

            try await parts.0.failOver()
            try await eventually("the sentinels naming the replica", timeout: .seconds(20)) {
                try await parts.0.masterPort() == parts.0.replica.port
            }
            try await eventually("a write accepted by the new master", timeout: .seconds(20)) {
                (try? await parts.2.send(RedisCommand("SET", "near:probe", "1"))) == .status("OK")
            }
            // As a webhook would be retried: no replica acknowledges until the old master has become one.
            try await eventually("an invalidation a replica acknowledged", timeout: .seconds(30)) {
                (try? await other.invalidate([key.group])) != nil
            }
            _ = try await other.value(for: key, policy: policy) { Data("v2".utf8) }
            let changed = ContinuousClock.now
            try await eventually("a memory hit from the new master", timeout: .seconds(10)) {
                let value = try await cache.value(for: key, policy: policy) { Data("v3".utf8) }
                #expect(String(decoding: value.body, as: UTF8.self) == "v2", "never the body changed on the new master")
                return isMemoryHit(value)
            }
            #expect(ContinuousClock.now - changed < .seconds(5), "memory answers again within 5 s of the change on the new master")
        }
    }
}
