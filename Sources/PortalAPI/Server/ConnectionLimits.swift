/// What one client may hold of the server: how many connections may be open at once, how long a
/// connection may sit with no request, and how long it may take to send a request head.
public struct ConnectionLimits: Sendable, Equatable {
    /// Open connections at most; at the cap a new connection replaces the one idle longest, or is
    /// refused with 503 when every connection has a request in progress.
    public let maxConnections: Int
    /// A connection with no request in progress and nothing read for this long is closed.
    public let idleTimeout: Duration
    /// A request head must be complete this long after the connection opens (or after the first byte of
    /// a later request); otherwise the connection is closed.
    public let headerTimeout: Duration

    public init(maxConnections: Int = 512, idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10)) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
    }
}
