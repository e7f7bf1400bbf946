import Synchronization

/// A token bucket per key (`perMinute` calls a minute, bursts of `burst`), with bounded memory: once
/// `maximumTracked` keys are held, buckets that have refilled completely (they behave like new ones) are
/// dropped first; if every held bucket is still in use, the least recently used half goes, and those keys
/// start again with a full bucket.
public final class KeyedRateLimiters<Key: Hashable & Sendable>: Sendable {
    /// What a key's bucket allows now.
    public enum Admission: Equatable, Sendable {
        /// A call is reserved: make it after this wait (`.zero` to go now).
        case go(after: Duration)
        /// The bucket would not allow a call within the longest wait; nothing is reserved.
        case refused(retryAfter: Duration)
    }

    private struct Held {
        let limiter: RateLimiter
        var lastUsed: ContinuousClock.Instant
    }

    private let perMinute: Int
    private let burst: Int
    private let maximumTracked: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let held = Mutex<[Key: Held]>([:])

    public init(perMinute: Int, burst: Int, maximumTracked: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.perMinute = max(1, perMinute)
        self.burst = max(1, burst)
        self.maximumTracked = max(1, maximumTracked)
        self.now = now
    }

    /// Reserves a call for `key` if its bucket allows one within `maximumWait`.
    public func reserve(for key: Key, maximumWait: Duration) -> Admission {
        held.withLock { held in
            let current = now()
            if held[key] == nil, held.count >= maximumTracked { prune(&held) }
            var entry = held[key] ?? Held(limiter: RateLimiter(perMinute: perMinute, burst: burst, now: now), lastUsed: current)
            entry.lastUsed = current
            held[key] = entry
            return entry.limiter.admission(maximumWait: maximumWait)
        }
    }

    /// Gives back a reservation that was not used.
    public func release(for key: Key) {
        held.withLock { held in held[key]?.limiter.release() }
    }

    /// How many keys' buckets are held now.
    public var trackedCount: Int { held.withLock { $0.count } }

    private func prune(_ held: inout [Key: Held]) {
        held = held.filter { !$0.value.limiter.isFull }
        guard held.count >= maximumTracked else { return }
        let newestFirst = held.sorted { $0.value.lastUsed > $1.value.lastUsed }
        held = Dictionary(uniqueKeysWithValues: newestFirst.prefix(maximumTracked / 2).map { ($0.key, $0.value) })
    }
}

extension RateLimiter {
    /// Reserves a call within `maximumWait`, or says how long until one would be allowed.
    public func admission<Key>(maximumWait: Duration) -> KeyedRateLimiters<Key>.Admission {
        if let wait = reserve(maximumWait: maximumWait) { return .go(after: wait) }
        return .refused(retryAfter: nextWait)
    }
}
