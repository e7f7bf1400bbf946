import PortalRedis

/// Whether the Redis behind the cache and the stores answers, for readiness.
public struct CacheHealth: Sendable {
    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// The topology the client sends to (`standalone host:port`, or the Sentinel master).
    public var topology: String { redis.topologyDescription }

    /// How many times the client moved to another master (a Sentinel failover) since it started.
    public var masterSwitches: Int { redis.masterSwitches }

    /// True when Redis answers a PING now.
    public func isUp() async -> Bool {
        (try? await redis.send(RedisCommand("PING"))) == .status("PONG")
    }
}
