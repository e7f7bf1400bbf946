import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import Synchronization
import TestSupport
import Testing

/// A wall clock in milliseconds that moves only when the test says so.
final class ManualMilliseconds: Sendable {
    private let current = Mutex<Int64>(1_900_000_000_000)

    var now: @Sendable () -> Int64 { { self.current.withLock { $0 } } }

    func advance(by milliseconds: Int64) {
        current.withLock { $0 += milliseconds }
    }
}

@Suite("Cache service: bounded groups", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct BoundedGroupTests {
    let clock = ManualMilliseconds()
    let policy = CachePolicy(freshFor: .seconds(60), staleFor: .seconds(60))

    private func group() -> CacheGroup { CacheGroup(tag: "whmcs:test:\(UUID().uuidString)", name: "invoices")! }

    private func integer(_ redis: RedisClient, _ command: String, _ key: String) async throws -> Int64 {
        try #require(try await redis.send(RedisCommand(command, RedisArgument(key))).integer)
    }

    @Test func manyDistinctFieldsLeaveAGroupAtItsBoundKeepingTheNewest() async throws {
        let redis = try TestRedis.client()
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: TestMetrics()), maximumEntriesPerGroup: 20, now: clock.now)
        let group = group()
        for index in 0..<500 {
            _ = try await cache.value(for: CacheKey(group: group, field: "page=\(index)"), policy: policy) { Data("page \(index)".utf8) }
            clock.advance(by: 10)
        }
        #expect(try await integer(redis, "HLEN", group.entriesKey) == 20)
        #expect(try await integer(redis, "ZCARD", group.expiriesKey) == 20)
        let newest = try await cache.value(for: CacheKey(group: group, field: "page=499"), policy: policy) { Data("reloaded".utf8) }
        #expect(newest.body == Data("page 499".utf8))
        let oldest = try await cache.value(for: CacheKey(group: group, field: "page=0"), policy: policy) { Data("reloaded".utf8) }
        #expect(oldest.status == .miss(stored: true))
    }

    @Test func aGroupLivesNoLongerThanItsLongestStaleLimitAndItsEntriesExpireOnTheirOwn() async throws {
        let redis = try TestRedis.client()
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: TestMetrics()), now: clock.now)
        let group = group()
        for index in 0..<5 {
            _ = try await cache.value(for: CacheKey(group: group, field: "page=\(index)"), policy: policy) { Data("page \(index)".utf8) }
        }
        let limit = policy.freshFor + policy.staleFor
        let ttl = try await integer(redis, "PTTL", group.entriesKey)
        #expect(ttl > 0 && ttl <= limit.components.seconds * 1000)
        #expect(try await integer(redis, "PTTL", group.expiriesKey) <= limit.components.seconds * 1000)
        clock.advance(by: Int64(limit.components.seconds) * 1000)
        _ = try await cache.value(for: CacheKey(group: group, field: "later"), policy: policy) { Data("later".utf8) }
        #expect(try await integer(redis, "HLEN", group.entriesKey) == 1, "entries past their stale limit are gone")
        #expect(try await integer(redis, "ZCARD", group.expiriesKey) == 1)
    }

    @Test func entriesLearntAlongsideAreStoredWithTheEntryAndDroppedWithItsGroup() async throws {
        let redis = try TestRedis.client()
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: TestMetrics()), now: clock.now)
        let group = group()
        let page = CacheKey(group: group, field: "page=1")
        let total = CacheKey(group: group, field: "total")
        _ = try await cache.value(for: page, policy: policy, loading: { CacheService.Loaded(body: Data("page".utf8), alongside: [total.field: Data("7".utf8)]) })
        #expect(await cache.fresh(total) == Data("7".utf8))
        clock.advance(by: 60_000)
        #expect(await cache.fresh(total) == nil, "past its fresh time it is not known any more")
        clock.advance(by: -60_000)
        try await cache.invalidate([group])
        #expect(await cache.fresh(total) == nil)
        #expect(try await integer(redis, "EXISTS", group.expiriesKey) == 0)
    }
}
