import Foundation
import GRPCCore
import PortalSandbox
import SalesforcePubSubAPI
import Testing

@Suite("Pub/Sub simulator: replay ids and retention")
struct PubSubReplayTests {
    static let corrupted = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted"

    enum BadReplayId: String, CaseIterable {
        case notEightBytes, notYetAssigned, empty
    }

    @Test(arguments: BadReplayId.allCases)
    func aCustomReplayIdThatIsNotOneOfTheTopicsIsCorrupted(_ bad: BadReplayId) async throws {
        try await PubSubHarness.with { pubSub async throws in
            let ids = try pubSub.publishOrders(2)
            let replayId: Data =
                switch bad {
                case .notEightBytes: Data([0, 0, 0, 1])
                case .notYetAssigned: Data([0, 0, 0, 0, 0, 0, 0, 9])
                case .empty: Data()
                }
            #expect(!ids.contains(replayId))
            let error = try await pubSub.subscribe(.fetch(.custom, replayId: replayId, requested: 5)) { stream async throws in await stream.failure()
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.salesforceErrorCode == Self.corrupted)
        }
    }

    @Test func aReplayIdOlderThanTheRetentionIsCorrupted() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.pubSubSettings.retention = .milliseconds(300)
            let old = try pubSub.publishOrders(2)
            try await Task.sleep(for: .milliseconds(400))
            let kept = try pubSub.publishOrders(1, from: 3)
            pubSub.sandbox.pubSubSettings.retention = .seconds(3600)
            let error = try await pubSub.subscribe(.fetch(.custom, replayId: old[0], requested: 5)) { stream async throws in await stream.failure() }
            #expect(error?.code == .invalidArgument)
            #expect(error?.salesforceErrorCode == Self.corrupted)
            let replayed = try await pubSub.subscribe(.fetch(.earliest, requested: 5)) { stream async throws in
                try await stream.events(1).map(\.replayID)
            }
            #expect(replayed == kept)
        }
    }

    @Test func theReplayIdOfTheLastEventOfAnExpiredTopicIsCorrupted() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.pubSubSettings.retention = .milliseconds(200)
            let ids = try pubSub.publishOrders(1)
            try await Task.sleep(for: .milliseconds(300))
            let error = try await pubSub.subscribe(.fetch(.custom, replayId: ids[0], requested: 5)) { stream async throws in await stream.failure() }
            #expect(error?.salesforceErrorCode == Self.corrupted)
        }
    }

    @Test func theNewestReplayIdOfAQuietTopicResumesWithNothingMissed() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let ids = try pubSub.publishOrders(2)
            let next = try await pubSub.subscribe(.fetch(.custom, replayId: ids[1], requested: 5)) { stream async throws in
                try await pubSub.untilSubscribed()
                let later = try pubSub.publishOrders(1, from: 3)
                #expect(try await stream.events(1).map(\.replayID) == later)
                return later
            }
            #expect(next.count == 1)
        }
    }
}
