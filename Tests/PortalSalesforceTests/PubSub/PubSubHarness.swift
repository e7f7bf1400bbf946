import Domain
import Foundation
import GRPCCore
import GRPCInProcessTransport
import Logging
import MetricsTestKit
import PortalSandbox
import PortalUpstream
import TestSupport

@testable import PortalSalesforce

/// A subscriber signed in through `TokenEndpointFake`, connected in process to a scripted server, running
/// for the length of `body`.
struct PubSubHarness {
    static let topic = "/event/OrderProvisionRequested__e"
    /// Short enough that backoff and the watchdog cost a test little time.
    static let settings = SalesforcePubSubSettings(
        topics: [topic],
        watchdog: .seconds(5),
        backoffBase: .milliseconds(10),
        backoffMax: .milliseconds(40),
        callTimeout: .seconds(5)
    )
    /// One key pair for every test: making one costs a noticeable fraction of a second.
    static let privateKeyPEM = Sandbox().connectedAppPrivateKeyPEM

    let server: ScriptedPubSubServer
    let sink: RecordingEventSink
    let tokens: TokenEndpointFake
    let metrics: TestMetrics
    let subscriber: SalesforcePubSubSubscriber
    let logs: LogCapture

    static func run(
        settings: SalesforcePubSubSettings = settings,
        server: ScriptedPubSubServer = ScriptedPubSubServer(),
        sink: RecordingEventSink = RecordingEventSink(),
        jitter: (@Sendable () -> Double)? = nil,
        _ body: (PubSubHarness) async throws -> Void
    ) async throws {
        let transport = GRPCInProcessTransport.InProcessTransport()
        let tokens = TokenEndpointFake()
        let logs = LogCapture()
        let orchestrator = orchestrator(tokens: tokens, logs: logs)
        let metrics = TestMetrics()
        let subscriber: SalesforcePubSubSubscriber
        if let jitter {
            let client = transport.client
            subscriber = SalesforcePubSubSubscriber(
                settings: settings,
                session: orchestrator.connection.session,
                sink: sink,
                metrics: metrics,
                logger: logs.logger(),
                transport: { client },
                random: jitter
            )
        } else {
            subscriber = orchestrator.pubSubSubscriber(
                settings: settings,
                sink: sink,
                transport: transport.client,
                metrics: metrics,
                logger: logs.logger()
            )
        }
        let harness = PubSubHarness(server: server, sink: sink, tokens: tokens, metrics: metrics, subscriber: subscriber, logs: logs)
        try await withGRPCServer(transport: transport.server, services: [server]) { _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await subscriber.run() }
                try await body(harness)
                group.cancelAll()
            }
        }
    }

    /// An orchestrator signed in through `tokens`.
    static func orchestrator(tokens: TokenEndpointFake, logs: LogCapture) -> SalesforceOrchestrator {
        SalesforceOrchestrator(
            credentials: SalesforceCredentials(
                loginURL: URL(string: "https://login.salesforce.com")!,
                audience: "https://login.salesforce.com",
                clientId: "client",
                username: "integration@example.com",
                privateKeyPEM: privateKeyPEM
            ),
            caller: UpstreamCaller(system: "salesforce", transport: tokens, logger: logs.logger()),
            context: SalesforceMappingContext(),
            pricebookId: SandboxSeed.standardPricebookId
        )
    }

    func connects(_ cause: String) -> Int64 {
        let counters = metrics.counters(
            label: "portal_pubsub_stream_connects_total",
            dimensions: [("topic", Self.topic), ("cause", cause)]
        )
        return counters.map(\.totalValue).reduce(0, +)
    }

    func counter(_ label: String) -> Int64 {
        metrics.counters(label: label, dimensions: [("topic", Self.topic)]).map(\.totalValue).reduce(0, +)
    }
}
