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

/// Every behaviour here holds for each store: the test Redis and process memory.
@Suite("Cache service: bounded groups", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct BoundedGroupTests {
    let clock = ManualMilliseconds()
    let policy = CachePolicy(freshFor: .seconds(60), staleFor: .seconds(60))

    private func group() -> CacheGroup { CacheGroup(tag: "whmcs:test:\(UUID().uuidString)", name: "invoices")! }

    private func cache(_ store: StoreUnderTest, maximumEntriesPerGroup: Int = CacheService.defaultMaximumEntriesPerGroup) -> CacheService {
        CacheService(
            store: store.store,
            metrics: CacheMetrics(factory: TestMetrics()),
            maximumEntriesPerGroup: maximumEntriesPerGroup,
            now: clock.now
        )
    }

    @Test(arguments: StoreKind.allCases) func manyDistinctFieldsLeaveAGroupAtItsBoundKeepingTheNewest(_ kind: StoreKind) async throws {
        let store = try StoreUnderTest(kind, now: clock.now)
        let cache = cache(store, maximumEntriesPerGroup: 20)
        let group = group()
        for index in 0..<500 {
            _ = try await cache.value(for: CacheKey(group: group, field: "page=\(index)"), policy: policy) { Data("page \(index)".utf8) }
            clock.advance(by: 10)
        }
        #expect(try await store.entryCount(of: group) == 20)
        let newest = try await cache.value(for: CacheKey(group: group, field: "page=499"), policy: policy) { Data("reloaded".utf8) }
        #expect(newest.body == Data("page 499".utf8))
        let kept = try await cache.value(for: CacheKey(group: group, field: "page=480"), policy: policy) { Data("reloaded".utf8) }
        #expect(kept.body == Data("page 480".utf8), "the twentieth newest is kept")
        let oldest = try await cache.value(for: CacheKey(group: group, field: "page=0"), policy: policy) { Data("reloaded".utf8) }
        #expect(oldest.status == .miss(stored: true))
    }

    @Test(arguments: StoreKind.allCases) func fieldsWithTheSameStaleLimitAreDroppedInTheirByteOrder(_ kind: StoreKind) async throws {
        let store = try StoreUnderTest(kind, now: clock.now)
        let cache = cache(store, maximumEntriesPerGroup: 2)
        let group = group()
        for field in ["b", "c", "a"] {
            _ = try await cache.value(for: CacheKey(group: group, field: field), policy: policy) { Data(field.utf8) }
        }
        #expect(try await store.entryCount(of: group) == 2)
        #expect(await cache.fresh(CacheKey(group: group, field: "a")) == nil, "the first in byte order goes first")
        #expect(await cache.fresh(CacheKey(group: group, field: "c")) == Data("c".utf8))
    }

    @Test(arguments: StoreKind.allCases)
    func aGroupLivesNoLongerThanItsLongestStaleLimitAndItsEntriesExpireOnTheirOwn(_ kind: StoreKind) async throws {
        let store = try StoreUnderTest(kind, now: clock.now)
        let cache = cache(store)
        let group = group()
        for index in 0..<5 {
            _ = try await cache.value(for: CacheKey(group: group, field: "page=\(index)"), policy: policy) { Data("page \(index)".utf8) }
        }
        let limit = policy.freshFor + policy.staleFor
        let lifetime = try #require(try await store.lifetime(of: group))
        #expect(lifetime > 0 && lifetime <= limit.components.seconds * 1000)
        clock.advance(by: Int64(limit.components.seconds) * 1000)
        _ = try await cache.value(for: CacheKey(group: group, field: "later"), policy: policy) { Data("later".utf8) }
        #expect(try await store.entryCount(of: group) == 1, "entries past their stale limit are gone")
    }

    @Test(arguments: StoreKind.allCases) func entriesLearntAlongsideAreStoredWithTheEntryAndDroppedWithItsGroup(_ kind: StoreKind) async throws {
        let store = try StoreUnderTest(kind, now: clock.now)
        let cache = cache(store)
        let group = group()
        let page = CacheKey(group: group, field: "page=1")
        let total = CacheKey(group: group, field: "total")
        _ = try await cache.value(
            for: page,
            policy: policy,
            loading: { CacheService.Loaded(body: Data("page".utf8), alongside: [total.field: Data("7".utf8)]) }
        )
        #expect(await cache.fresh(total) == Data("7".utf8))
        clock.advance(by: 60_000)
        #expect(await cache.fresh(total) == nil, "past its fresh time it is not known any more")
        clock.advance(by: -60_000)
        try await cache.invalidate([group])
        #expect(await cache.fresh(total) == nil)
        #expect(try await store.holds(group) == false)
    }
}
