import PortalSupport

/// Each requester's share of one upstream's budget: a token bucket per customer (`perMinute`, `burst`)
/// and one for all background work (`background`), in front of the upstream's own bucket, so that no one
/// requester can drain what everyone shares. At most `maximumTracked` customers' buckets are held
/// (`KeyedRateLimiters`).
public final class RequesterShares: Sendable {
    public typealias Admission = KeyedRateLimiters<UpstreamRequester>.Admission

    private let customers: KeyedRateLimiters<UpstreamRequester>
    private let background: RateLimiter

    /// `background` defaults to a customer's share.
    public init(
        perMinute: Int,
        burst: Int,
        background: (perMinute: Int, burst: Int)? = nil,
        maximumTracked: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.customers = KeyedRateLimiters(perMinute: perMinute, burst: burst, maximumTracked: maximumTracked, now: now)
        self.background = RateLimiter(perMinute: background?.perMinute ?? perMinute, burst: background?.burst ?? burst, now: now)
    }

    /// Reserves a call for `requester` if its share allows one within `maximumWait`.
    public func reserve(for requester: UpstreamRequester, maximumWait: Duration) -> Admission {
        if case .background = requester { return background.admission(maximumWait: maximumWait) }
        return customers.reserve(for: requester, maximumWait: maximumWait)
    }

    /// Gives back a reservation that was not used (the upstream's own budget refused the call).
    public func release(for requester: UpstreamRequester) {
        if case .background = requester { return background.release() }
        customers.release(for: requester)
    }

    /// How many customers' shares are held now.
    public var trackedCount: Int { customers.trackedCount }
}
