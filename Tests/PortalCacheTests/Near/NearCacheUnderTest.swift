import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import TestSupport

/// A near cache over a redis-server of the test's own (so that it can be flushed, killed and stopped), the
/// cache service reading through it, and a second client standing for another instance that writes.
struct NearCacheUnderTest {
    let server: OwnRedisServer
    let near: NearCache
    let metrics: TestMetrics
    let redis: RedisClient
    let cache: CacheService
    /// Another instance: its cache service shares the Redis, without a near cache.
    let other: CacheService
    let otherRedis: RedisClient
    let policy = CachePolicy(freshFor: .seconds(60))

    static func with<Result>(
        settings: NearCache.Settings = NearCache.Settings(lease: .milliseconds(100), heartbeat: .milliseconds(5)),
        store wrap: (RedisCacheStore) -> any CacheStore = { $0 },
        _ body: (NearCacheUnderTest) async throws -> Result
    ) async throws -> Result {
        let server = try OwnRedisServer()
        try await server.start()
        let metrics = TestMetrics()
        let near = NearCache(settings: settings, metrics: NearCacheMetrics(factory: metrics))
        let configuration = RedisConfiguration(
            url: try RedisURL(server.url),
            poolSize: 2,
            initialBackoff: .milliseconds(20),
            maximumBackoff: .milliseconds(100)
        )
        let redis = RedisClient(configuration: configuration, tracking: TrackingConfiguration(observer: near, heartbeat: settings.heartbeat))
        let otherRedis = RedisClient(configuration: configuration)
        let harness = NearCacheUnderTest(
            server: server,
            near: near,
            metrics: metrics,
            redis: redis,
            cache: CacheService(store: wrap(RedisCacheStore(redis: redis)), near: near),
            other: CacheService(redis: otherRedis),
            otherRedis: otherRedis
        )
        return try await withTeardown(
            harness,
            stop: { harness in
                await harness.redis.shutdown()
                await harness.otherRedis.shutdown()
                try? await harness.server.stop()
            }
        ) { harness in
            try await eventually("the invalidation connection keeps the lease") { near.leaseHolds() }
            return try await body(harness)
        }
    }

    static func key(_ number: Int = 1, field: String = "page=1") -> CacheKey {
        CacheKey(group: CacheGroup(tag: "whmcs:default:\(number)", name: "invoices")!, field: field)
    }

    func read(_ key: CacheKey, loading body: String) async throws -> CachedValue {
        try await cache.value(for: key, policy: policy) { Data(body.utf8) }
    }

    /// Reads until the near cache answers (a miss stores, the next read from Redis fills).
    func warm(_ key: CacheKey, body: String) async throws {
        try await eventually("a memory hit of \(key)") {
            isMemoryHit(try await read(key, loading: body))
        }
    }

    /// What the other instance does on a webhook: drops the group and stores the new body.
    func changeElsewhere(_ key: CacheKey, to body: String) async throws {
        try await other.invalidate([key.group])
        _ = try await other.value(for: key, policy: policy) { Data(body.utf8) }
    }

    func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Int64 {
        (try? metrics.expectCounter(label, dimensions).totalValue) ?? 0
    }
}

func isMemoryHit(_ value: CachedValue) -> Bool {
    if case .hit(_, .memory) = value.status { return true }
    return false
}

func isHit(_ value: CachedValue) -> Bool {
    if case .hit = value.status { return true }
    return false
}
