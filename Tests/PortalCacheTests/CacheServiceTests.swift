import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import Synchronization
import TestSupport
import Testing

/// Counts the loads a test's source serves and can be told to fail or stall.
final class TestSource: Sendable {
    private let state = Mutex<(calls: Int, body: String, failing: Bool, delay: Duration)>((0, "v1", false, .zero))

    var calls: Int { state.withLock { $0.calls } }
    func serve(_ body: String) { state.withLock { $0.body = body } }
    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }
    func delay(_ delay: Duration) { state.withLock { $0.delay = delay } }

    @Sendable func load() async throws -> Data {
        let (body, failing, delay) = state.withLock { state in
            state.calls += 1
            return (state.body, state.failing, state.delay)
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if failing { throw SourceDown() }
        return Data(body.utf8)
    }

    struct SourceDown: Error {}
}

/// Every behaviour here holds for each store: the test Redis and process memory.
@Suite("Cache service", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct CacheServiceTests {
    let metrics = TestMetrics()
    let source = TestSource()

    private func cache(_ kind: StoreKind) throws -> CacheService {
        cache(try StoreUnderTest(kind))
    }

    private func cache(_ store: StoreUnderTest) -> CacheService {
        CacheService(store: store.store, metrics: CacheMetrics(factory: metrics))
    }

    private func key(_ tag: String = UUID().uuidString, group: String = "invoices", field: String = "page=1") -> CacheKey {
        CacheKey(group: CacheGroup(tag: "whmcs:test:\(tag)", name: group)!, field: field)
    }

    private let policy = CachePolicy(freshFor: .seconds(60), staleFor: .seconds(60), loadTimeout: .milliseconds(200))

    @Test(arguments: StoreKind.allCases) func aMissLoadsAndStoresThenTheNextReadIsAHit(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        let first = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(first == CachedValue(body: Data("v1".utf8), status: .miss(stored: true), entityTag: EntityTag.of(Data("v1".utf8))))
        let second = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(second.body == Data("v1".utf8))
        guard case .hit(let freshFor, .redis) = second.status else {
            Issue.record("expected a hit, got \(second.status)")
            return
        }
        #expect(freshFor > .seconds(55) && freshFor <= .seconds(60))
        #expect(source.calls == 1)
        #expect(try metrics.expectCounter("portal_cache_hits_total").totalValue == 1)
        #expect(try metrics.expectCounter("portal_cache_misses_total").totalValue == 1)
    }

    @Test(arguments: StoreKind.allCases) func pastItsFreshTimeAnEntryIsLoadedAgain(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(150), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        source.serve("v2")
        try await Task.sleep(for: .milliseconds(250))
        let refreshed = try await cache.value(for: key, policy: short, load: source.load)
        #expect(refreshed == CachedValue(body: Data("v2".utf8), status: .miss(stored: true), entityTag: EntityTag.of(Data("v2".utf8))))
    }

    @Test(arguments: StoreKind.allCases) func pastItsStaleLimitAnEntryIsGoneFromTheStore(_ kind: StoreKind) async throws {
        let store = try StoreUnderTest(kind)
        let cache = cache(store)
        let key = key()
        _ = try await cache.value(for: key, policy: CachePolicy(freshFor: .milliseconds(100), staleFor: .milliseconds(100)), load: source.load)
        try await Task.sleep(for: .milliseconds(350))
        #expect(try await store.holds(key.group) == false)
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache.value(for: key, policy: policy, load: source.load) }
    }

    @Test(arguments: StoreKind.allCases) func aFailingSourceIsAnsweredWithTheStaleCopy(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        source.fail(true)
        let served = try await cache.value(for: key, policy: short, load: source.load)
        #expect(served == CachedValue(body: Data("v1".utf8), status: .stale))
        #expect(try metrics.expectCounter("portal_cache_stale_total").totalValue == 1)
    }

    @Test(arguments: StoreKind.allCases) func aSlowSourceIsAnsweredWithTheStaleCopyAfterTheLoadTimeout(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60), loadTimeout: .milliseconds(100))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        source.delay(.seconds(120))
        let served = try await cache.value(for: key, policy: short, load: source.load)
        #expect(served.status == .stale)
    }

    @Test(arguments: StoreKind.allCases) func withoutAStaleCopyTheSourceErrorIsThrown(_ kind: StoreKind) async throws {
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache(kind).value(for: key(), policy: policy, load: source.load) }
    }

    @Test(arguments: StoreKind.allCases) func concurrentMissesOfOneKeyMakeOneLoad(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        source.delay(.seconds(1))
        let bodies = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<100 { group.addTask { try await cache.value(for: key, policy: policy, load: source.load).body } }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(source.calls == 1)
        #expect(bodies.count == 100)
        #expect(Set(bodies) == [Data("v1".utf8)])
        #expect(try metrics.expectCounter("portal_cache_coalesced_total").totalValue == 99)
    }

    @Test(arguments: StoreKind.allCases) func invalidatingAGroupLeavesOtherCustomersAlone(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let mine = key("mine")
        let theirs = key("theirs")
        _ = try await cache.value(for: mine, policy: policy, load: source.load)
        _ = try await cache.value(for: theirs, policy: policy, load: source.load)
        try await cache.invalidate([mine.group])
        #expect(try await cache.value(for: mine, policy: policy, load: source.load).status == .miss(stored: true))
        guard case .hit = try await cache.value(for: theirs, policy: policy, load: source.load).status else {
            Issue.record("another customer's entry was dropped")
            return
        }
    }

    @Test(arguments: StoreKind.allCases) func invalidationDropsEveryEntryOfTheGroupAndOnlyThatGroup(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let tag = UUID().uuidString
        let pages = (1...3).map { key(tag, field: "page=\($0)") }
        let profile = key(tag, group: "profile", field: "me")
        for entry in pages + [profile] { _ = try await cache.value(for: entry, policy: policy, load: source.load) }
        try await cache.invalidate([pages[0].group])
        for page in pages { #expect(try await cache.value(for: page, policy: policy, load: source.load).status == .miss(stored: true)) }
        guard case .hit = try await cache.value(for: profile, policy: policy, load: source.load).status else {
            Issue.record("the customer's other group was dropped")
            return
        }
    }

    @Test(arguments: StoreKind.allCases) func invalidationRemovesStaleCopiesToo(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        try await cache.invalidate([key.group])
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache.value(for: key, policy: short, load: source.load) }
    }

    @Test(arguments: StoreKind.allCases) func aLoadRunningDuringAnInvalidationDoesNotStoreWhatItFetched(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key()
        source.delay(.milliseconds(300))
        async let inFlight = cache.value(for: key, policy: policy, load: source.load)
        while source.calls == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await cache.invalidate([key.group])
        #expect(try await inFlight.status == .miss(stored: false))
        source.delay(.zero)
        source.serve("v2")
        #expect(try await cache.value(for: key, policy: policy, load: source.load).body == Data("v2".utf8))
    }

    @Test(arguments: StoreKind.allCases) func bodiesAreStoredByteForByte(_ kind: StoreKind) async throws {
        let cache = try cache(kind)
        let key = key(field: "binary \u{0}\r\n field")
        let body = Data((0...255).map(UInt8.init) + Array("{\"name\":\"山田\"}".utf8))
        _ = try await cache.value(for: key, policy: policy) { body }
        let hit = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(hit.body == body)
        #expect(source.calls == 0)
    }

    @Test func anEntryFromAnotherFormatInRedisIsAMissNotAnError() async throws {
        let redis = try TestRedis.client()
        let key = key()
        try await redis.send(RedisCommand("HSET", RedisArgument(key.group.entriesKey), RedisArgument(key.field), "garbage"))
        try await redis.send(RedisCommand("PEXPIRE", RedisArgument(key.group.entriesKey), 60000))
        #expect(
            try await cache(StoreUnderTest(.redis, redis: redis)).value(for: key, policy: policy, load: source.load).status == .miss(stored: true)
        )
    }

    @Test(arguments: StoreKind.allCases) func relationsListWhatWasRecordedOnceEach(_ kind: StoreKind) async throws {
        let relations = try cache(kind).relations
        let relation = try #require(CacheRelations.Relation(tag: "sf:test:\(UUID().uuidString)", name: "dashboards"))
        #expect(try await relations.members(of: relation).isEmpty)
        for member in ["whmcs:default:1", "whmcs:brand-b:2", "whmcs:default:1"] { await relations.record(member, in: relation) }
        #expect(try await relations.members(of: relation).sorted() == ["whmcs:brand-b:2", "whmcs:default:1"])
    }
}

