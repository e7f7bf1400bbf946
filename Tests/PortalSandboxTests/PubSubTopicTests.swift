import Domain
import GRPCCore
import PortalSandbox
import SalesforcePubSubAPI
import Testing

@Suite("Pub/Sub simulator: GetTopic and GetSchema")
struct PubSubTopicTests {
    @Test func theProvisioningTopicNamesItsSchemaAndCanBeUsed() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let topic = try await pubSub.topicInfo()
            #expect(topic.topicName == PubSubHarness.topic)
            #expect(topic.canSubscribe && topic.canPublish)
            #expect(topic.schemaID.count == 22)
            #expect(!topic.rpcID.isEmpty)
        }
    }

    @Test func theSchemaOfTheTopicIsTheProvisioningEventsRecord() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let info = try await pubSub.schema(try await pubSub.topicInfo().schemaID)
            guard case .record(let record) = try AvroSchema.parse(info.schemaJson) else {
                Issue.record("not a record: \(info.schemaJson)")
                return
            }
            #expect(record.name.fullName == "com.sforce.eventbus.OrderProvisionRequested__e")
            #expect(record.fields.map(\.name) == ["CreatedDate", "CreatedById", "orderId__c", "idemKey__c"])
            #expect(record.fields.first?.type == .long)
            #expect(record.fields.last?.type == .union([.null, .string]))
        }
    }

    @Test func theSchemaIdIsAFingerprintOfTheSchemaJSON() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let id = try await pubSub.topicInfo().schemaID
            let info = try await pubSub.schema(id)
            #expect(info.schemaID == id)
            let other = Sandbox()
            #expect(other.pubSubSchemaId(of: PubSubHarness.topic) == id)
            #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    @Test func anUnknownTopicIsNotFound() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = await #expect(throws: RPCError.self) { try await pubSub.topicInfo("/event/Nothing__e") }
            #expect(error?.code == .notFound)
        }
    }

    @Test func anUnknownSchemaIdIsNotFound() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = await #expect(throws: RPCError.self) { try await pubSub.schema("no-such-schema") }
            #expect(error?.code == .notFound)
        }
    }
}
