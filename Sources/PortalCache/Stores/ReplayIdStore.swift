import PortalRedis

/// The replay id of the last Salesforce Pub/Sub event whose job is durably queued, per topic: where a
/// new subscription resumes. Writes are fenced by the subscriber lease, so an instance that lost the lease
/// (and may still be finishing a batch) never moves the position the new holder works from.
public struct ReplayIdStore: Sendable {
    let redis: RedisClient
    let namespace: String

    /// `namespace` is the subscriber lease's (`SubscriberLease`), whose holder the writes are fenced by.
    public init(redis: RedisClient, namespace: String = "pubsub") {
        self.redis = redis
        self.namespace = namespace
    }

    public func replayId(topic: String) async throws(RedisError) -> [UInt8]? {
        try await redis.send(RedisCommand("GET", RedisArgument(key(topic)))).bytes
    }

    /// Stores `replayId` for `topic` if `holder` still holds the subscriber lease; false when it does not.
    public func store(_ replayId: [UInt8], topic: String, holder: String) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand.evaluate(
                Self.setWhileHolding,
                keys: [RedisArgument(SubscriberLease.key(namespace: namespace)), RedisArgument(key(topic))],
                arguments: [RedisArgument(holder), RedisArgument(replayId)]
            )
        )
        return reply == .integer(1)
    }

    /// KEYS: the subscriber lease, the replay id. ARGV: holder, replay id.
    private static let setWhileHolding = RedisScript(
        "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end redis.call('SET', KEYS[2], ARGV[2]) return 1"
    )

    /// Same hash tag as the lease, so the fenced write stays in one Redis Cluster slot.
    func key(_ topic: String) -> String { "pb:{\(namespace)}:replay:\(topic)" }
}
