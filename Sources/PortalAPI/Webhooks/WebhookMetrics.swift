import Metrics

/// `portal_webhooks_total{source,event,outcome}`, `portal_webhook_invalidations_total{source}` and
/// `portal_webhook_verification_failures_total{source,reason}`.
struct WebhookMetrics: Sendable {
    let factory: any MetricsFactory

    func received(source: String, event: String, outcome: String) {
        Counter(label: "portal_webhooks_total", dimensions: [("source", source), ("event", event), ("outcome", outcome)], factory: factory)
            .increment()
    }

    func invalidated(source: String, groups: Int) {
        Counter(label: "portal_webhook_invalidations_total", dimensions: [("source", source)], factory: factory).increment(by: groups)
    }

    func verificationFailed(source: String, reason: String) {
        Counter(label: "portal_webhook_verification_failures_total", dimensions: [("source", source), ("reason", reason)], factory: factory)
            .increment()
    }
}
