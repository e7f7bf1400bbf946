import Foundation
import MetricsTestKit
import PortalCache
import PortalRedis
import TestSupport
import Synchronization
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

@Suite("Cache service", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct CacheServiceTests {
    let metrics = TestMetrics()
    let source = TestSource()

    private func cache(_ redis: RedisClient? = nil) throws -> CacheService {
        CacheService(redis: try redis ?? TestRedis.client(), metrics: CacheMetrics(factory: metrics))
    }

    private func key(_ tag: String = UUID().uuidString, group: String = "invoices", field: String = "page=1") -> CacheKey {
        CacheKey(group: CacheGroup(tag: "whmcs:test:\(tag)", name: group)!, field: field)
    }

    private let policy = CachePolicy(freshFor: .seconds(60), staleFor: .seconds(60), loadTimeout: .milliseconds(200))

    @Test func aMissLoadsAndStoresThenTheNextReadIsAHit() async throws {
        let cache = try cache()
        let key = key()
        let first = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(first == CachedValue(body: Data("v1".utf8), status: .miss(stored: true)))
        let second = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(second.body == Data("v1".utf8))
        guard case .hit(let freshFor) = second.status else { Issue.record("expected a hit, got \(second.status)"); return }
        #expect(freshFor > .seconds(55) && freshFor <= .seconds(60))
        #expect(source.calls == 1)
        #expect(try metrics.expectCounter("portal_cache_hits_total").totalValue == 1)
        #expect(try metrics.expectCounter("portal_cache_misses_total").totalValue == 1)
    }

    @Test func pastItsFreshTimeAnEntryIsLoadedAgain() async throws {
        let cache = try cache()
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(150), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        source.serve("v2")
        try await Task.sleep(for: .milliseconds(250))
        let refreshed = try await cache.value(for: key, policy: short, load: source.load)
        #expect(refreshed == CachedValue(body: Data("v2".utf8), status: .miss(stored: true)))
    }

    @Test func pastItsStaleLimitAnEntryIsGoneFromRedis() async throws {
        let redis = try TestRedis.client()
        let cache = try cache(redis)
        let key = key()
        _ = try await cache.value(for: key, policy: CachePolicy(freshFor: .milliseconds(100), staleFor: .milliseconds(100)), load: source.load)
        try await Task.sleep(for: .milliseconds(350))
        #expect(try await redis.send(RedisCommand("EXISTS", RedisArgument(key.group.entriesKey))) == .integer(0))
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache.value(for: key, policy: policy, load: source.load) }
    }

    @Test func aFailingSourceIsAnsweredWithTheStaleCopy() async throws {
        let cache = try cache()
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        source.fail(true)
        let served = try await cache.value(for: key, policy: short, load: source.load)
        #expect(served == CachedValue(body: Data("v1".utf8), status: .stale))
        #expect(try metrics.expectCounter("portal_cache_stale_total").totalValue == 1)
    }

    @Test func aSlowSourceIsAnsweredWithTheStaleCopyAfterTheLoadTimeout() async throws {
        let cache = try cache()
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60), loadTimeout: .milliseconds(100))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        source.delay(.seconds(120))
        let served = try await cache.value(for: key, policy: short, load: source.load)
        #expect(served.status == .stale)
    }

    @Test func withoutAStaleCopyTheSourceErrorIsThrown() async throws {
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache().value(for: key(), policy: policy, load: source.load) }
    }

    @Test func concurrentMissesOfOneKeyMakeOneLoad() async throws {
        let cache = try cache()
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

    @Test func invalidatingAGroupLeavesOtherCustomersAlone() async throws {
        let cache = try cache()
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

    @Test func invalidationDropsEveryEntryOfTheGroupAndOnlyThatGroup() async throws {
        let cache = try cache()
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

    @Test func invalidationRemovesStaleCopiesToo() async throws {
        let cache = try cache()
        let key = key()
        let short = CachePolicy(freshFor: .milliseconds(100), staleFor: .seconds(60))
        _ = try await cache.value(for: key, policy: short, load: source.load)
        try await Task.sleep(for: .milliseconds(150))
        try await cache.invalidate([key.group])
        source.fail(true)
        await #expect(throws: TestSource.SourceDown.self) { try await cache.value(for: key, policy: short, load: source.load) }
    }

    @Test func aLoadRunningDuringAnInvalidationDoesNotStoreWhatItFetched() async throws {
        let cache = try cache()
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

    @Test func bodiesAreStoredByteForByte() async throws {
        let cache = try cache()
        let key = key(field: "binary \u{0}\r\n field")
        let body = Data((0...255).map(UInt8.init) + Array("{\"name\":\"山田\"}".utf8))
        _ = try await cache.value(for: key, policy: policy) { body }
        let hit = try await cache.value(for: key, policy: policy, load: source.load)
        #expect(hit.body == body)
        #expect(source.calls == 0)
    }

    @Test func anEntryFromAnotherFormatIsAMissNotAnError() async throws {
        let redis = try TestRedis.client()
        let key = key()
        try await redis.send(RedisCommand("HSET", RedisArgument(key.group.entriesKey), RedisArgument(key.field), "garbage"))
        try await redis.send(RedisCommand("PEXPIRE", RedisArgument(key.group.entriesKey), 60000))
        #expect(try await cache(redis).value(for: key, policy: policy, load: source.load).status == .miss(stored: true))
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
        let redis = RedisClient(configuration: RedisConfiguration(
            url: try RedisURL(server.url), initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(100)))
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
        guard case .hit = statuses.last else { Issue.record("the cache never served a hit again: \(statuses)"); return }
    }
}
