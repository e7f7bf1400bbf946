import Metrics
import PortalRedis

/// What the Redis client met on its way to the data since the process started, as gauges (each a count
/// since start, sampled with the other operational gauges): `portal_redis_master_switches` (Sentinel
/// failovers followed), `portal_redis_redirections{kind="moved"|"ask"}`, `portal_redis_tryagain_replies`,
/// `portal_redis_crossslot_replies` and `portal_redis_slot_map_refreshes{outcome="read"|"failed"}` (Cluster).
public struct RedisTopologyMetrics: Sendable {
    private let masterSwitches: Gauge
    private let moved: Gauge
    private let ask: Gauge
    private let tryAgain: Gauge
    private let crossSlot: Gauge
    private let refreshes: Gauge
    private let failedRefreshes: Gauge

    public init(factory: any MetricsFactory) {
        masterSwitches = Gauge(label: "portal_redis_master_switches", factory: factory)
        moved = Gauge(label: "portal_redis_redirections", dimensions: [("kind", "moved")], factory: factory)
        ask = Gauge(label: "portal_redis_redirections", dimensions: [("kind", "ask")], factory: factory)
        tryAgain = Gauge(label: "portal_redis_tryagain_replies", factory: factory)
        crossSlot = Gauge(label: "portal_redis_crossslot_replies", factory: factory)
        refreshes = Gauge(label: "portal_redis_slot_map_refreshes", dimensions: [("outcome", "read")], factory: factory)
        failedRefreshes = Gauge(label: "portal_redis_slot_map_refreshes", dimensions: [("outcome", "failed")], factory: factory)
    }

    public func record(_ health: CacheHealth) {
        let statistics = health.redis.statistics
        masterSwitches.record(statistics.masterSwitches)
        moved.record(statistics.movedRedirections)
        ask.record(statistics.askRedirections)
        tryAgain.record(statistics.tryAgainReplies)
        crossSlot.record(statistics.crossSlotReplies)
        refreshes.record(statistics.slotMapRefreshes)
        failedRefreshes.record(statistics.failedSlotMapRefreshes)
    }
}
