/// Which failed calls are tried again, and when. Only what is safe: network errors and timeouts of
/// idempotent reads (exponential backoff with full jitter), and rate-limit answers (after their
/// `Retry-After`). Never authentication failures, invalid data, or a write whose outcome is unknown.
public struct RetryPolicy: Sendable {
    /// How a call failed, as far as retrying is concerned.
    public enum Failure: Equatable, Sendable {
        case network
        case timeout
        case rateLimited(retryAfter: Duration?)
        case notRetryable
    }

    public enum Decision: Equatable, Sendable {
        case retry(after: Duration)
        case giveUp
    }

    public var maximumAttempts: Int
    public var maximumRateLimitRetries: Int
    public var baseDelay: Duration
    public var maximumDelay: Duration
    /// The longest `Retry-After` honoured; a longer one is not waited for.
    public var maximumRetryAfter: Duration

    public init(
        maximumAttempts: Int = 5,
        maximumRateLimitRetries: Int = 3,
        baseDelay: Duration = .milliseconds(100),
        maximumDelay: Duration = .seconds(2),
        maximumRetryAfter: Duration = .seconds(10)
    ) {
        self.maximumAttempts = maximumAttempts
        self.maximumRateLimitRetries = maximumRateLimitRetries
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// `attempt` counts the calls made so far (1 after the first), `rateLimitRetries` the retries already
    /// spent on rate limiting. `random` picks the jitter in 0...1.
    public func decide(
        after failure: Failure,
        attempt: Int,
        rateLimitRetries: Int,
        isIdempotent: Bool,
        random: () -> Double = { Double.random(in: 0...1) }
    ) -> Decision {
        switch failure {
        case .notRetryable:
            return .giveUp
        case .rateLimited(let retryAfter):
            guard rateLimitRetries < maximumRateLimitRetries else { return .giveUp }
            let wait = retryAfter ?? backoff(attempt: attempt, random: random)
            return wait <= maximumRetryAfter ? .retry(after: wait) : .giveUp
        case .network, .timeout:
            guard isIdempotent, attempt < maximumAttempts else { return .giveUp }
            return .retry(after: backoff(attempt: attempt, random: random))
        }
    }

    /// Full jitter: a random wait up to base × 2^(attempt-1), capped.
    private func backoff(attempt: Int, random: () -> Double) -> Duration {
        let ceiling = min(maximumDelay, baseDelay * (1 << min(max(attempt - 1, 0), 20)))
        return ceiling * min(max(random(), 0), 1)
    }
}
