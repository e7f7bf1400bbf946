import Foundation
import Logging
import Metrics
import PortalCache
import ServiceLifecycle

/// The gauges the alert rules (`contrib/prometheus/`) watch besides the counters, sampled every `interval`:
/// `portal_readiness_status{check, status}` (1 for the status each readiness check has now, 0 for the
/// others: a state set), and with Redis `portal_provisioning_waiting_jobs`,
/// `portal_provisioning_oldest_waiting_seconds` (0 when nothing waits), `portal_provisioning_dead_letters` and
/// the Redis client's topology counts (`RedisTopologyMetrics`: failovers followed, redirections, slot map
/// reads).
public struct OperationalGauges: Service {
    static let statuses = ["up", "degraded", "down"]

    let readiness: ReadinessService
    let queue: ProvisioningQueue?
    let clock: ApplicationClock
    let interval: Duration
    let factory: any MetricsFactory
    let logger: Logger
    private let waiting: Gauge
    private let oldest: Gauge
    private let deadLetters: Gauge
    private let topology: RedisTopologyMetrics

    public init(services: ApplicationServices, interval: Duration = .seconds(15), metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger)
    {
        self.readiness = services.readiness
        self.queue = services.stores?.provisioning
        self.clock = services.clock
        self.interval = interval
        self.factory = metrics
        self.logger = logger
        waiting = Gauge(label: "portal_provisioning_waiting_jobs", factory: metrics)
        oldest = Gauge(label: "portal_provisioning_oldest_waiting_seconds", factory: metrics)
        deadLetters = Gauge(label: "portal_provisioning_dead_letters", factory: metrics)
        topology = RedisTopologyMetrics(factory: metrics)
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // A backlog Redis could not give is asked for again soon, not a whole interval later.
            let complete = await sample()
            let pause = complete ? interval : min(interval, .seconds(1))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }

    /// Sets every gauge once from what readiness and the queue say now; false when the backlog was not read.
    @discardableResult
    public func sample() async -> Bool {
        for (name, check) in await readiness.checks() {
            for status in Self.statuses {
                Gauge(label: "portal_readiness_status", dimensions: [("check", name), ("status", status)], factory: factory)
                    .record(check.status == status ? 1 : 0)
            }
        }
        if let cache = readiness.cache { topology.record(cache) }
        guard let queue else { return true }
        do {
            let backlog = try await queue.backlog()
            waiting.record(backlog.waiting)
            oldest.record(backlog.oldestSince.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0)
            deadLetters.record(backlog.deadLetters)
            return true
        } catch {
            logger.debug("provisioning backlog not read", metadata: ["error": .string("\(error)")])
            return false
        }
    }
}
