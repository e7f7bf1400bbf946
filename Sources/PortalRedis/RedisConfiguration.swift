/// How the client reaches Redis and how patient it is. Short timeouts: a slow Redis must not slow the portal.
public struct RedisConfiguration: Sendable {
    public var url: RedisURL
    /// This many connections, each driven by its own thread and pipelining the commands waiting for it.
    public var poolSize: Int
    public var connectTimeout: Duration
    public var commandTimeout: Duration
    /// How long a command may wait for a connection before it fails with `poolExhausted`.
    public var acquireTimeout: Duration
    /// After a failure the client waits this long before trying Redis again, doubling up to `maximumBackoff`.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration

    public init(
        url: RedisURL, poolSize: Int = 8, connectTimeout: Duration = .milliseconds(250), commandTimeout: Duration = .milliseconds(250),
        acquireTimeout: Duration = .milliseconds(250), initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5)
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
