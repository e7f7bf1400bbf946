import Synchronization

/// Fails calls to an upstream fast while it is known to be down. After `failureThreshold` consecutive
/// failures it opens for `openDuration`; then one probe call is let through (half-open): its success closes
/// the breaker, its failure opens it again.
public final class CircuitBreaker: Sendable {
    public enum State: Equatable, Sendable {
        case closed
        case open
        case halfOpen
    }

    public struct Configuration: Sendable {
        public var failureThreshold: Int
        public var openDuration: Duration

        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30)) {
            self.failureThreshold = max(1, failureThreshold)
            self.openDuration = openDuration
        }
    }

    private struct Status {
        var consecutiveFailures = 0
        var openUntil: ContinuousClock.Instant?
        var probeInFlight = false
    }

    private let configuration: Configuration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let status = Mutex(Status())

    public init(configuration: Configuration = Configuration(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.configuration = configuration
        self.now = now
    }

    public var state: State {
        status.withLock { status in
            guard let openUntil = status.openUntil else { return .closed }
            return now() < openUntil ? .open : .halfOpen
        }
    }

    /// Whether a call may go out now. A true answer in the half-open state makes that call the probe, and
    /// the caller must report its outcome with `recordSuccess` or `recordFailure`.
    public func allowsCall() -> Bool {
        status.withLock { status in
            guard let openUntil = status.openUntil else { return true }
            guard now() >= openUntil, !status.probeInFlight else { return false }
            status.probeInFlight = true
            return true
        }
    }

    public func recordSuccess() {
        status.withLock { $0 = Status() }
    }

    public func recordFailure() {
        status.withLock { status in
            status.consecutiveFailures += 1
            if status.probeInFlight || status.consecutiveFailures >= configuration.failureThreshold {
                status.openUntil = now() + configuration.openDuration
                status.probeInFlight = false
            }
        }
    }

    /// The call ended without saying anything of the upstream (its caller went away): the failure count
    /// stays as it was, and a probe's place is freed for the next call.
    public func recordAbandoned() {
        status.withLock { $0.probeInFlight = false }
    }
}
