import Synchronization

/// What the watchdog of one stream reads: since when the stream has been waiting for the server (not
/// while the subscriber itself handles a batch), and whether anything arrived at all.
final class PubSubStreamProgress: Sendable {
    private struct State {
        var waitingSince: ContinuousClock.Instant?
        var receivedAny = false
    }

    private let state: Mutex<State>

    init(now: ContinuousClock.Instant) {
        state = Mutex(State(waitingSince: now))
    }

    /// A response arrived: the wait is over until `waiting(now:)`.
    func received() {
        state.withLock {
            $0.waitingSince = nil
            $0.receivedAny = true
        }
    }

    func waiting(now: ContinuousClock.Instant) {
        state.withLock { $0.waitingSince = now }
    }

    /// How long the stream has waited so far (zero while a batch is being handled).
    func waited(now: ContinuousClock.Instant) -> Duration {
        state.withLock { $0.waitingSince.map { now - $0 } ?? .zero }
    }

    /// A stream that delivered anything was healthy: the backoff starts over after it.
    var receivedAny: Bool { state.withLock { $0.receivedAny } }
}
