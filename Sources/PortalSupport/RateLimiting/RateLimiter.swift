import Synchronization

/// A client-side token bucket per upstream, so the BFF never trips a provider's own limit: `perMinute`
/// calls a minute on average, bursts of up to `burst`.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
    }

    private let perSecond: Double
    private let burst: Double
    private let now: @Sendable () -> ContinuousClock.Instant
    private let bucket: Mutex<Bucket>

    public init(perMinute: Int, burst: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.perSecond = Double(max(1, perMinute)) / 60
        self.burst = Double(max(1, burst))
        self.now = now
        self.bucket = Mutex(Bucket(tokens: Double(max(1, burst)), refilledAt: now()))
    }

    /// Reserves the next call's slot: `.zero` to go now, or how long to wait first. Nil when the wait would
    /// exceed `maximumWait`; then nothing is reserved.
    public func reserve(maximumWait: Duration) -> Duration? {
        bucket.withLock { bucket in
            let current = now()
            let elapsed = current - bucket.refilledAt
            bucket.tokens = min(burst, bucket.tokens + elapsed.seconds * perSecond)
            bucket.refilledAt = current
            let wait = bucket.tokens >= 1 ? Duration.zero : .seconds((1 - bucket.tokens) / perSecond)
            guard wait <= maximumWait else { return nil }
            bucket.tokens -= 1
            return wait
        }
    }

    /// How long the next call would wait now, were it reserved.
    public var nextWait: Duration {
        bucket.withLock { bucket in
            let tokens = min(burst, bucket.tokens + (now() - bucket.refilledAt).seconds * perSecond)
            return tokens >= 1 ? .zero : .seconds((1 - tokens) / perSecond)
        }
    }

    /// Gives back one reserved call that was not made.
    public func release() {
        bucket.withLock { bucket in bucket.tokens = min(burst, bucket.tokens + 1) }
    }

    /// Whether the bucket has refilled completely, so that it behaves like a new one.
    public var isFull: Bool {
        bucket.withLock { bucket in bucket.tokens + (now() - bucket.refilledAt).seconds * perSecond >= burst }
    }
}
