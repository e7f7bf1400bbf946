import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import TestSupport

/// A near cache read through by a tracking client over `url` (a Sentinel set or a cluster of the test's
/// own), and another instance's cache service with a client of its own, for `body`; the clients are shut
/// down after it, before the caller stops the servers.
struct NearCacheClients {
    let near: NearCache
    let cache: CacheService
    let other: CacheService
    let otherRedis: RedisClient
    let policy = CachePolicy(freshFor: .seconds(60))

    static func with(url: String, _ body: (NearCacheClients) async throws -> Void) async throws {
        let settings = NearCache.Settings(lease: .milliseconds(100), heartbeat: .milliseconds(5))
        let near = NearCache(settings: settings, metrics: NearCacheMetrics(factory: TestMetrics()))
        let configuration = RedisConfiguration(url: try RedisURL(url), poolSize: 2, acquireTimeout: .seconds(2), initialBackoff: .milliseconds(20))
        let redis = RedisClient(configuration: configuration, tracking: TrackingConfiguration(observer: near, heartbeat: settings.heartbeat))
        let otherRedis = RedisClient(configuration: configuration)
        let clients = NearCacheClients(
            near: near,
            cache: CacheService(store: RedisCacheStore(redis: redis), near: near),
            other: CacheService(redis: otherRedis),
            otherRedis: otherRedis
        )
        try await withTeardown(
            clients,
            stop: { _ in
                await redis.shutdown()
                await otherRedis.shutdown()
            }
        ) { clients in try await body(clients) }
    }

    /// Reads `key` through the near cache, loading `body` on a miss.
    func read(_ key: CacheKey, loading body: String) async throws -> CachedValue {
        try await cache.value(for: key, policy: policy) { Data(body.utf8) }
    }

    /// What the other instance does on a webhook: drops the group (retried until a replica acknowledged it,
    /// as the sender retries a 503) and stores the new body.
    func changeElsewhere(_ key: CacheKey, to body: String) async throws {
        try await eventually("an invalidation a replica acknowledged", timeout: .seconds(30)) {
            (try? await other.invalidate([key.group])) != nil
        }
        _ = try await other.value(for: key, policy: policy) { Data(body.utf8) }
    }
}