@Suite("Cache service without Redis", .enabled(if: TestRedis.isAvailable, "needs redis-server on the PATH (make test installs it)"))
struct CacheServiceRedisTroubleTests {
    let metrics = TestMetrics()
    let source = TestSource()
    let policy = CachePolicy(freshFor: .seconds(60))

    @Test func redisDownMeansLoadsGoStraightToTheSource() async throws {
        let server = try OwnRedisServer()
        let redis = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url)))
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: metrics))
        let key = CacheKey(group: CacheGroup(tag: "whmcs:test:1", name: "invoices")!, field: "page=1")
        for _ in 0..<3 {
            #expect(try await cache.value(for: key, policy: policy, load: source.load) == CachedValue(body: Data("v1".utf8), status: .bypass))
        }
        #expect(source.calls == 3)
        #expect(try metrics.expectCounter("portal_cache_bypass_total").totalValue == 3)
    }

    @Test func redisKilledMidRunThenRestartedKeepsRequestsSucceedingAndCachesAgain() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let redis = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(server.url),
                initialBackoff: .milliseconds(20),
                maximumBackoff: .milliseconds(100)
            )
        )
        let cache = CacheService(redis: redis, metrics: CacheMetrics(factory: metrics))
        let key = CacheKey(group: CacheGroup(tag: "whmcs:test:2", name: "invoices")!, field: "page=1")
        #expect(try await cache.value(for: key, policy: policy, load: source.load).status == .miss(stored: true))

        try await server.stop()
        for _ in 0..<5 {
            #expect(try await cache.value(for: key, policy: policy, load: source.load).status == .bypass)
        }

        try await server.start()
        var statuses: [CachedValue.Status] = []
        for _ in 0..<40 {
            statuses.append(try await cache.value(for: key, policy: policy, load: source.load).status)
            if case .hit = statuses.last { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(statuses.contains(.miss(stored: true)), "the cache never stored again: \(statuses)")
        guard case .hit = statuses.last else {
            Issue.record("the cache never served a hit again: \(statuses)")
            return
        }
    }
}
