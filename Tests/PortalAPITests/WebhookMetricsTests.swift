import APITestSupport
import Metrics
import Synchronization
import Testing

@testable import PortalAPI

@Suite("Webhook metrics")
struct WebhookMetricsTests {
    @Test func eachLabelSetsCounterIsMadeOnceAndCountsEveryEvent() {
        let factory = CountingFactory()
        let metrics = WebhookMetrics(factory: factory)
        let events = 20
        for _ in 0..<events {
            metrics.received(source: .whmcs(instance: "brand-a"), event: "InvoicePaid", outcome: "processed")
            metrics.received(source: .whmcs(instance: "brand-b"), event: "InvoicePaid", outcome: "processed")
            metrics.invalidated(source: .salesforce, groups: 2)
            metrics.verificationFailed(source: .salesforce, reason: "stale")
        }
        let received = "portal_webhooks_total source=whmcs event=InvoicePaid outcome=processed"
        let invalidated = "portal_webhook_invalidations_total source=salesforce"
        let refused = "portal_webhook_verification_failures_total source=salesforce reason=stale"
        #expect(factory.made == [received: 1, invalidated: 1, refused: 1])
        #expect(factory.totals == [received: Int64(2 * events), invalidated: Int64(2 * events), refused: Int64(events)])
    }
}

/// Counts how often each counter is made and what it counts; every other metric is a no-op.
private final class CountingFactory: MetricsFactory {
    private let state = Mutex<(made: [String: Int], totals: [String: Int64])>(([:], [:]))

    var made: [String: Int] { state.withLock { $0.made } }
    var totals: [String: Int64] { state.withLock { $0.totals } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let key = ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
        state.withLock { $0.made[key, default: 0] += 1 }
        return Handler(key: key, factory: self)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { NOOPMetricsHandler.instance }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { NOOPMetricsHandler.instance }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    fileprivate func add(_ amount: Int64, to key: String) { state.withLock { $0.totals[key, default: 0] += amount } }

    private final class Handler: CounterHandler {
        let key: String
        let factory: CountingFactory
        init(key: String, factory: CountingFactory) {
            self.key = key
            self.factory = factory
        }
        func increment(by amount: Int64) { factory.add(amount, to: key) }
        func reset() {}
    }
}
