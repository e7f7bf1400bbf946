import GRPCCore
import GRPCNIOTransportHTTP2
import MetricsTestKit
import PortalSalesforce
import TestSupport
import Testing

@Suite("Salesforce Pub/Sub subscriber over a loopback socket")
struct PubSubLoopbackTests {
    /// The production transport (HTTP/2 over NIO, keepalive pings on), in plaintext as for the simulator.
    @Test func theSubscriberReceivesEventsFromAServerOnALoopbackPort() async throws {
        let server = ScriptedPubSubServer([
            { stream in
                try await stream.next()
                try await stream.send([ScriptedPubSubServer.event("e1", replay: 1)])
                try await stream.holdOpen()
            }
        ])
        let listener = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        try await withGRPCServer(transport: listener, services: [server]) { grpcServer in
            let port = try #require(try await grpcServer.listeningAddress?.ipv4?.port)
            var settings = PubSubHarness.settings
            settings.host = "127.0.0.1"
            settings.port = port
            settings.tls = false
            let sink = RecordingEventSink()
            let logs = LogCapture()
            let subscriber = PubSubHarness.orchestrator(tokens: TokenEndpointFake(), logs: logs)
                .pubSubSubscriber(settings: settings, sink: sink, metrics: TestMetrics(), logger: logs.logger())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await subscriber.run() }
                try await eventually("an event over the socket") { await !sink.events.isEmpty }
                group.cancelAll()
            }
            #expect(await sink.events.map(\.eventId) == ["e1"])
            #expect(server.subscriptions.first?.metadata["tenantid"] == TokenEndpointFake.orgId)
        }
    }
}
