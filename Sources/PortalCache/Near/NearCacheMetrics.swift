import Metrics

/// What the near cache counts: hits from memory, fills dropped because an invalidation overtook their
/// read, flushes by reason, reads that found the lease run out, and what it holds.
public struct NearCacheMetrics: Sendable {
    public enum FlushReason: String, Sendable, CaseIterable {
        /// A new invalidation connection subscribed.
        case reconnected
        /// The invalidation connection closed, failed or stopped answering.
        case connectionLost = "connection_lost"
        /// Redis sent a flush (`FLUSHALL` / `FLUSHDB`).
        case flushed
    }

    let hits: Counter
    let fillsDropped: Counter
    let leaseExpiries: Counter
    let bytes: Gauge
    let entries: Gauge
    private let flushCounters: [FlushReason: Counter]

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        hits = Counter(label: "portal_cache_near_hits_total", factory: factory)
        fillsDropped = Counter(label: "portal_cache_near_fills_dropped_total", factory: factory)
        leaseExpiries = Counter(label: "portal_cache_near_lease_expired_total", factory: factory)
        bytes = Gauge(label: "portal_cache_near_bytes", factory: factory)
        entries = Gauge(label: "portal_cache_near_entries", factory: factory)
        var flushCounters: [FlushReason: Counter] = [:]
        for reason in FlushReason.allCases {
            flushCounters[reason] = Counter(label: "portal_cache_near_flushes_total", dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        self.flushCounters = flushCounters
    }

    func flushes(_ reason: FlushReason) -> Counter { flushCounters[reason]! }
}
