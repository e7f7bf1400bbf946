import Domain
import Foundation
import MetricsTestKit
import PortalSalesforce
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

/// End to end over loopback sockets: signed in at the sandbox's token endpoint, subscribed in plaintext to
/// its Pub/Sub simulator, which reports how the client kept its requests topped up.
@Suite("Salesforce Pub/Sub subscriber against the sandbox's simulator")
struct PubSubSandboxTests {
    static let topic = Sandbox.orderProvisionTopic
    static let event = "OrderProvisionRequested__e"

    @Test func anEventPublishedAfterTheStoredReplayIdReachesTheSinkWithItsSchema() async throws {
        try await SandboxUnderTest.with(.socket) { reached in
            let sandbox = reached.sandbox
            let before = try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": "801000000000001AAA"])
            try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": "801000000000002AAA", "idemKey__c": "key-2"])
            let sink = RecordingEventSink(stored: [Self.topic: [UInt8](before)])
            try await Self.subscribe(reached, sink: sink) {
                try await eventually("the event after the stored one") { await !sink.events.isEmpty }
            }
            let events = await sink.events
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.schemaId == sandbox.pubSubSchemaId(of: Self.topic))
            let request = try Providers.Salesforce.provisionRequest(fromAvro: event.payload, schema: try AvroSchema.parse(event.schemaJSON))
            #expect(request.orderId.value == "801000000000002AAA")
            #expect(request.idempotencyKey == "key-2")
            #expect(sandbox.pubSubStreams.allSatisfy { $0.timesPendingReachedZero == 0 })
        }
    }

    @Test func aReplayIdTheSimulatorDoesNotRetainFallsBackToTheEarliestEvent() async throws {
        try await SandboxUnderTest.with(.socket) { reached in
            let sandbox = reached.sandbox
            for index in 1...2 { try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": .string("80100000000000\(index)AAA")]) }
            let unknown: [UInt8] = [0, 0, 0, 0, 0, 0, 0x30, 0x39]
            let sink = RecordingEventSink(stored: [Self.topic: unknown])
            try await Self.subscribe(reached, sink: sink) {
                try await eventually("both events") { await sink.events.count == 2 }
            }
            #expect(await sink.rejections.map(\.replayId) == [unknown])
        }
    }

    @Test func unavailableCallsAreRetriedUntilTheSimulatorAnswers() async throws {
        try await SandboxUnderTest.with(.socket) { reached in
            let sandbox = reached.sandbox
            var faults = PubSubFaults.State()
            faults.unavailableCalls = 3
            sandbox.pubSubFaults.current = faults
            let sink = RecordingEventSink()
            try await Self.subscribe(reached, sink: sink) {
                try await eventually("a subscription") { sandbox.pubSubStreams.contains { $0.isOpen && $0.topic == Self.topic } }
                try sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": "801000000000003AAA"])
                try await eventually("the event") { await !sink.events.isEmpty }
            }
            #expect(sandbox.pubSubFaults.current.unavailableCalls == 0)
        }
    }

    /// Runs a subscriber to the sandbox's simulator for the length of `body`.
    static func subscribe(_ reached: SandboxUnderTest, sink: RecordingEventSink, _ body: () async throws -> Void) async throws {
        let endpoint = reached.baseURLs.pubSub
        let settings = SalesforcePubSubSettings(
            host: endpoint.host,
            port: endpoint.port,
            tls: false,
            topics: [topic],
            backoffBase: .milliseconds(10),
            backoffMax: .milliseconds(40)
        )
        let logs = LogCapture()
        let orchestrator = SalesforceOrchestrator(
            credentials: SalesforceCredentials(
                loginURL: reached.baseURLs.salesforce,
                audience: Sandbox.salesforceAudience,
                clientId: Sandbox.salesforceClientId,
                username: Sandbox.salesforceUsername,
                privateKeyPEM: reached.sandbox.connectedAppPrivateKeyPEM
            ),
            caller: UpstreamCaller(system: "salesforce", transport: reached.transport, logger: logs.logger()),
            context: SalesforceMappingContext(),
            pricebookId: SandboxSeed.standardPricebookId
        )
        let subscriber = orchestrator.pubSubSubscriber(settings: settings, sink: sink, metrics: TestMetrics(), logger: logs.logger())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await subscriber.run() }
            try await body()
            group.cancelAll()
        }
    }
}
