import Foundation
import Testing

@testable import PortalCache
@testable import PortalRedis

@Suite("Near cache entries")
struct NearCacheEntriesTests {
    static func entry(_ size: Int) -> CacheEntry {
        CacheEntry(body: Data(repeating: 0x61, count: size), freshUntil: 1, staleUntil: 2)
    }

    @Test func aRecentlyReadEntrySurvivesEvictionAndAnUnreadOneGoes() {
        let one = NearCacheEntries.size(redisKey: "k", field: "1", entry: Self.entry(1000))
        var entries = NearCacheEntries(maximumBytes: one * 3)
        for field in ["1", "2", "3"] { entries.insert(Self.entry(1000), redisKey: "k", field: field) }
        _ = entries.entry(redisKey: "k", field: "1")
        _ = entries.entry(redisKey: "k", field: "3")
        entries.insert(Self.entry(1000), redisKey: "k", field: "4")
        #expect(entries.entry(redisKey: "k", field: "2") == nil)
        #expect(entries.entry(redisKey: "k", field: "1") != nil)
        #expect(entries.entry(redisKey: "k", field: "3") != nil)
        #expect(entries.bytes == one * 3)
    }

    @Test func anInvalidatedRedisKeyTakesEveryFieldOfItAndNothingElse() {
        var entries = NearCacheEntries(maximumBytes: 1 << 20)
        for field in ["a", "b"] { entries.insert(Self.entry(10), redisKey: "pb:{x}:invoices", field: field) }
        entries.insert(Self.entry(10), redisKey: "pb:{x}:orders", field: "a")
        #expect(entries.remove(redisKey: "pb:{x}:invoices") == 2)
        #expect(entries.count == 1)
        #expect(entries.bytes == NearCacheEntries.size(redisKey: "pb:{x}:orders", field: "a", entry: Self.entry(10)))
    }

    @Test func anEntryLargerThanTheWholeBoundIsNotKept() {
        var entries = NearCacheEntries(maximumBytes: 1000)
        let kept = entries.insert(Self.entry(2000), redisKey: "k", field: "f")
        #expect(!kept)
        #expect(entries.count == 0 && entries.bytes == 0)
    }

    @Test func invalidationMessagesFlushesAndPongsAreToldApart() {
        func message(_ parts: RedisValue...) -> RedisValue { .array(parts) }
        let channel = RedisValue.bytes(Array("__redis__:invalidate".utf8))
        #expect(
            InvalidationListener.message(message(.bytes(Array("message".utf8)), channel, .array([.bytes([0x6B])])))
                == .invalidated([[0x6B]])
        )
        #expect(InvalidationListener.message(message(.bytes(Array("message".utf8)), channel, .null)) == .flushed)
        #expect(InvalidationListener.message(message(.bytes(Array("pong".utf8)), .bytes([]))) == .pong)
        #expect(InvalidationListener.message(message(.bytes(Array("message".utf8)), .bytes(Array("other".utf8)), .null)) == .other)
    }
}
