/// The Pub/Sub simulator's timings; shorten them in tests. Changes apply to open streams at their next tick.
public struct PubSubSettings: Sendable, Equatable {
    /// How often a stream with requests pending sends an empty `FetchResponse` carrying the newest replay id
    /// (Salesforce: within 270 s).
    public var keepaliveInterval: Duration = .seconds(270)
    /// How long a stream may have no requests pending before the simulator closes it (Salesforce: about 60 s).
    public var idleTimeout: Duration = .seconds(60)
    /// How long published events can be replayed (Salesforce: 72 hours).
    public var retention: Duration = .seconds(72 * 3600)

    public init() {}

    /// How often an open stream looks at its clocks, the faults and its token.
    var tick: Duration {
        min(max(min(keepaliveInterval, idleTimeout) / 10, .milliseconds(10)), .milliseconds(200))
    }
}
