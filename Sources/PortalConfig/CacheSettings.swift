import Configuration
import PortalCache

/// The cache policy of every cached entity, read once from configuration.
///
/// For each entity `E` below: `cache.E.freshSeconds` (default from the table), `cache.E.staleSeconds`
/// (how long past fresh a copy may still be served when the source fails; default 1800) and
/// `cache.E.loadTimeoutSeconds` (how long a refresh may take while a stale copy waits; default 5).
/// Entities and fresh defaults: invoices 90, invoice 90, subscriptions 120, paymentMethods 300, profile 300,
/// orders 60, order 60, catalog 600, sim 60, simUsage 300, dashboard 60.
///
/// `cache.maxEntriesPerGroup` (200): the most entries one group (e.g. one customer's invoice pages) holds;
/// past it, the entries closest to their stale limit are dropped.
public struct CacheSettings: Sendable {
    public enum Entity: String, CaseIterable, Sendable {
        case invoices, invoice, subscriptions, paymentMethods, profile, orders, order, catalog, sim, simUsage, dashboard

        var defaultFreshSeconds: Int {
            switch self {
            case .invoices, .invoice: 90
            case .subscriptions: 120
            case .paymentMethods, .profile, .simUsage: 300
            case .orders, .order, .sim, .dashboard: 60
            case .catalog: 600
            }
        }
    }

    private let policies: [Entity: CachePolicy]
    public let maximumEntriesPerGroup: Int

    public init(config: ConfigReader) throws(ConfigurationError) {
        var policies: [Entity: CachePolicy] = [:]
        for entity in Entity.allCases {
            let prefix = "cache.\(entity.rawValue)"
            policies[entity] = CachePolicy(
                freshFor: .seconds(try Self.seconds(config, "\(prefix).freshSeconds", default: entity.defaultFreshSeconds, minimum: 1)),
                staleFor: .seconds(try Self.seconds(config, "\(prefix).staleSeconds", default: 1800, minimum: 0)),
                loadTimeout: .seconds(try Self.seconds(config, "\(prefix).loadTimeoutSeconds", default: 5, minimum: 1)))
        }
        self.policies = policies
        let most = config.int(forKey: "cache.maxEntriesPerGroup", default: CacheService.defaultMaximumEntriesPerGroup)
        guard (1...100_000).contains(most) else {
            throw ConfigurationError(key: "cache.maxEntriesPerGroup", problem: "must be in 1...100000, found \(most)")
        }
        maximumEntriesPerGroup = most
    }

    public func policy(for entity: Entity) -> CachePolicy {
        policies[entity] ?? CachePolicy(freshFor: .seconds(entity.defaultFreshSeconds))
    }

    private static func seconds(_ config: ConfigReader, _ key: String, default fallback: Int, minimum: Int) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard value >= minimum, value <= 86_400 * 7 else {
            throw ConfigurationError(key: key, problem: "must be between \(minimum) and 604800 seconds, found \(value)")
        }
        return value
    }
}
