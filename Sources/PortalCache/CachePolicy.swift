/// How long an entry is served as fresh, how long past that it may still be served when the source fails,
/// and how long a load may take before the stale copy is served instead.
public struct CachePolicy: Sendable, Equatable {
    public var freshFor: Duration
    public var staleFor: Duration
    public var loadTimeout: Duration

    public init(freshFor: Duration, staleFor: Duration = .seconds(1800), loadTimeout: Duration = .seconds(5)) {
        self.freshFor = freshFor
        self.staleFor = staleFor
        self.loadTimeout = loadTimeout
    }
}
