import Foundation
import Logging
import Metrics
import MetricsTestKit
import PortalUpstream
import Testing

@Suite("Upstream caller clock")
struct UpstreamCallerClockTests {
    let request = UpstreamRequest.form(URL(string: "http://127.0.0.1:1/includes/api.php")!, fields: [("action", "GetInvoices")])
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let clock = ManualClock()

    private func caller(
        _ transport: any HTTPTransport,
        perMinute: Int = 6000,
        burst: Int = 100,
        metrics: any MetricsFactory = TestMetrics()
    ) -> UpstreamCaller {
        let settings = UpstreamCaller.Settings(
            breaker: .init(failureThreshold: 1, openDuration: .seconds(60)),
            perMinute: perMinute,
            burst: burst,
            maximumQueueWait: .zero
        )
        return UpstreamCaller(system: "whmcs:test", transport: transport, settings: settings, logger: quiet, metrics: metrics, now: clock.now)
    }

    @Sendable private static func okOr500(_ response: UpstreamResponse) -> UpstreamCaller.Verdict {
        response.status == 200 ? .accept : .fail(.unavailable(system: "whmcs:test", cause: .status(response.status)), countsAgainstHealth: true)
    }

    @Test func theOpenBreakerLetsAProbeThroughOnlyOnceTheInjectedClockPassedItsOpenTime() async throws {
        let transport = ScriptedTransport([.respond(500), .respond(200)])
        let caller = caller(transport)
        _ = try? await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500)
        clock.advance(by: .seconds(59))
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .circuitOpen)) {
            try await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500)
        }
        clock.advance(by: .seconds(1))
        #expect(try await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500).status == 200)
        #expect(caller.breaker.state == .closed)
        #expect(transport.calls == 2)
    }

    @Test func theBudgetRefillsOnTheInjectedClock() async throws {
        let caller = caller(ScriptedTransport([]), perMinute: 1, burst: 2)
        for _ in 0..<2 { _ = try await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500) }
        await #expect(throws: UpstreamError.rateLimited(system: "whmcs:test", cause: .localRateLimit, retryAfter: .zero)) {
            try await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500)
        }
        clock.advance(by: .seconds(60))
        #expect(try await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500).status == 200)
    }

    @Test func latencyAndTheLastFailureAreReadOnTheInjectedClock() async throws {
        let metrics = TestMetrics()
        let caller = caller(SlowTransport(clock: clock, takes: .seconds(3), status: 500), metrics: metrics)
        #expect(caller.timeSinceLastFailure == nil)
        _ = try? await caller.call(request, action: "GetInvoices", idempotent: true, classify: Self.okOr500)
        #expect(try metrics.expectTimer("portal_upstream_seconds", [("system", "whmcs:test")]).lastValue == Duration.seconds(3).nanoseconds)
        clock.advance(by: .seconds(7))
        #expect(caller.timeSinceLastFailure == .seconds(7))
    }
}

/// Answers `status` after `takes` has passed on the manual clock.
private struct SlowTransport: HTTPTransport {
    let clock: ManualClock
    let takes: Duration
    let status: Int

    func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse {
        clock.advance(by: takes)
        return UpstreamResponse(status: status, headers: [:], body: Data())
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
