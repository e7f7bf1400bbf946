import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The cache stores the cache service's behaviour is checked against: the test Redis and process memory.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case redis, memory

    var testDescription: String { rawValue }
}

/// A store of one kind, and what a test may look at in it (what `HLEN`, `PTTL` and `EXISTS` show in Redis).
struct StoreUnderTest {
    let store: any CacheStore
    private let redis: RedisClient?
    private let memory: InMemoryCacheStore?
    private let now: @Sendable () -> Int64

    /// `now` is the clock the store and its cache service share.
    init(_ kind: StoreKind, redis: RedisClient? = nil, now: @escaping @Sendable () -> Int64 = CacheService.wallClock) throws {
        self.now = now
        switch kind {
        case .redis:
            let redis = try redis ?? TestRedis.client()
            self.redis = redis
            memory = nil
            store = RedisCacheStore(redis: redis)
        case .memory:
            let memory = InMemoryCacheStore(now: now)
            self.redis = nil
            self.memory = memory
            store = memory
        }
    }

    /// How many entries `group` holds, counted in the entries and, for Redis, in the sorted set of stale
    /// limits too (which must agree).
    func entryCount(of group: CacheGroup) async throws -> Int {
        guard let redis else { return memory?.fields(of: group).count ?? 0 }
        let entries = try #require(try await redis.send(RedisCommand("HLEN", RedisArgument(group.entriesKey))).integer)
        let expiries = try #require(try await redis.send(RedisCommand("ZCARD", RedisArgument(group.expiriesKey))).integer)
        #expect(entries == expiries, "the entries and their stale limits disagree")
        return Int(entries)
    }

    /// Whether anything of `group`'s entries is kept.
    func holds(_ group: CacheGroup) async throws -> Bool {
        guard let redis else { return memory?.fields(of: group).isEmpty == false }
        let count = try #require(
            try await redis.send(RedisCommand("EXISTS", RedisArgument(group.entriesKey), RedisArgument(group.expiriesKey))).integer
        )
        return count > 0
    }

    /// How much longer `group` lives as a whole, in milliseconds; nil when it holds nothing.
    func lifetime(of group: CacheGroup) async throws -> Int64? {
        guard let redis else { return memory?.expiry(of: group).map { $0 - now() } }
        let entries = try #require(try await redis.send(RedisCommand("PTTL", RedisArgument(group.entriesKey))).integer)
        let expiries = try #require(try await redis.send(RedisCommand("PTTL", RedisArgument(group.expiriesKey))).integer)
        guard entries > 0 else { return nil }
        #expect(expiries > 0 && expiries <= entries, "the stale limits outlive the entries")
        return entries
    }
}
