import Domain
import Foundation
import GRPCCore
import PortalSandbox
import PortalUpstream
import SalesforcePubSubAPI
import TestSupport
import Testing

@Suite("Pub/Sub simulator: publishing, through the control route and the Publish RPC")
struct PubSubPublishTests {
    static func post(_ sandbox: Sandbox, _ path: String, _ json: String) async throws -> UpstreamResponse {
        try await TestSupport.InProcessTransport(sandbox: sandbox).send(
            UpstreamRequest(
                method: "POST",
                url: URL(string: "http://sandbox.invalid\(path)")!,
                headers: ["Content-Type": "application/json"],
                body: Data(json.utf8)
            )
        )
    }

    @Test func anEventPublishedThroughTheControlRouteDecodesWithTheTopicsSchema() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            let answer = try await Self.post(
                pubSub.sandbox,
                "/_control/salesforce/events/OrderProvisionRequested__e",
                #"{"orderId__c":"8015g00000ABCDEAAA","idemKey__c":"idem-1"}"#
            )
            #expect(answer.status == 200)
            let text = try #require(try answer.json["replayId"]?.text)
            let replayId = try #require(Data(base64Encoded: text))
            let event = try await pubSub.subscribe(.fetch(.earliest, requested: 1)) { stream async throws in try await stream.events(1)[0] }
            #expect(event.replayID == replayId)
            let schema = try await pubSub.schema(event.event.schemaID)
            let value = try AvroDecoder(schema: try AvroSchema.parse(schema.schemaJson)).decode(event.event.payload)
            #expect(value["orderId__c"]?.string == "8015g00000ABCDEAAA")
            #expect(value["idemKey__c"]?.string == "idem-1")
            #expect(value["CreatedById"]?.string == Sandbox.salesforceIntegrationUserId)
            let created = try #require(value["CreatedDate"]?.int64)
            #expect(created >= before && created <= Int64(Date().timeIntervalSince1970 * 1000))
            #expect(!event.event.id.isEmpty)
        }
    }

    @Test func givenCreatedFieldsAreKeptAndOmittedOptionalOnesAreNull() async throws {
        try await PubSubHarness.with { pubSub async throws in
            try pubSub.sandbox.publishPlatformEvent(
                "OrderProvisionRequested__e",
                fields: ["orderId__c": "8015g00000ABCDEAAA", "CreatedDate": 1_700_000_000_000, "CreatedById": "005OTHER"]
            )
            let event = try await pubSub.subscribe(.fetch(.earliest, requested: 1)) { stream async throws in try await stream.events(1)[0] }
            let schema = try AvroSchema.parse(try await pubSub.schema(event.event.schemaID).schemaJson)
            let value = try AvroDecoder(schema: schema).decode(event.event.payload)
            #expect(value["CreatedDate"]?.int64 == 1_700_000_000_000)
            #expect(value["CreatedById"]?.string == "005OTHER")
            #expect(value["idemKey__c"]?.isNull == true)
        }
    }

    @Test func anUnknownEventIsNotFound() async throws {
        let answer = try await Self.post(Sandbox(), "/_control/salesforce/events/Nothing__e", #"{"orderId__c":"x"}"#)
        #expect(answer.status == 404)
    }

    @Test(arguments: [
        (#"{"orderId__c":"x","color__c":"red"}"#, "color__c"),
        (#"{"orderId__c":42}"#, "orderId__c"),
        (#"{"CreatedDate":"yesterday"}"#, "CreatedDate"),
    ])
    func aFieldTheSchemaLacksOrAValueOfTheWrongTypeIsRefusedByName(_ body: String, _ field: String) async throws {
        let sandbox = Sandbox()
        let answer = try await Self.post(sandbox, "/_control/salesforce/events/OrderProvisionRequested__e", body)
        #expect(answer.status == 400)
        #expect(try answer.json["field"]?.text == field)
        #expect(sandbox.pubSubStreams.isEmpty)
    }

    @Test func aBodyThatIsNotAnObjectIsRefused() async throws {
        let answer = try await Self.post(Sandbox(), "/_control/salesforce/events/OrderProvisionRequested__e", "[1,2]")
        #expect(answer.status == 400)
    }

    @Test func thePublishRPCStoresEventsAsTheyAreAndAnswersAReplayIdPerEvent() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let schemaId = try await pubSub.topicInfo().schemaID
            let schema = try AvroSchema.parse(try await pubSub.schema(schemaId).schemaJson)
            let payload = try AvroEncoder(schema: schema).encode(
                .record([
                    .init("CreatedDate", .long(1_700_000_000_000)), .init("CreatedById", .string("005X")),
                    .init("orderId__c", .union(branch: 1, value: .string("801A"))), .init("idemKey__c", .union(branch: 0, value: .null)),
                ])
            )
            let published = try await pubSub.publish(payload: Data(payload), schemaId: schemaId, id: "corr-1")
            #expect(published.results.count == 1)
            #expect(published.results[0].correlationKey == "corr-1")
            #expect(published.results[0].replayID.count == 8)
            #expect(published.schemaID == schemaId)
            let event = try await pubSub.subscribe(.fetch(.earliest, requested: 1)) { stream async throws in try await stream.events(1)[0] }
            #expect(event.replayID == published.results[0].replayID)
            #expect(event.event.payload == Data(payload))
            #expect(event.event.id == "corr-1")
        }
    }

    @Test func thePublishRPCDoesNotValidatePayloadsLikeSalesforce() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let published = try await pubSub.publish(payload: Data([0xFF]), schemaId: "whatever")
            #expect(published.results.first?.hasError == false)
            #expect(published.results.first?.replayID.count == 8)
        }
    }

    @Test func publishingToAnUnknownTopicIsNotFound() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = await #expect(throws: RPCError.self) {
                try await pubSub.publish(payload: Data(), schemaId: "x", topic: "/event/Nothing__e")
            }
            #expect(error?.code == .notFound)
        }
    }
}
