import Metrics
import PortalApplication
import Synchronization

/// `portal_webhooks_total{source,event,outcome}`, `portal_webhook_invalidations_total{source}` and
/// `portal_webhook_verification_failures_total{source,reason}`. Each counter is made once, on its first use,
/// and kept: sources, event names, outcomes and reasons are small closed sets.
final class WebhookMetrics: Sendable {
    private struct Key: Hashable {
        let label: String
        let values: [String]
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func received(source: EventSource, event: String, outcome: String) {
        counter("portal_webhooks_total", [("source", source.system), ("event", event), ("outcome", outcome)]).increment()
    }

    func invalidated(source: EventSource, groups: Int) {
        counter("portal_webhook_invalidations_total", [("source", source.system)]).increment(by: groups)
    }

    func verificationFailed(source: EventSource, reason: String) {
        counter("portal_webhook_verification_failures_total", [("source", source.system), ("reason", reason)]).increment()
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        counters.withLock { counters in
            let key = Key(label: label, values: dimensions.map(\.1))
            if let existing = counters[key] { return existing }
            let made = Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = made
            return made
        }
    }
}
