import PortalCache

/// The cache policy of every cached entity, read once from configuration.
///
/// For each entity `E` below: `cache.E.freshSeconds` (default from the table), `cache.E.staleSeconds`
/// (how long past fresh a copy may still be served when the source fails; default 1800) and
/// `cache.E.loadTimeoutSeconds` (how long a refresh may take while a stale copy waits; default 5).
/// Entities and fresh defaults: invoices 90, invoice 90, subscriptions 120, paymentMethods 300, profile 300,
/// orders 60, order 60, catalog 600, sim 60, simUsage 300, dashboard 60, tickets 60, ticket 30.
///
/// `cache.maxEntriesPerGroup` (200): the most entries one group (e.g. one customer's invoice pages) holds;
/// past it, the entries closest to their stale limit are dropped.
public struct CacheSettings: Sendable {
    public enum Entity: String, CaseIterable, Sendable {
        case invoices, invoice, subscriptions, paymentMethods, profile, orders, order, catalog, sim, simUsage, dashboard, tickets, ticket

        public var defaultFreshSeconds: Int {
            switch self {
            case .invoices, .invoice: 90
            case .subscriptions: 120
            case .paymentMethods, .profile, .simUsage: 300
            case .orders, .order, .sim, .dashboard, .tickets: 60
            case .ticket: 30
            case .catalog: 600
            }
        }
    }

    private let policies: [Entity: CachePolicy]
    public let maximumEntriesPerGroup: Int

    public init(policies: [Entity: CachePolicy], maximumEntriesPerGroup: Int) {
        self.policies = policies
        self.maximumEntriesPerGroup = maximumEntriesPerGroup
    }

    public func policy(for entity: Entity) -> CachePolicy {
        policies[entity] ?? CachePolicy(freshFor: .seconds(entity.defaultFreshSeconds))
    }
}
