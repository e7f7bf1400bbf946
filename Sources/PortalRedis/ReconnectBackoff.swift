import Synchronization

/// When to try opening a Redis connection again after opening one failed: exponential backoff with jitter,
/// reset by any success.
///
/// Only failed attempts to open a connection count, never a pooled connection found dead: a Redis restart
/// kills every pooled connection at once, and each is replaced at once. An attempt counts only if it began
/// after the current wait ended (attempts made meanwhile, such as those replacements, failed for the same
/// reason and do not lengthen it) and after the last success (the server has answered since).
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private(set) var consecutiveFailures = 0
    private(set) var retryAt: ContinuousClock.Instant?
    private var lastSuccessAt: ContinuousClock.Instant?

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// True while the client should fail fast instead of touching Redis.
    func isWaiting(now: ContinuousClock.Instant) -> Bool {
        guard let retryAt else { return false }
        return now < retryAt
    }

    /// Counts the failure of an attempt to open a connection that began at `startedAt`.
    mutating func recordFailure(ofAttemptStartedAt startedAt: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        if let lastSuccessAt, startedAt < lastSuccessAt { return }
        if let retryAt, startedAt < retryAt { return }
        consecutiveFailures += 1
        let exponent = min(consecutiveFailures - 1, 16)
        let delay = min(initial * (1 << exponent), maximum)
        retryAt = now + delay * Double.random(in: 0.5...1.0)
    }

    mutating func recordSuccess(now: ContinuousClock.Instant) {
        consecutiveFailures = 0
        retryAt = nil
        lastSuccessAt = now
    }
}

/// One backoff shared by the client and all its connection threads: when one cannot open a connection, the
/// others fail fast too instead of each waiting out its own connect timeout.
final class SharedBackoff: Sendable {
    private let state: Mutex<ReconnectBackoff>

    init(initial: Duration, maximum: Duration) {
        state = Mutex(ReconnectBackoff(initial: initial, maximum: maximum))
    }

    var isWaiting: Bool { state.withLock { $0.isWaiting(now: .now) } }

    func recordFailure(ofAttemptStartedAt startedAt: ContinuousClock.Instant) {
        state.withLock { $0.recordFailure(ofAttemptStartedAt: startedAt, now: .now) }
    }

    func recordSuccess() { state.withLock { $0.recordSuccess(now: .now) } }
}
