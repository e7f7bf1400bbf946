import Foundation
import Logging
import PortalUpstream
import Testing

@Suite("Upstream call counters")
struct UpstreamCallCountersTests {
    let request = UpstreamRequest.form(URL(string: "http://127.0.0.1:1/includes/api.php")!, fields: [("action", "GetInvoices")])
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func eachLabelSetsCounterIsMadeOnceAndCountsEveryCall() async throws {
        let metrics = CountingMetrics()
        let calls = 25
        let transport = ScriptedTransport(Array(repeating: .respond(200), count: calls) + Array(repeating: .respond(400), count: calls))
        let settings = UpstreamCaller.Settings(
            perMinute: 60_000,
            burst: 1000,
            sharePerMinute: 60_000,
            shareBurst: 1000,
            backgroundPerMinute: 60_000,
            backgroundBurst: 1000
        )
        let caller = UpstreamCaller(system: "whmcs:test", transport: transport, settings: settings, logger: quiet, metrics: metrics)
        let classify: @Sendable (UpstreamResponse) -> UpstreamCaller.Verdict = { response in
            response.status == 200 ? .accept : .fail(.rejected(system: "whmcs:test", cause: .status(response.status)), countsAgainstHealth: false)
        }
        for _ in 0..<calls { _ = try await caller.call(request, action: "GetInvoices", idempotent: true, classify: classify) }
        for _ in 0..<calls { _ = try? await caller.call(request, action: "GetClientsProducts", idempotent: true, classify: classify) }
        for (action, outcome) in [("GetInvoices", "ok"), ("GetClientsProducts", "error")] {
            let dimensions = [("system", "whmcs:test"), ("action", action), ("outcome", outcome)]
            #expect(metrics.countersMade("portal_upstream_calls_total", dimensions) == 1)
            #expect(try metrics.recorded.expectCounter("portal_upstream_calls_total", dimensions).totalValue == Int64(calls))
        }
    }

    @Test func cancelledCallsAreCountedAsSuchAndDoNotOpenTheBreaker() async throws {
        let metrics = CountingMetrics()
        let transport = ScriptedTransport(Array(repeating: .fail(.cancelled), count: 10))
        let settings = UpstreamCaller.Settings(
            breaker: .init(failureThreshold: 3, openDuration: .seconds(30)),
            retry: RetryPolicy(maximumAttempts: 1)
        )
        let caller = UpstreamCaller(system: "whmcs:test", transport: transport, settings: settings, logger: quiet, metrics: metrics)
        for _ in 0..<10 {
            _ = try? await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept }
        }
        #expect(caller.breaker.state == .closed)
        #expect(transport.calls == 10)
        #expect(
            metrics.countersMade("portal_upstream_calls_total", [("system", "whmcs:test"), ("action", "GetInvoices"), ("outcome", "cancelled")]) == 1
        )
    }
}
