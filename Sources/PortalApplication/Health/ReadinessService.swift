import PortalCache
import PortalUpstream

/// How the instance's dependencies are doing: Redis, and each upstream as its circuit breaker sees it.
public struct ReadinessService: Sendable {
    /// One dependency's state: `up`, `degraded` (a half-open breaker) or `down`.
    public struct Check: Sendable, Equatable, Encodable {
        public let status: String
        /// How long ago an upstream call last failed, in whole seconds.
        public let lastErrorAgeSeconds: Int?
        /// What a check with more than one part found (the Pub/Sub subscription's streams).
        public let detail: String?

        init(status: String, lastErrorAgeSeconds: Int?, detail: String? = nil) {
            self.status = status
            self.lastErrorAgeSeconds = lastErrorAgeSeconds
            self.detail = detail
        }
    }

    let upstreams: Upstreams
    let cache: CacheHealth?
    let near: NearCache?
    let platformEvents: PlatformEventStatus

    /// Every dependency's check, by name (`redis`, `near-cache` when it is on, `whmcs:default`, `salesforce`,
    /// `freebit`, and `salesforce-pubsub` when the subscription runs). The near cache is `degraded` while it
    /// cannot answer (its invalidation connection is down or late: reads go to Redis).
    public func checks() async -> [String: Check] {
        var checks: [String: Check] = [:]
        if let cache { checks["redis"] = Check(status: await cache.isUp() ? "up" : "down", lastErrorAgeSeconds: nil, detail: cache.topology) }
        if let near {
            checks["near-cache"] = Check(
                status: near.leaseHolds() ? "up" : "degraded",
                lastErrorAgeSeconds: nil,
                detail: "\(near.count) entries, \(near.bytes) of \(near.settings.maximumBytes) bytes"
            )
        }
        for health in upstreams.health {
            let status =
                switch health.breaker {
                case .closed: "up"
                case .halfOpen: "degraded"
                case .open: "down"
                }
            checks[health.system] = Check(status: status, lastErrorAgeSeconds: health.sinceLastFailure.map { Int($0.components.seconds) })
        }
        if let subscription = platformEvents.check { checks["salesforce-pubsub"] = subscription }
        return checks
    }
}
