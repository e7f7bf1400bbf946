import Domain
import Foundation
import GRPCCore
import PortalSandbox
import SalesforcePubSubAPI
import Testing

@Suite("Pub/Sub simulator: Subscribe, replay presets and flow control")
struct PubSubSubscribeTests {
    static func counter(_ replayId: Data) -> UInt64 {
        replayId.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func idemKey(_ event: Eventbus_V1_ConsumerEvent, schema: AvroSchema) throws -> String? {
        try AvroDecoder(schema: schema).decode(event.event.payload)["idemKey__c"]?.string
    }

    @Test(arguments: PubSubHarness.Reach.allCases)
    func latestDeliversOnlyEventsPublishedAfterSubscribing(_ reach: PubSubHarness.Reach) async throws {
        try await PubSubHarness.with(reach) { pubSub async throws in
            try pubSub.publishOrders(2)
            let schema = try AvroSchema.parse(try await pubSub.schema(try await pubSub.topicInfo().schemaID).schemaJson)
            let keys = try await pubSub.subscribe(.fetch(.latest, requested: 10)) { stream async throws in
                try await pubSub.untilSubscribed()
                try pubSub.publishOrders(1, from: 3)
                return try await stream.events(1).map { try Self.idemKey($0, schema: schema) }
            }
            #expect(keys == ["key-3"])
        }
    }

    @Test func earliestDeliversEveryRetainedEventInOrder() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let ids = try pubSub.publishOrders(3)
            let received = try await pubSub.subscribe(.fetch(.earliest, requested: 10)) { stream async throws in
                try await stream.events(3).map(\.replayID)
            }
            #expect(received == ids)
            #expect(ids.allSatisfy { $0.count == 8 })
            #expect(ids.map(Self.counter) == [1, 2, 3])
        }
    }

    @Test func customStartsAfterTheGivenReplayId() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let ids = try pubSub.publishOrders(4)
            let received = try await pubSub.subscribe(.fetch(.custom, replayId: ids[1], requested: 10)) { stream async throws in
                try await stream.events(2).map(\.replayID)
            }
            #expect(received == Array(ids[2...]))
        }
    }

    @Test func neverMoreEventsThanRequestedAndPendingIsReported() async throws {
        try await PubSubHarness.with { pubSub async throws in
            try pubSub.publishOrders(5)
            try await pubSub.subscribe(.fetch(.earliest, requested: 2)) { stream async throws in
                let first = try await stream.response()
                #expect(first.events.count == 2)
                #expect(first.pendingNumRequested == 0)
                #expect(await stream.next(within: .milliseconds(300)) == nil)
                stream.send(.more(1))
                let second = try await stream.response()
                #expect(second.events.count == 1)
                #expect(second.pendingNumRequested == 0)
                stream.send(.more(10))
                let third = try await stream.response()
                #expect(third.events.count == 2)
                #expect(third.pendingNumRequested == 8)
                #expect(Self.counter(third.latestReplayID) == 5)
            }
        }
    }

    @Test func moreThanOneHundredOutstandingIsSilentlyCapped() async throws {
        try await PubSubHarness.with { pubSub async throws in
            try await pubSub.subscribe(.fetch(.earliest, requested: 80)) { stream async throws in
                stream.send(.more(80))
                try await pubSub.untilSubscribed()
                try await Task.sleep(for: .milliseconds(50))
                try pubSub.publishOrders(150)
                let events = try await stream.events(100)
                #expect(events.count == 100)
                #expect(await stream.next(within: .milliseconds(300)) == nil)
            }
        }
    }

    @Test func aLaterRequestNamingAnotherTopicIsAnInvalidArgument() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = try await pubSub.subscribe(.fetch(requested: 5)) { stream async throws in
                stream.send(.more(5, topic: "/event/Other__e"))
                return await stream.failure()
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func aLaterRequestNamingTheSameTopicAddsRequests() async throws {
        try await PubSubHarness.with { pubSub async throws in
            try pubSub.publishOrders(3)
            let count = try await pubSub.subscribe(.fetch(.earliest, requested: 1)) { stream async throws in
                stream.send(.more(2, topic: PubSubHarness.topic))
                return try await stream.events(3).count
            }
            #expect(count == 3)
        }
    }

    @Test func subscribingToAnUnknownTopicIsNotFound() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let error = try await pubSub.subscribe(.fetch(topic: "/event/Nothing__e", requested: 5)) { stream async throws in await stream.failure() }
            #expect(error?.code == .notFound)
        }
    }
}
