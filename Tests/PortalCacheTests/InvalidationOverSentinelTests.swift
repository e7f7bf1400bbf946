import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// On a Sentinel-managed primary an invalidation is acknowledged only once a replica has it, so a failover
/// cannot bring back what a webhook's 200 said was gone.
@Suite("Cache invalidation over Sentinel", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct InvalidationOverSentinelTests {
    @Test func anInvalidationNoReplicaAcknowledgedFailsSoTheWebhookIsRetried() async throws {
        let sentinels = try SentinelSet()
        try await sentinels.start()
        let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(sentinels.url(database: 1)), poolSize: 1))
        try await withTeardown(
            (sentinels, client),
            stop: { parts in
                await parts.1.shutdown()
                await parts.0.stop()
            }
        ) { (parts: (SentinelSet, RedisClient)) async throws in
            let store = RedisCacheStore(redis: parts.1)
            let group = try #require(CacheGroup(tag: "whmcs:default:\(UUID().uuidString)", name: "invoices"))
            try await store.invalidate([group])
            parts.0.replica.pause()
            await #expect(throws: CacheStoreError.redis(.notReplicated)) { try await store.invalidate([group]) }
        }
    }
}
