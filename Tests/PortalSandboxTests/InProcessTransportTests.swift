import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

/// The in-process transport answers what `URLSessionTransport` answers over loopback, for the same knob:
/// both transports call one sandbox, one request after the other.
@Suite("In-process transport")
struct InProcessTransportTests {
    /// What a transport made of one call.
    enum Outcome: Equatable {
        case answered(status: Int, contentType: String?, retryAfter: Duration?, body: Data)
        case failed(TransportError)
    }

    private static func outcome(_ transport: any HTTPTransport, _ baseURLs: Sandbox.BaseURLs, timeout: Duration = .seconds(5)) async -> Outcome {
        let request = UpstreamRequest.form(
            baseURLs.whmcs["default"]!.appendingPathComponent("includes/api.php"),
            fields: [
                ("identifier", "sandbox-default-identifier"), ("secret", "sandbox-default-secret"), ("action", "GetClientsDetails"),
                ("clientid", "1001"), ("responsetype", "json"),
            ],
            timeout: timeout
        )
        do {
            let response = try await transport.send(request)
            return .answered(
                status: response.status,
                contentType: response.headers["content-type"],
                retryAfter: response.retryAfter,
                body: response.body
            )
        } catch {
            return .failed(error)
        }
    }

    /// The outcome of the same call through each transport, with the sandbox's WHMCS knobs set by `knobs`
    /// before each.
    private static func bothOutcomes(
        timeout: Duration = .seconds(5),
        knobs: @escaping (inout SimulatorKnobs.Settings) -> Void = { _ in }
    ) async throws -> (inProcess: Outcome, socket: Outcome) {
        let sandbox = Sandbox()
        return try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let inProcess = try await SandboxUnderTest.start(.inProcess, sandbox: sandbox)
            knobs(&sandbox.whmcsKnobs.settings)
            let first = await outcome(inProcess.transport, inProcess.baseURLs, timeout: timeout)
            sandbox.whmcsKnobs.settings = SimulatorKnobs.Settings()
            knobs(&sandbox.whmcsKnobs.settings)
            let second = await outcome(URLSessionTransport(), running.baseURLs, timeout: timeout)
            return (first, second)
        }
    }

    @Test func aNormalAnswerIsTheSameStatusTypeAndBody() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes()
        guard case .answered(200, _, nil, let body) = inProcess else {
            Issue.record("in process: \(inProcess)")
            return
        }
        #expect(body.isEmpty == false)
        #expect(inProcess == socket)
    }

    @Test func aRateLimitIsThe429WithItsRetryAfter() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes {
            $0.rateLimitBurst = 1
            $0.retryAfterSeconds = 7
        }
        guard case .answered(429, _, .seconds(7), _) = inProcess else {
            Issue.record("in process: \(inProcess)")
            return
        }
        #expect(inProcess == socket)
    }

    @Test func aLatencyPastTheRequestTimeoutIsATimeout() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes(timeout: .milliseconds(300)) { $0.latency = .seconds(2) }
        #expect(inProcess == .failed(.timeout))
        #expect(socket == .failed(.timeout))
    }

    @Test func aDroppedCallHeldPastTheRequestTimeoutIsATimeout() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes(timeout: .milliseconds(300)) {
            $0.droppedRate = 1
            $0.timeoutDelay = .seconds(2)
        }
        #expect(inProcess == .failed(.timeout))
        #expect(socket == .failed(.timeout))
    }

    @Test func aDroppedCallRefusedWithinTheTimeoutIsThe504() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes(timeout: .seconds(5)) {
            $0.droppedRate = 1
            $0.timeoutDelay = .milliseconds(20)
        }
        guard case .answered(504, _, _, _) = inProcess else {
            Issue.record("in process: \(inProcess)")
            return
        }
        #expect(inProcess == socket)
    }

    @Test func anAnswerHeldBackPastTheRequestTimeoutIsATimeout() async throws {
        let (inProcess, socket) = try await Self.bothOutcomes(timeout: .milliseconds(300)) {
            $0.lostAnswerRate = 1
            $0.timeoutDelay = .seconds(2)
        }
        #expect(inProcess == .failed(.timeout))
        #expect(socket == .failed(.timeout))
    }

    @Test func aHostThatIsNotTheSandboxIsRefusedUnsent() async throws {
        let sandbox = Sandbox()
        let transport = InProcessTransport(sandbox: sandbox)
        let elsewhere = UpstreamRequest(method: "POST", url: URL(string: "http://elsewhere.invalid/whmcs/includes/api.php")!)
        await #expect {
            try await transport.send(elsewhere)
        } throws: { error in
            if case .refused = error as? TransportError { true } else { false }
        }
        #expect(sandbox.whmcsKnobs.calls() == 0)
        let outcome = await Self.outcome(transport, Sandbox.inProcessBaseURLs)
        guard case .answered(200, _, _, _) = outcome else {
            Issue.record("the sandbox's own host: \(outcome)")
            return
        }
    }
}
