import Foundation
import Logging
import PortalUpstream
import TestSupport
import Testing

@Suite("Upstream caller")
struct UpstreamCallerTests {
    let logs = LogCapture()
    let request = UpstreamRequest.form(
        URL(string: "http://127.0.0.1:1/includes/api.php")!,
        fields: [("action", "GetInvoices"), ("secret", "hunter2-very-secret")]
    )

    private func caller(_ transport: ScriptedTransport, threshold: Int = 5) -> UpstreamCaller {
        let settings = UpstreamCaller.Settings(
            breaker: .init(failureThreshold: threshold, openDuration: .seconds(60)),
            perMinute: 6000,
            burst: 100,
            retry: RetryPolicy(baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
        )
        return UpstreamCaller(system: "whmcs:test", transport: transport, settings: settings, logger: logs.logger())
    }

    @Sendable private func okOr429(_ response: UpstreamResponse) -> UpstreamCaller.Verdict {
        switch response.status {
        case 200: .accept
        case 429: .rateLimited(retryAfter: response.retryAfter)
        default:
            .fail(
                .rejected(system: "whmcs:test", cause: .status(response.status), detail: "status \(response.status)"),
                countsAgainstHealth: response.status >= 500
            )
        }
    }

    @Test func aReadIsRetriedAfterNetworkErrorsAndTimeouts() async throws {
        let transport = ScriptedTransport([.fail(.network("reset")), .fail(.timeout), .respond(200)])
        let response = try await caller(transport).call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        #expect(response.status == 200)
        #expect(transport.calls == 3)
    }

    @Test func aReadGivesUpAfterFiveAttempts() async throws {
        let transport = ScriptedTransport(Array(repeating: .fail(.timeout), count: 10))
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .timeout)) {
            try await caller(transport, threshold: 100).call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        }
        #expect(transport.calls == 5)
    }

    @Test func aWriteIsNotRetriedAfterANetworkError() async throws {
        let transport = ScriptedTransport([.fail(.network("reset")), .respond(200)])
        await #expect(throws: UpstreamError.self) {
            try await caller(transport).call(request, action: "AddOrder", idempotent: false, classify: okOr429)
        }
        #expect(transport.calls == 1)
    }

    @Test func aWriteThatTimedOutOrLostItsConnectionHasAnUnknownOutcome() async throws {
        let causes: [(TransportError, UpstreamError.Cause)] = [(.timeout, .timeout), (.network("reset"), .connectionLost), (.cancelled, .cancelled)]
        for (failure, cause) in causes {
            await #expect(throws: UpstreamError.outcomeUnknown(system: "whmcs:test", cause: cause)) {
                try await caller(ScriptedTransport([.fail(failure)])).call(request, action: "AddOrder", idempotent: false, classify: okOr429)
            }
        }
    }

    @Test func aWriteThatGotAServerErrorHasAnUnknownOutcome() async throws {
        let unavailableOn500: @Sendable (UpstreamResponse) -> UpstreamCaller.Verdict = { response in
            response.status == 200
                ? .accept
                : .fail(
                    .unavailable(system: "whmcs:test", cause: .status(response.status), detail: "HTTP \(response.status)"),
                    countsAgainstHealth: true
                )
        }
        await #expect(throws: UpstreamError.outcomeUnknown(system: "whmcs:test", cause: .status(502))) {
            try await caller(ScriptedTransport([.respond(502)])).call(request, action: "AddOrder", idempotent: false, classify: unavailableOn500)
        }
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .status(502))) {
            try await caller(ScriptedTransport([.respond(502)]), threshold: 100).call(
                request,
                action: "GetInvoices",
                idempotent: true,
                classify: unavailableOn500
            )
        }
    }

    @Test func aWriteThatCouldNotConnectOrMetAnOpenCircuitWasCertainlyNotSent() async throws {
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .connectionRefused)) {
            try await caller(ScriptedTransport([.fail(.refused("7"))])).call(request, action: "AddOrder", idempotent: false, classify: okOr429)
        }
        let transport = ScriptedTransport(Array(repeating: .fail(.refused("7")), count: 2))
        let tripping = caller(transport, threshold: 1)
        _ = try? await tripping.call(request, action: "AddOrder", idempotent: false, classify: okOr429)
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .circuitOpen)) {
            try await tripping.call(request, action: "AddOrder", idempotent: false, classify: okOr429)
        }
        #expect(transport.calls == 1)
    }

    @Test func aConnectionRefusedIsTellableFromATimeout() async throws {
        await #expect(throws: TransportError.self) {
            do throws(TransportError) {
                _ = try await URLSessionTransport().send(
                    UpstreamRequest(method: "POST", url: URL(string: "http://127.0.0.1:1/")!, timeout: .seconds(5))
                )
            } catch {
                guard case .refused = error else {
                    Issue.record("expected refused, got \(error)")
                    throw error
                }
                throw error
            }
        }
    }

    @Test func rateLimitAnswersAreRetriedAtMostThreeTimes() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(429, headers: ["Retry-After": "0"]), count: 10))
        await #expect(throws: UpstreamError.rateLimited(system: "whmcs:test", cause: .status(429), retryAfter: .zero)) {
            try await caller(transport).call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        }
        #expect(transport.calls == 4)
    }

    @Test func aRefusalIsNotRetried() async throws {
        let transport = ScriptedTransport([.respond(403), .respond(200)])
        await #expect(throws: UpstreamError.rejected(system: "whmcs:test", cause: .status(403))) {
            try await caller(transport).call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        }
        #expect(transport.calls == 1)
    }

    @Test func theBreakerOpensAndThenFailsFastWithoutCalling() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(500), count: 10))
        let caller = caller(transport, threshold: 3)
        for _ in 0..<3 {
            _ = try? await caller.call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        }
        #expect(caller.breaker.state == .open)
        await #expect(throws: UpstreamError.unavailable(system: "whmcs:test", cause: .circuitOpen)) {
            try await caller.call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        }
        #expect(transport.calls == 3)
    }

    @Test func everyAttemptIsLoggedWithoutTheRequestBody() async throws {
        let transport = ScriptedTransport([.fail(.timeout), .respond(200)])
        _ = try await caller(transport).call(request, action: "GetInvoices", idempotent: true, classify: okOr429)
        let lines = logs.all
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("action=GetInvoices") && $0.contains("system=whmcs:test") })
        #expect(lines.last?.contains("attempt=2") == true)
        #expect(lines.last?.contains("status=200") == true)
        #expect(!lines.joined().contains("hunter2"))
    }
}
