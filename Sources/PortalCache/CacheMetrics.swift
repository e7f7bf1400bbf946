import Metrics

/// What the cache counts: hits, misses, stale serves, bypasses, coalesced waits, invalidations, and how
/// long Redis takes to answer.
public struct CacheMetrics: Sendable {
    let hits: Counter
    let misses: Counter
    let staleServes: Counter
    let bypasses: Counter
    let coalescedWaits: Counter
    let invalidations: Counter
    let redisLatency: Timer

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        hits = Counter(label: "portal_cache_hits_total", factory: factory)
        misses = Counter(label: "portal_cache_misses_total", factory: factory)
        staleServes = Counter(label: "portal_cache_stale_total", factory: factory)
        bypasses = Counter(label: "portal_cache_bypass_total", factory: factory)
        coalescedWaits = Counter(label: "portal_cache_coalesced_total", factory: factory)
        invalidations = Counter(label: "portal_cache_invalidations_total", factory: factory)
        redisLatency = Timer(label: "portal_cache_redis_seconds", factory: factory)
    }
}
