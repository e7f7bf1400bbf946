import Foundation
import InMemoryTracing
import PortalUpstream
import TestSupport
import Testing
import Tracing

/// Each upstream attempt is a client span beneath the work it is made for, and its trace context goes out
/// with the request (the test tracer's own header names; the W3C ones are checked over OTLP by
/// scripts/otlp-trace-check.py).
@Suite("Upstream caller: tracing")
struct UpstreamCallerTracingTests {
    private func caller(_ transport: ScriptedTransport) -> UpstreamCaller {
        let settings = UpstreamCaller.Settings(
            breaker: .init(failureThreshold: 100, openDuration: .seconds(60)),
            perMinute: 6000,
            burst: 100,
            retry: RetryPolicy(baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
        )
        return UpstreamCaller(system: "freebit", transport: transport, settings: settings, logger: LogCapture().logger())
    }

    @Test func everyAttemptIsAClientSpanWhoseContextTheRequestCarries() async throws {
        _ = TestTracing.tracer
        let transport = ScriptedTransport([.fail(.timeout), .fail(.network("reset")), .respond(200)])
        let request = UpstreamRequest(method: "POST", url: URL(string: "http://127.0.0.1:9/mvno/getTrafficInfo/?secret=x")!)
        let traced = try await TestTracing.trace {
            try await caller(transport).call(request, action: "getTrafficInfo", idempotent: true) { response in
                response.status == 200 ? .accept : .fail(.unavailable(system: "freebit", cause: .status(response.status)), countsAgainstHealth: true)
            }
        }
        let attempts = traced.spans.filter { $0.kind == .client }
        #expect(attempts.map(\.operationName) == Array(repeating: "freebit getTrafficInfo", count: 3))
        #expect(attempts.allSatisfy { $0.parentSpanID == traced.root.spanID })
        #expect(attempts.map { $0.attributes["upstream.attempt"]?.toSpanAttribute() } == [1, 2, 3].map { .int64($0) })
        #expect(attempts.map { $0.attributes["http.response.status_code"]?.toSpanAttribute() } == [nil, nil, .int64(200)])
        #expect(attempts.map { $0.attributes["error.type"]?.toSpanAttribute() } == [.string("timeout"), .string("network(\"reset\")"), nil])
        #expect(attempts.map { $0.status?.code } == [.error, .error, nil])
        #expect(attempts.first?.attributes["url.path"]?.toSpanAttribute() == .string("/mvno/getTrafficInfo"), "never the query")
        let sent = transport.requests
        #expect(sent.count == 3)
        for (request, span) in zip(sent, attempts) {
            #expect(request.headers[InMemoryTracer.traceIDKey] == traced.root.traceID)
            #expect(request.headers[InMemoryTracer.spanIDKey] == span.spanID, "each attempt carries its own span")
        }
    }
}
