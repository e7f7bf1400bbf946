/// How the client reaches Redis and how patient it is. Short timeouts: a slow Redis must not slow the portal.
public struct RedisConfiguration: Sendable {
    public var url: RedisURL
    /// This many connections, each driven by its own thread and pipelining the commands waiting for it.
    public var poolSize: Int
    public var connectTimeout: Duration
    public var commandTimeout: Duration
    /// How long a command may wait for a connection before it fails with `poolExhausted`.
    public var acquireTimeout: Duration
    /// After failing to open a connection the client waits this long before trying Redis again, doubling up
    /// to `maximumBackoff`; a pooled connection found dead is replaced at once, without waiting.
    public var initialBackoff: Duration
    /// The longest wait, and so the longest Redis can be answering again before the cache is used again.
    public var maximumBackoff: Duration

    public init(
        url: RedisURL,
        poolSize: Int = 8,
        connectTimeout: Duration = .milliseconds(250),
        commandTimeout: Duration = .milliseconds(250),
        acquireTimeout: Duration = .milliseconds(250),
        initialBackoff: Duration = .milliseconds(100),
        maximumBackoff: Duration = .milliseconds(500)
    ) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.acquireTimeout = acquireTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }
}
