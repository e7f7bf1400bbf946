import PortalRedis

/// The event ids already processed, in Redis for a day, so a repeated delivery does nothing twice.
public struct WebhookReceipts: Sendable {
    public static let lifetimeSeconds = 86_400
    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// True when this is the first time `id` from `source` is seen (and it is now recorded).
    public func claim(source: String, id: String) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand("SET", RedisArgument(key(source, id)), "1", "NX", "EX", RedisArgument(Self.lifetimeSeconds))
        )
        return reply != .null
    }

    /// Forgets `id`, so that a delivery whose processing failed is processed when the sender retries.
    public func release(source: String, id: String) async {
        _ = try? await redis.send(RedisCommand("DEL", RedisArgument(key(source, id))))
    }

    /// The source is length-prefixed, so no two (source, id) pairs share a key whatever `:` they hold
    /// (`whmcs:a` with `b:c` and `whmcs:a:b` with `c` differ).
    private func key(_ source: String, _ id: String) -> String { "pb:webhook:\(source.utf8.count):\(source):\(id)" }
}
