import Configuration
import PortalRedis
import PortalSupport

/// How to reach Redis, read once from configuration.
///
/// Keys: `redis.url` (`REDIS_URL` in the environment; default `redis://127.0.0.1:6379/0`), `redis.poolSize`
/// (8), `redis.connectTimeoutMilliseconds` (250), `redis.commandTimeoutMilliseconds` (250),
/// `redis.acquireTimeoutMilliseconds` (250): how long a command may wait for a pooled connection. The URL may carry a
/// password; it is never logged (`RedisURL.description` masks it).
public enum RedisSettings {
    public static func configuration(config: ConfigReader) throws(ConfigurationError) -> RedisConfiguration {
        let text = config.string(forKey: "redis.url", isSecret: true, default: "redis://127.0.0.1:6379/0")
        let url: RedisURL
        do {
            url = try RedisURL(text)
        } catch {
            throw ConfigurationError(key: "redis.url", problem: "\(error)")
        }
        return RedisConfiguration(
            url: url,
            poolSize: try bounded(config, "redis.poolSize", default: 8, 1...256),
            connectTimeout: .milliseconds(try bounded(config, "redis.connectTimeoutMilliseconds", default: 250, 1...60_000)),
            commandTimeout: .milliseconds(try bounded(config, "redis.commandTimeoutMilliseconds", default: 250, 1...60_000)),
            acquireTimeout: .milliseconds(try bounded(config, "redis.acquireTimeoutMilliseconds", default: 250, 1...60_000))
        )
    }

    static func bounded(
        _ config: ConfigReader,
        _ key: String,
        default fallback: Int,
        _ range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard range.contains(value) else { throw ConfigurationError(key: key, problem: "must be in \(range), found \(value)") }
        return value
    }
}
