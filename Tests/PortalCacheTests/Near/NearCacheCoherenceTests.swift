import Foundation
import PortalCache
import PortalRedis
import Synchronization
import TestSupport
import Testing

@testable import PortalCache

@Suite("Near cache over real Redis", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct NearCacheCoherenceTests {
    @Test func aTrackedReadFillsMemoryAndAChangeByAnotherInstanceEmptiesItBeforeItsInvalidationReturns() async throws {
        try await NearCacheUnderTest.with { harness in
            let key = NearCacheUnderTest.key()
            try await harness.warm(key, body: "v1")
            #expect(harness.near.count == 1)
            #expect(harness.counter("portal_cache_near_hits_total") >= 1)

            try await harness.changeElsewhere(key, to: "v2")
            // The other instance has no near cache, so its invalidation did not wait; the lease does.
            try await Task.sleep(for: harness.near.settings.invalidationWait)
            let after = try await harness.read(key, loading: "unused")
            #expect(after.body == Data("v2".utf8))
            #expect(!isMemoryHit(after))
        }
    }

    @Test func anInvalidationThatOvertakesAFillsReplyKeepsTheOldValueOutOfMemory() async throws {
        let gate = ReadGate()
        try await NearCacheUnderTest.with(store: { GatedStore(inner: $0, gate: gate) }) { harness in
            let key = NearCacheUnderTest.key(2)
            #expect(try await harness.read(key, loading: "v1").status == .miss(stored: true))
            gate.close()
            let reader = Task { try await harness.read(key, loading: "unused") }
            try await eventually("the tracked read answered and waits at the gate") { gate.waiting }
            // The reply (v1) is in hand; now the key changes and its invalidation arrives first.
            let changedAt = ContinuousClock.now
            try await harness.other.invalidate([key.group])
            try await eventually("the invalidation was applied") { harness.near.isFenced(after: changedAt) }
            gate.open()
            #expect(try await reader.value.body == Data("v1".utf8))
            #expect(harness.near.count == 0)
            #expect(harness.counter("portal_cache_near_fills_dropped_total") == 1)
            let next = try await harness.read(key, loading: "v2")
            #expect(next.status == .miss(stored: true))
            #expect(next.body == Data("v2".utf8))
        }
    }

    @Test func aKilledInvalidationConnectionEmptiesMemoryAndNothingIsAnsweredFromItUntilTrackingIsBack() async throws {
        try await NearCacheUnderTest.with { harness in
            let key = NearCacheUnderTest.key(3)
            try await harness.warm(key, body: "v1")
            let listeners = try await harness.otherRedis.send(RedisCommand("CLIENT", "LIST", "TYPE", "pubsub")).string ?? ""
            let ids = listeners.split(separator: "\n").compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) }
            }
            #expect(ids.count == 1)
            let killed = try #require(ids.first)
            try await harness.otherRedis.send(RedisCommand("CLIENT", "KILL", "ID", RedisArgument(killed)))
            // Its invalidations have nowhere to go now: this change is never announced to the near cache.
            try await harness.changeElsewhere(key, to: "v2")
            try await Task.sleep(for: harness.near.settings.invalidationWait)
            #expect(harness.counter("portal_cache_near_flushes_total", [("reason", "connection_lost")]) == 1)
            var memoryHits = 0
            while !harness.near.leaseHolds() {
                let value = try await harness.read(key, loading: "unused")
                #expect(value.body == Data("v2".utf8))
                if isMemoryHit(value) { memoryHits += 1 }
            }
            #expect(memoryHits == 0)
            try await harness.warm(key, body: "unused")
            #expect(try await harness.read(key, loading: "unused").body == Data("v2".utf8))
            #expect(harness.counter("portal_cache_near_flushes_total", [("reason", "reconnected")]) == 2)
        }
    }

    @Test func flushAllEmptiesMemory() async throws {
        try await NearCacheUnderTest.with { harness in
            for number in 10..<15 { try await harness.warm(NearCacheUnderTest.key(number), body: "v\(number)") }
            #expect(harness.near.count == 5)
            let flushedAt = ContinuousClock.now
            try await harness.otherRedis.send(RedisCommand("FLUSHALL"))
            try await eventually("the flush reached the near cache") { harness.near.isFenced(after: flushedAt) }
            #expect(harness.near.count == 0)
            #expect(harness.counter("portal_cache_near_flushes_total", [("reason", "flushed")]) >= 1)
            #expect(try await harness.read(NearCacheUnderTest.key(10), loading: "new").status == .miss(stored: true))
        }
    }

    @Test func theByteBoundHoldsUnderAFloodOfDistinctKeys() async throws {
        let bound = 256 << 10
        try await NearCacheUnderTest.with(settings: NearCache.Settings(maximumBytes: bound, lease: .milliseconds(100), heartbeat: .milliseconds(5))) {
            harness in
            let body = String(repeating: "x", count: 2000)
            var memoryHits = 0
            for number in 0..<300 {
                for page in 1...2 {
                    let key = NearCacheUnderTest.key(100 + number, field: "page=\(page)")
                    for _ in 0..<3 where isMemoryHit(try await harness.read(key, loading: body)) { memoryHits += 1 }
                    #expect(harness.near.bytes <= bound)
                }
            }
            #expect(memoryHits > 0)
            // Full: the last keys read are held, and what is held is close to the bound, never above it.
            #expect(harness.near.bytes > bound - 4 * (body.count + NearCacheEntries.overheadBytes + 64))
            #expect(harness.near.count < 600)
            #expect(try harness.metrics.expectGauge("portal_cache_near_bytes").lastValue.map { Int($0) <= bound } == true)
        }
    }

    @Test func withRedisDownReadsGoToTheSourceAndMemoryNeitherAnswersNorGrows() async throws {
        try await NearCacheUnderTest.with { harness in
            let key = NearCacheUnderTest.key(4)
            try await harness.warm(key, body: "v1")
            let stoppedAt = ContinuousClock.now
            try await harness.server.stop()
            var answers: [CachedValue] = []
            while ContinuousClock.now - stoppedAt < .seconds(1) {
                let value = try await harness.read(key, loading: "from the source")
                if ContinuousClock.now - stoppedAt > harness.near.settings.lease { answers.append(value) }
            }
            #expect(!answers.isEmpty)
            #expect(answers.allSatisfy { $0.status == .bypass && $0.body == Data("from the source".utf8) })
            #expect(harness.near.count == 0)
            #expect(!harness.near.leaseHolds())
        }
    }
}

