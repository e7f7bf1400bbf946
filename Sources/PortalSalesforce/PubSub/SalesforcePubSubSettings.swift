/// How the BFF subscribes to Salesforce Platform Events over the Pub/Sub API (`pubsub.md`).
public struct SalesforcePubSubSettings: Sendable, Equatable {
    /// The Pub/Sub API endpoint: `api.pubsub.salesforce.com` on 443 (or 7443).
    public var host: String
    public var port: Int
    /// TLS with the system's trust roots; plaintext only for the loopback simulator.
    public var tls: Bool
    /// The topics subscribed, each on its own stream, e.g. `/event/OrderProvisionRequested__e`.
    public var topics: [String]
    /// Events outstanding per stream: the first request asks for this many and every response tops the
    /// server's pending count up to it again (Salesforce caps it at 100).
    public var batchSize: Int
    /// A stream on which nothing arrives for this long is cancelled and subscribed again (the server
    /// sends a keepalive within 270 s while events are pending).
    public var watchdog: Duration
    /// HTTP/2 PING interval and how long a ping may go unanswered before the connection is closed.
    public var keepaliveInterval: Duration
    public var keepaliveTimeout: Duration
    /// Reconnect delays: full jitter over `backoffBase` × 2^failures, at most `backoffMax`; reset after a
    /// stream that delivered anything.
    public var backoffBase: Duration
    public var backoffMax: Duration
    /// Where to resume when Salesforce refuses the stored replay id as expired or corrupted.
    public var replayFallback: ReplayFallback
    /// How many times in a row a refused token is replaced and the stream re-opened at once, before
    /// the backoff applies.
    public var immediateReauthentications: Int
    /// The deadline of each `GetTopic` and `GetSchema` call.
    public var callTimeout: Duration
    /// The largest response message accepted.
    public var maxInboundMessageBytes: Int

    public init(
        host: String = "api.pubsub.salesforce.com",
        port: Int = 443,
        tls: Bool = true,
        topics: [String] = ["/event/OrderProvisionRequested__e"],
        batchSize: Int = 100,
        watchdog: Duration = .seconds(300),
        keepaliveInterval: Duration = .seconds(60),
        keepaliveTimeout: Duration = .seconds(20),
        backoffBase: Duration = .seconds(1),
        backoffMax: Duration = .seconds(60),
        replayFallback: ReplayFallback = .earliest,
        immediateReauthentications: Int = 2,
        callTimeout: Duration = .seconds(30),
        maxInboundMessageBytes: Int = 4 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.topics = topics
        self.batchSize = min(max(batchSize, 1), 100)
        self.watchdog = watchdog
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.replayFallback = replayFallback
        self.immediateReauthentications = max(immediateReauthentications, 0)
        self.callTimeout = callTimeout
        self.maxInboundMessageBytes = maxInboundMessageBytes
    }
}
