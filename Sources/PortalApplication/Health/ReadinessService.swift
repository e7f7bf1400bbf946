import PortalCache
import PortalUpstream

/// How the instance's dependencies are doing: Redis, and each upstream as its circuit breaker sees it.
public struct ReadinessService: Sendable {
    /// One dependency's state: `up`, `degraded` (a half-open breaker) or `down`.
    public struct Check: Sendable, Equatable, Encodable {
        public let status: String
        /// How long ago an upstream call last failed, in whole seconds.
        public let lastErrorAgeSeconds: Int?
    }

    let upstreams: Upstreams
    let cache: CacheHealth?

    /// Every dependency's check, by name (`redis`, `whmcs:default`, `salesforce`, `freebit`).
    public func checks() async -> [String: Check] {
        var checks: [String: Check] = [:]
        if let cache { checks["redis"] = Check(status: await cache.isUp() ? "up" : "down", lastErrorAgeSeconds: nil) }
        for health in upstreams.health {
            let status =
                switch health.breaker {
                case .closed: "up"
                case .halfOpen: "degraded"
                case .open: "down"
                }
            checks[health.system] = Check(status: status, lastErrorAgeSeconds: health.sinceLastFailure.map { Int($0.components.seconds) })
        }
        return checks
    }
}
