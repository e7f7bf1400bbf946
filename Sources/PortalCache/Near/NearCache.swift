import Foundation
import PortalRedis
import Synchronization

/// Cached entries in this process's memory, in front of Redis, kept coherent by Redis client tracking
/// (`near-cache.md`). It answers only inside its freshness lease: while the newest PING whose PONG came
/// back on the invalidation connection was sent less than `lease` ago. Every invalidation Redis queued
/// before that PING has then been applied, so an invalidating path that waits out the lease after its
/// write (`CacheService.invalidate`) knows no instance still answers with what it dropped.
///
/// Entries come only from tracked reads (`beginFill` before the read is sent, `finishFill` with its
/// reply), and a fill is dropped when an invalidation of its key, a flush or a new invalidation
/// connection came in between: the invalidation may have overtaken the reply.
public final class NearCache: InvalidationObserver, Sendable {
    public struct Settings: Sendable, Equatable {
        public var maximumBytes: Int
        public var lease: Duration
        public var heartbeat: Duration

        public init(maximumBytes: Int = 64 << 20, lease: Duration = .milliseconds(100), heartbeat: Duration = .milliseconds(10)) {
            self.maximumBytes = maximumBytes
            self.lease = lease
            self.heartbeat = heartbeat
        }

        /// How long an invalidation waits after its write: the lease, and a margin for the two machines'
        /// clocks running at slightly different rates.
        public var invalidationWait: Duration { lease + .milliseconds(5) }
    }

    /// A fill in progress: its key and the number that tells it from the key's other fills.
    public struct FillTicket: Sendable {
        let redisKey: String
        let field: String
        let number: UInt64
    }

    public enum Lookup: Sendable, Equatable {
        case hit(CacheEntry)
        /// Not held (or past its fresh time); a tracked read may fill it.
        case absent
        /// Held or not, the lease has run out while the invalidation connection is up (its PONGs are late):
        /// memory may be behind Redis, so Redis answers.
        case leaseExpired
    }

    private struct State {
        var entries: NearCacheEntries
        /// The invalidation connection's generation; nil while there is none.
        var generation: UInt64?
        /// When the newest PING answered on it was sent.
        var fence: ContinuousClock.Instant?
        var fills: [String: Set<UInt64>] = [:]
        var nextFill: UInt64 = 0
    }

    public let settings: Settings
    private let state: Mutex<State>
    private let metrics: NearCacheMetrics

    public init(settings: Settings, metrics: NearCacheMetrics = NearCacheMetrics()) {
        self.settings = settings
        self.metrics = metrics
        state = Mutex(State(entries: NearCacheEntries(maximumBytes: settings.maximumBytes)))
    }

    /// The entry for `key` while the lease holds and it is fresh at `wallClock` (ms since 1970).
    public func lookup(_ key: CacheKey, wallClock: Int64, now: ContinuousClock.Instant = .now) -> Lookup {
        let redisKey = key.group.entriesKey
        let lookup = state.withLock { state -> Lookup in
            guard let fence = state.fence, now - fence < settings.lease else { return state.generation == nil ? .absent : .leaseExpired }
            guard let entry = state.entries.entry(redisKey: redisKey, field: key.field) else { return .absent }
            guard wallClock < entry.freshUntil else {
                state.entries.remove(redisKey: redisKey, field: key.field)
                return .absent
            }
            return .hit(entry)
        }
        switch lookup {
        case .hit: metrics.hits.increment()
        case .leaseExpired: metrics.leaseExpiries.increment()
        case .absent: break
        }
        return lookup
    }

    /// Notes a fill of `key` before its tracked read is sent; nil when no invalidation connection listens.
    public func beginFill(_ key: CacheKey) -> FillTicket? {
        let redisKey = key.group.entriesKey
        return state.withLock { state in
            guard state.generation != nil else { return nil }
            state.nextFill += 1
            state.fills[redisKey, default: []].insert(state.nextFill)
            return FillTicket(redisKey: redisKey, field: key.field, number: state.nextFill)
        }
    }

    /// Keeps what the tracked read found, if nothing invalidated the key since `beginFill` and the read was
    /// tracked into the current invalidation connection. A nil `entry` (nothing in Redis) only ends the fill.
    public func finishFill(_ ticket: FillTicket, entry: CacheEntry?, trackedInto generation: UInt64?) {
        let kept = state.withLock { state -> Bool? in
            guard state.fills[ticket.redisKey]?.remove(ticket.number) != nil else { return false }
            if state.fills[ticket.redisKey]?.isEmpty == true { state.fills[ticket.redisKey] = nil }
            guard let entry else { return nil }
            guard let generation, generation == state.generation else { return false }
            state.entries.insert(entry, redisKey: ticket.redisKey, field: ticket.field)
            return true
        }
        if kept == false { metrics.fillsDropped.increment() }
        publishSize()
    }

    /// Ends a fill whose read failed.
    public func abandonFill(_ ticket: FillTicket) {
        state.withLock { state in
            state.fills[ticket.redisKey]?.remove(ticket.number)
            if state.fills[ticket.redisKey]?.isEmpty == true { state.fills[ticket.redisKey] = nil }
        }
    }

    /// Drops the groups' entries here at once (their invalidation from Redis follows).
    public func drop(_ groups: some Sequence<CacheGroup>) {
        state.withLock { state in
            for group in groups { Self.invalidate(group.entriesKey, in: &state) }
        }
        publishSize()
    }

    /// Whether memory may answer at `now`: an invalidation connection is up and the lease holds.
    public func leaseHolds(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in state.generation != nil && state.fence.map { now - $0 < settings.lease } == true }
    }

    /// Whether a PING sent after `instant` has been answered: every invalidation Redis queued before then
    /// has been applied.
    func isFenced(after instant: ContinuousClock.Instant) -> Bool {
        state.withLock { state in state.fence.map { $0 > instant } == true }
    }

    public var bytes: Int { state.withLock { $0.entries.bytes } }
    public var count: Int { state.withLock { $0.entries.count } }

    // MARK: InvalidationObserver

    public func trackingStarted(generation: UInt64) {
        flush(reason: .reconnected) { $0.generation = generation }
    }

    public func trackingStopped() {
        flush(reason: .connectionLost) { $0.generation = nil }
    }

    public func invalidate(keys: [[UInt8]]) {
        state.withLock { state in
            for key in keys { Self.invalidate(String(decoding: key, as: UTF8.self), in: &state) }
        }
        publishSize()
    }

    public func invalidateAll() {
        flush(reason: .flushed) { _ in }
    }

    public func fenced(sentAt: ContinuousClock.Instant) {
        state.withLock { state in
            if state.generation != nil, state.fence.map({ $0 < sentAt }) ?? true { state.fence = sentAt }
        }
    }

    private static func invalidate(_ redisKey: String, in state: inout State) {
        state.entries.remove(redisKey: redisKey)
        state.fills[redisKey] = nil
    }

    private func flush(reason: NearCacheMetrics.FlushReason, _ change: (inout State) -> Void) {
        state.withLock { state in
            state.entries.removeAll()
            state.fills.removeAll()
            state.fence = nil
            change(&state)
        }
        metrics.flushes(reason).increment()
        publishSize()
    }

    private func publishSize() {
        let (bytes, count) = state.withLock { ($0.entries.bytes, $0.entries.count) }
        metrics.bytes.record(bytes)
        metrics.entries.record(count)
    }
}
