import Synchronization

/// When to try Redis again after failures: exponential backoff with jitter, reset by a success.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private(set) var consecutiveFailures = 0
    private(set) var retryAt: ContinuousClock.Instant?

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// True while the client should fail fast instead of touching Redis.
    func isWaiting(now: ContinuousClock.Instant) -> Bool {
        guard let retryAt else { return false }
        return now < retryAt
    }

    mutating func recordFailure(now: ContinuousClock.Instant) {
        consecutiveFailures += 1
        let exponent = min(consecutiveFailures - 1, 16)
        let delay = min(initial * (1 << exponent), maximum)
        retryAt = now + delay * Double.random(in: 0.5...1.0)
    }

    mutating func recordSuccess() {
        consecutiveFailures = 0
        retryAt = nil
    }
}

/// One backoff shared by the client and all its connection threads.
final class SharedBackoff: Sendable {
    private let state: Mutex<ReconnectBackoff>

    init(initial: Duration, maximum: Duration) {
        state = Mutex(ReconnectBackoff(initial: initial, maximum: maximum))
    }

    var isWaiting: Bool { state.withLock { $0.isWaiting(now: .now) } }
    func recordFailure() { state.withLock { $0.recordFailure(now: .now) } }
    func recordSuccess() { state.withLock { $0.recordSuccess() } }
}
