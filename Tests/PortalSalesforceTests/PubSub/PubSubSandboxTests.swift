import Domain
import Foundation
import MetricsTestKit
import PortalSalesforce
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@Suite("Salesforce Pub/Sub subscriber against the sandbox's simulator")
struct PubSubSandboxTests {
    /// End to end over loopback sockets: signed in at the sandbox's token endpoint, subscribed to its
    /// Pub/Sub simulator in plaintext, resuming after a stored replay id.
    @Test func anEventPublishedAfterTheStoredReplayIdReachesTheSinkWithItsSchema() async throws {
        try await SandboxUnderTest.with(.socket) { reached in
            let sandbox = reached.sandbox
            let topic = Sandbox.orderProvisionTopic
            let before = try sandbox.publishPlatformEvent("OrderProvisionRequested__e", fields: ["orderId__c": "801000000000001AAA"])
            try sandbox.publishPlatformEvent("OrderProvisionRequested__e", fields: ["orderId__c": "801000000000002AAA", "idemKey__c": "key-2"])
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
                    privateKeyPEM: sandbox.connectedAppPrivateKeyPEM
                ),
                caller: UpstreamCaller(system: "salesforce", transport: reached.transport, logger: logs.logger()),
                context: SalesforceMappingContext(),
                pricebookId: SandboxSeed.standardPricebookId
            )
            let sink = RecordingEventSink(stored: [topic: [UInt8](before)])
            let subscriber = orchestrator.pubSubSubscriber(settings: settings, sink: sink, metrics: TestMetrics(), logger: logs.logger())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await subscriber.run() }
                try await eventually("the event after the stored one") { await !sink.events.isEmpty }
                group.cancelAll()
            }
            let events = await sink.events
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.schemaId == sandbox.pubSubSchemaId(of: topic))
            let request = try Providers.Salesforce.provisionRequest(fromAvro: event.payload, schema: try AvroSchema.parse(event.schemaJSON))
            #expect(request.orderId.value == "801000000000002AAA")
            #expect(request.idempotencyKey == "key-2")
        }
    }
}
