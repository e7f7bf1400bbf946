/// How one upstream is doing, as its caller has seen it: for readiness checks.
public struct UpstreamHealth: Sendable, Equatable {
    public let system: String
    public let breaker: CircuitBreaker.State
    /// How long ago the last call failed, if one has.
    public let sinceLastFailure: Duration?

    public init(system: String, breaker: CircuitBreaker.State, sinceLastFailure: Duration?) {
        self.system = system
        self.breaker = breaker
        self.sinceLastFailure = sinceLastFailure
    }
}

extension UpstreamCaller {
    public var health: UpstreamHealth {
        UpstreamHealth(system: system, breaker: breaker.state, sinceLastFailure: timeSinceLastFailure)
    }
}
