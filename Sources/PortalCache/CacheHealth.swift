import PortalRedis

/// Whether the Redis behind the cache and the stores answers, for readiness.
public struct CacheHealth: Sendable {
    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// The topology the client sends to (`standalone host:port`, the Sentinel master, or the cluster's
    /// masters and their slots).
    public var topology: String { redis.topologyDescription }

    /// True when Redis answers a PING now: the server, or every master of a cluster (whose slots must all
    /// have one).
    public func isUp() async -> Bool {
        guard let replies = try? await redis.sendToEveryMaster(RedisCommand("PING")) else { return false }
        return !replies.isEmpty && replies.allSatisfy { $0 == .status("PONG") }
    }
}
