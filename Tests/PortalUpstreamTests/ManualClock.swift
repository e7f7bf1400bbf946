import Synchronization

/// A clock that moves only when a test says so.
final class ManualClock: Sendable {
    private let current = Mutex(ContinuousClock.now)

    var now: @Sendable () -> ContinuousClock.Instant { { self.current.withLock { $0 } } }

    func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
