import Domain
import Metrics

/// The Pub/Sub intake's metrics, each created once: events read and queued, events dead-lettered because
/// they could not be read (by `reason`), repeats, replay gaps, the lag from an event's `CreatedDate` to its job being queued,
/// and whether this instance holds the subscriber lease.
struct PlatformEventMetrics: Sendable {
    let queued: Counter
    let duplicates: Counter
    /// `portal_pubsub_events_total{outcome="dead_lettered", reason}` per `MappingError.Reason`.
    let deadLettered: [MappingError.Reason: Counter]
    let gaps: Counter
    let lag: Timer
    let leader: Gauge
    let leaseAcquired: Counter

    init(factory: any MetricsFactory) {
        func outcome(_ name: String) -> Counter {
            Counter(label: "portal_pubsub_events_total", dimensions: [("outcome", name)], factory: factory)
        }
        queued = outcome("queued")
        duplicates = outcome("duplicate")
        deadLettered = Dictionary(
            uniqueKeysWithValues: MappingError.Reason.allCases.map { reason in
                let dimensions = [("outcome", "dead_lettered"), ("reason", reason.rawValue)]
                return (reason, Counter(label: "portal_pubsub_events_total", dimensions: dimensions, factory: factory))
            }
        )
        gaps = Counter(label: "portal_pubsub_replay_gaps_total", factory: factory)
        lag = Timer(label: "portal_pubsub_enqueue_lag_seconds", preferredDisplayUnit: .seconds, factory: factory)
        leader = Gauge(label: "portal_pubsub_subscriber_leader", factory: factory)
        leaseAcquired = Counter(label: "portal_pubsub_lease_acquired_total", factory: factory)
    }
}