/// Holds a tracked read's reply, once it has arrived, until the test opens the gate.
final class ReadGate: Sendable {
    private struct State {
        var isClosed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var waiting: Bool { state.withLock { !$0.waiting.isEmpty } }

    func close() { state.withLock { $0.isClosed = true } }

    func open() {
        let waiting = state.withLock { state in
            state.isClosed = false
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func pass() async {
        await withCheckedContinuation { continuation in
            let closed = state.withLock { state in
                if state.isClosed { state.waiting.append(continuation) }
                return state.isClosed
            }
            if !closed { continuation.resume() }
        }
    }
}

/// Redis's cache store whose tracked reads wait at the gate after their reply arrived.
struct GatedStore: CacheStore {
    let inner: RedisCacheStore
    let gate: ReadGate

    func trackedEntry(for key: CacheKey) async throws(CacheStoreError) -> (entry: CacheEntry?, trackedInto: UInt64?) {
        let read = try await inner.trackedEntry(for: key)
        await gate.pass()
        return read
    }

    func entry(for key: CacheKey) async throws(CacheStoreError) -> CacheEntry? { try await inner.entry(for: key) }
    func epoch(of group: CacheGroup) async throws(CacheStoreError) -> String { try await inner.epoch(of: group) }
    func store(
        _ entries: [(field: String, entry: CacheEntry)],
        in group: CacheGroup,
        ifEpochIs epoch: String,
        now: Int64,
        maximumEntries: Int
    ) async throws(CacheStoreError) -> Bool {
        try await inner.store(entries, in: group, ifEpochIs: epoch, now: now, maximumEntries: maximumEntries)
    }
    func invalidate(_ groups: Set<CacheGroup>) async throws(CacheStoreError) { try await inner.invalidate(groups) }
    func record(_ member: String, in relation: CacheRelations.Relation) async throws(CacheStoreError) {
        try await inner.record(member, in: relation)
    }
    func members(of relation: CacheRelations.Relation) async throws(CacheStoreError) -> [String] { try await inner.members(of: relation) }
}
