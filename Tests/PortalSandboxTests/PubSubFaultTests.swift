import Domain
import Foundation
import GRPCCore
import PortalSandbox
import PortalUpstream
import SalesforcePubSubAPI
import TestSupport
import Testing

@Suite("Pub/Sub simulator: faults")
struct PubSubFaultTests {
    @Test func theNextCallsFailUnavailableThenCallsSucceedAgain() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.pubSubFaults.current.unavailableCalls = 2
            for _ in 0..<2 {
                let error = await #expect(throws: RPCError.self) { try await pubSub.topicInfo() }
                #expect(error?.code == .unavailable)
                #expect(error?.salesforceErrorCode == "sfdc.platform.eventbus.grpc.service.unavailable")
            }
            #expect(try await pubSub.topicInfo().topicName == PubSubHarness.topic)
        }
    }

    @Test func anUnavailableSubscribeFailsBeforeAnyResponse() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.pubSubFaults.current.unavailableCalls = 1
            let error = try await pubSub.subscribe(.fetch(requested: 5)) { stream async throws in await stream.failure() }
            #expect(error?.code == .unavailable)
        }
    }

    @Test func endingOpenStreamsFailsThemUnavailable() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = try await pubSub.subscribe(.fetch(requested: 5)) { stream async throws in
                try await pubSub.untilSubscribed()
                pubSub.sandbox.pubSubFaults.endOpenStreams()
                return await stream.failure()
            }
            #expect(error?.code == .unavailable)
            let later = try await pubSub.subscribe(.fetch(.earliest, requested: 5)) { stream async throws in
                try pubSub.publishOrders(1)
                return try await stream.events(1).count
            }
            #expect(later == 1)
        }
    }

    @Test func aSilentStreamSendsNothingUntilTheSilenceIsCleared() async throws {
        let sandbox = Sandbox()
        sandbox.pubSubSettings.keepaliveInterval = .milliseconds(100)
        sandbox.pubSubSettings.idleTimeout = .milliseconds(200)
        try await PubSubHarness.with(sandbox: sandbox) { pubSub async throws in
            try await pubSub.subscribe(.fetch(.earliest, requested: 5)) { stream async throws in
                try await pubSub.untilSubscribed()
                sandbox.pubSubFaults.current.silent = true
                try await eventually("the stream holds its silence") { sandbox.pubSubStreams.last?.isSilenced == true }
                while await stream.next(within: .milliseconds(500)) != nil {}
                try pubSub.publishOrders(2)
                stream.send(.more(0))
                #expect(await stream.next(within: .milliseconds(600)) == nil)
                sandbox.pubSubFaults.current.silent = false
                #expect(try await stream.events(2).count == 2)
            }
        }
    }

    @Test func aMalformedEventDoesNotDecodeAndTheNextOneDoes() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.pubSubFaults.current.malformedEvents = 1
            try pubSub.publishOrders(2)
            let events = try await pubSub.subscribe(.fetch(.earliest, requested: 5)) { stream async throws in try await stream.events(2) }
            let schema = try AvroSchema.parse(try await pubSub.schema(events[0].event.schemaID).schemaJson)
            #expect(throws: MappingError.self) { try AvroDecoder(schema: schema).decode(events[0].event.payload) }
            #expect(try AvroDecoder(schema: schema).decode(events[1].event.payload)["idemKey__c"]?.string == "key-2")
            #expect(pubSub.sandbox.pubSubFaults.current.malformedEvents == 0)
        }
    }

    @Test func aSchemaChangeGivesTheTopicANewSchemaThatLaterEventsUse() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let before = try await pubSub.topicInfo().schemaID
            try pubSub.publishOrders(1)
            let changed = try #require(pubSub.sandbox.pubSubFaults.changeSchema(of: "OrderProvisionRequested__e"))
            try pubSub.publishOrders(1, from: 2)
            #expect(changed != before)
            #expect(try await pubSub.topicInfo().schemaID == changed)
            let events = try await pubSub.subscribe(.fetch(.earliest, requested: 5)) { stream async throws in try await stream.events(2) }
            #expect(events.map(\.event.schemaID) == [before, changed])
            let newSchema = try AvroSchema.parse(try await pubSub.schema(changed).schemaJson)
            guard case .record(let record) = newSchema else { throw PubSubTestStream.NothingArrived() }
            #expect(record.fields.map(\.name) == ["CreatedDate", "CreatedById", "idemKey__c", "channel__c", "orderId__c"])
            let value = try AvroDecoder(schema: newSchema).decode(events[1].event.payload)
            #expect(value["orderId__c"]?.string == "8010000000002AAA")
            #expect(value["channel__c"]?.isNull == true)
            #expect(try await pubSub.schema(before).schemaID == before)
            #expect(pubSub.sandbox.pubSubFaults.changeSchema(of: "OrderProvisionRequested__e") == nil)
        }
    }

    @Test func faultsAreSetAndClearedThroughTheControlRoute() async throws {
        let sandbox = Sandbox()
        let transport = TestSupport.InProcessTransport(sandbox: sandbox)
        let url = URL(string: "http://sandbox.invalid/_control/salesforce/pubsub/faults")!
        let set = try await transport.send(
            UpstreamRequest(
                method: "POST",
                url: url,
                body: Data(#"{"unavailableCalls":3,"silent":true,"malformedEvents":2,"schemaChange":true}"#.utf8)
            )
        )
        #expect(set.status == 200)
        #expect(sandbox.pubSubFaults.current.unavailableCalls == 3)
        #expect(sandbox.pubSubFaults.current.silent)
        #expect(sandbox.pubSubFaults.current.malformedEvents == 2)
        #expect(try set.json["schemaId"]?.text == sandbox.pubSubSchemaId(of: PubSubHarness.topic))
        let cleared = try await transport.send(UpstreamRequest(method: "POST", url: url, body: Data(#"{"clear":true}"#.utf8)))
        #expect(cleared.status == 200)
        #expect(sandbox.pubSubFaults.current == PubSubFaults.State())
        let again = try await transport.send(
            UpstreamRequest(method: "POST", url: url, body: Data(#"{"schemaChange":"OrderProvisionRequested__e"}"#.utf8))
        )
        #expect(again.status == 409)
    }

    @Test func settingsAreSetThroughTheControlRoute() async throws {
        let sandbox = Sandbox()
        let answer = try await TestSupport.InProcessTransport(sandbox: sandbox).send(
            UpstreamRequest(
                method: "PUT",
                url: URL(string: "http://sandbox.invalid/_control/salesforce/pubsub/settings")!,
                body: Data(#"{"keepaliveIntervalMs":1500,"retentionMs":60000}"#.utf8)
            )
        )
        #expect(answer.status == 200)
        #expect(sandbox.pubSubSettings.keepaliveInterval == .milliseconds(1500))
        #expect(sandbox.pubSubSettings.retention == .seconds(60))
        #expect(sandbox.pubSubSettings.idleTimeout == .seconds(60))
    }
}
