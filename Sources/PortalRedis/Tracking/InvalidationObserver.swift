/// What hears the invalidation connection of a tracking client (`RedisClient(configuration:tracking:)`):
/// a near cache. Calls come one at a time from the listener's thread, in the order Redis sent them, so an
/// invalidation always reaches the observer before the fence of a PING sent after it.
public protocol InvalidationObserver: AnyObject, Sendable {
    /// A new invalidation connection subscribed. Replies of tracked reads made from now on carry
    /// `generation`; replies carrying any other generation were tracked into a connection that is gone.
    func trackingStarted(generation: UInt64)
    /// The invalidation connection closed, failed or stopped answering: invalidations may have been lost.
    func trackingStopped()
    /// Redis says these keys changed (or expired, or were evicted).
    func invalidate(keys: [[UInt8]])
    /// `FLUSHALL` or `FLUSHDB`: every key may have changed.
    func invalidateAll()
    /// The PONG of a PING sent at `sentAt` arrived: every invalidation Redis queued before it saw that PING
    /// has been delivered to `invalidate`.
    func fenced(sentAt: ContinuousClock.Instant)
}

/// How a tracking client listens: its PING heartbeat and how long a PONG may take before the invalidation
/// connection counts as no longer answering (and is replaced).
public struct TrackingConfiguration: Sendable {
    public let observer: any InvalidationObserver
    public var heartbeat: Duration
    public var pongTimeout: Duration

    public init(observer: any InvalidationObserver, heartbeat: Duration = .milliseconds(10), pongTimeout: Duration = .milliseconds(250)) {
        self.observer = observer
        self.heartbeat = heartbeat
        self.pongTimeout = pongTimeout
    }
}

/// A tracked read's reply, and the generation of the invalidation connection its key is tracked into (nil
/// when it could not be tracked: no invalidation connection at the time).
public struct TrackedReply: Sendable, Equatable {
    public let value: RedisValue
    public let generation: UInt64?
}
