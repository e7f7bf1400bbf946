import Configuration
import PortalAPI
import PortalCache
import PortalSupport

extension CacheSettings {
    public init(config: ConfigReader) throws(ConfigurationError) {
        var policies: [Entity: CachePolicy] = [:]
        for entity in Entity.allCases {
            let prefix = "cache.\(entity.rawValue)"
            policies[entity] = CachePolicy(
                freshFor: .seconds(try Self.seconds(config, "\(prefix).freshSeconds", default: entity.defaultFreshSeconds, minimum: 1)),
                staleFor: .seconds(try Self.seconds(config, "\(prefix).staleSeconds", default: 1800, minimum: 0)),
                loadTimeout: .seconds(try Self.seconds(config, "\(prefix).loadTimeoutSeconds", default: 5, minimum: 1))
            )
        }
        let most = config.int(forKey: "cache.maxEntriesPerGroup", default: CacheService.defaultMaximumEntriesPerGroup)
        guard (1...100_000).contains(most) else {
            throw ConfigurationError(key: "cache.maxEntriesPerGroup", problem: "must be in 1...100000, found \(most)")
        }
        self.init(policies: policies, maximumEntriesPerGroup: most)
    }

    private static func seconds(_ config: ConfigReader, _ key: String, default fallback: Int, minimum: Int) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard value >= minimum, value <= 86_400 * 7 else {
            throw ConfigurationError(key: key, problem: "must be between \(minimum) and 604800 seconds, found \(value)")
        }
        return value
    }
}
