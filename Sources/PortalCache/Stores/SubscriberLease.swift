import PortalRedis

/// The lease that lets one BFF instance of the fleet hold the Salesforce Pub/Sub subscription while the
/// others stand by: taken with `SET NX PX`, renewed well inside its lifetime, released on shutdown. A
/// holder that dies stops renewing, and the lease passes to a standby when it expires.
public struct SubscriberLease: Sendable {
    let redis: RedisClient
    /// `pb:{NAMESPACE}:lease`; the replay ids share the hash tag (`ReplayIdStore`).
    let key: String

    /// `namespace` keeps fleets (and tests) that share one Redis apart.
    public init(redis: RedisClient, namespace: String = "pubsub") {
        self.redis = redis
        self.key = Self.key(namespace: namespace)
    }

    static func key(namespace: String) -> String { "pb:{\(namespace)}:lease" }

    /// True when `holder` holds the lease now (taken now, or already its own and extended).
    public func acquire(holder: String, for lifetime: Duration) async throws(RedisError) -> Bool {
        try await run(Self.acquireScript, holder: holder, lifetime: lifetime)
    }

    /// Extends the lease if `holder` still holds it; false when it was lost (expired and taken by another).
    public func renew(holder: String, for lifetime: Duration) async throws(RedisError) -> Bool {
        try await run(Self.renewScript, holder: holder, lifetime: lifetime)
    }

    private func run(_ script: RedisScript, holder: String, lifetime: Duration) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand.evaluate(script, keys: [RedisArgument(key)], arguments: [RedisArgument(holder), RedisArgument(lifetime.milliseconds)])
        )
        return reply == .integer(1)
    }

    /// Gives the lease up if `holder` holds it, so a standby takes over at once.
    public func release(holder: String) async {
        _ = try? await redis.send(
            RedisCommand.evaluate(IdempotencyScripts.unlock, keys: [RedisArgument(key)], arguments: [RedisArgument(holder)])
        )
    }

    /// The instance holding the lease now, if any.
    public func holder() async throws(RedisError) -> String? {
        try await redis.send(RedisCommand("GET", RedisArgument(key))).string
    }

    private static let acquireScript = RedisScript(
        """
        local current = redis.call('GET', KEYS[1])
        if current == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
        if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """
    )

    private static let renewScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """
    )
}
