import Synchronization

/// Each requester's share of one upstream's budget: a token bucket per customer (`perMinute`, `burst`)
/// and one for all background work (`background`), in front of the upstream's own bucket, so that no one
/// requester can drain what everyone shares.
///
/// Memory stays bounded: a bucket that has refilled completely behaves like a new one and is dropped once
/// `maximumTracked` requesters are held; if every held bucket is still in use, the least recently used
/// half goes (those requesters start again with a full share).
public final class RequesterShares: Sendable {
    private struct Held {
        let limiter: RateLimiter
        var lastUsed: ContinuousClock.Instant
    }

    private let perMinute: Int
    private let burst: Int
    private let maximumTracked: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let held = Mutex<[UpstreamRequester: Held]>([:])
    private let background: RateLimiter

    /// `background` defaults to a customer's share.
    public init(
        perMinute: Int, burst: Int, background: (perMinute: Int, burst: Int)? = nil, maximumTracked: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.perMinute = max(1, perMinute)
        self.burst = max(1, burst)
        self.background = RateLimiter(perMinute: background?.perMinute ?? perMinute, burst: background?.burst ?? burst, now: now)
        self.maximumTracked = max(1, maximumTracked)
        self.now = now
    }

    /// What a requester's share allows now.
    public enum Admission: Equatable, Sendable {
        /// A call is reserved: make it after this wait (`.zero` to go now).
        case go(after: Duration)
        /// The share would not allow a call within the longest wait; nothing is reserved.
        case refused(retryAfter: Duration)
    }

    /// Reserves a call for `requester` if its share allows one within `maximumWait`.
    public func reserve(for requester: UpstreamRequester, maximumWait: Duration) -> Admission {
        if case .background = requester {
            if let wait = background.reserve(maximumWait: maximumWait) { return .go(after: wait) }
            return .refused(retryAfter: background.nextWait)
        }
        return held.withLock { held in
            let current = now()
            if held[requester] == nil, held.count >= maximumTracked { prune(&held) }
            var entry = held[requester] ?? Held(limiter: RateLimiter(perMinute: perMinute, burst: burst, now: now), lastUsed: current)
            entry.lastUsed = current
            held[requester] = entry
            if let wait = entry.limiter.reserve(maximumWait: maximumWait) { return .go(after: wait) }
            return .refused(retryAfter: entry.limiter.nextWait)
        }
    }

    /// Gives back a reservation that was not used (the upstream's own budget refused the call).
    public func release(for requester: UpstreamRequester) {
        if case .background = requester { return background.release() }
        held.withLock { held in held[requester]?.limiter.release() }
    }

    /// How many customers' shares are held now.
    public var trackedCount: Int { held.withLock { $0.count } }

    private func prune(_ held: inout [UpstreamRequester: Held]) {
        held = held.filter { !$0.value.limiter.isFull }
        guard held.count >= maximumTracked else { return }
        let newestFirst = held.sorted { $0.value.lastUsed > $1.value.lastUsed }
        held = Dictionary(uniqueKeysWithValues: newestFirst.prefix(maximumTracked / 2).map { ($0.key, $0.value) })
    }
}
