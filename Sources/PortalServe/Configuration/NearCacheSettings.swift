import Configuration
import PortalCache
import PortalSupport

/// The near cache in front of Redis (`near-cache.md`), read once from configuration; nil when it is off.
///
/// Keys: `cache.near.enabled` (true), `cache.near.maxBytes` (64 MiB), `cache.near.leaseMilliseconds` (100:
/// how old the newest answered PING may be for memory to answer, and how long every invalidation waits
/// before it returns), `cache.near.heartbeatMilliseconds` (10: how often the invalidation connection is
/// pinged; at most half the lease, so that a healthy connection keeps the lease).
public enum NearCacheSettings {
    public static func settings(config: ConfigReader) throws(ConfigurationError) -> NearCache.Settings? {
        guard config.bool(forKey: "cache.near.enabled", default: true) else { return nil }
        let lease = try RedisSettings.bounded(config, "cache.near.leaseMilliseconds", default: 100, 10...10_000)
        let heartbeat = try RedisSettings.bounded(config, "cache.near.heartbeatMilliseconds", default: 10, 1...10_000)
        guard heartbeat * 2 <= lease else {
            throw ConfigurationError(
                key: "cache.near.heartbeatMilliseconds",
                problem: "must be at most half of cache.near.leaseMilliseconds (\(lease)), found \(heartbeat)"
            )
        }
        return NearCache.Settings(
            maximumBytes: try RedisSettings.bounded(config, "cache.near.maxBytes", default: 64 << 20, (1 << 20)...(1 << 36)),
            lease: .milliseconds(lease),
            heartbeat: .milliseconds(heartbeat)
        )
    }
}
