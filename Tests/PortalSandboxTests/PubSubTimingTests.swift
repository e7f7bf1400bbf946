import Foundation
import GRPCCore
import PortalSandbox
import SalesforcePubSubAPI
import TestSupport
import Testing

@Suite("Pub/Sub simulator: keepalives, idle close and requests running dry")
struct PubSubTimingTests {
    static func sandbox(keepalive: Duration = .seconds(270), idle: Duration = .seconds(60)) -> Sandbox {
        let sandbox = Sandbox()
        sandbox.pubSubSettings.keepaliveInterval = keepalive
        sandbox.pubSubSettings.idleTimeout = idle
        return sandbox
    }

    @Test func aStreamWithRequestsPendingGetsKeepalivesCarryingTheNewestReplayId() async throws {
        try await PubSubHarness.with(sandbox: Self.sandbox(keepalive: .milliseconds(200))) { pubSub async throws in
            let ids = try pubSub.publishOrders(2)
            // Measured from before the stream opens: a loaded machine can only delay the keepalives, so two of
            // them can never come sooner than two intervals.
            let opened = ContinuousClock.now
            try await pubSub.subscribe(.fetch(.latest, requested: 10)) { stream async throws in
                let keepalive = try await stream.response(within: .seconds(2))
                #expect(keepalive.events.isEmpty)
                #expect(keepalive.latestReplayID == ids[1])
                #expect(keepalive.pendingNumRequested == 10)
                #expect(try await stream.response(within: .seconds(2)).events.isEmpty)
                #expect(ContinuousClock.now - opened >= .milliseconds(400))
            }
        }
    }

    @Test func noKeepaliveComesBeforeTheInterval() async throws {
        try await PubSubHarness.with(sandbox: Self.sandbox(keepalive: .seconds(30))) { pubSub async throws in
            try await pubSub.subscribe(.fetch(.latest, requested: 10)) { stream async throws in
                #expect(await stream.next(within: .milliseconds(500)) == nil)
            }
        }
    }

    @Test func aStreamWithNothingPendingIsClosedAfterTheIdleTimeoutAndRanDry() async throws {
        try await PubSubHarness.with(sandbox: Self.sandbox(idle: .milliseconds(300))) { pubSub async throws in
            try pubSub.publishOrders(2)
            let error = try await pubSub.subscribe(.fetch(.earliest, requested: 2)) { stream async throws in
                #expect(try await stream.events(2).count == 2)
                return await stream.failure(within: .seconds(3))
            }
            #expect(error?.code == .unavailable)
            let report = try await pubSub.lastClosedStream()
            #expect(report.ranDry)
            #expect(report.ending == "idle")
            #expect(report.timesPendingReachedZero == 1)
            #expect(pubSub.sandbox.pubSubStreamsThatRanDry.map(\.id) == [report.id])
        }
    }

    @Test func aClientThatTopsUpInTimeNeverRunsDry() async throws {
        try await PubSubHarness.with(sandbox: Self.sandbox(idle: .milliseconds(1500))) { pubSub async throws in
            try await pubSub.subscribe(.fetch(.earliest, requested: 3)) { stream async throws in
                for round in 0..<4 {
                    try pubSub.publishOrders(2, from: round * 2 + 1)
                    let events = try await stream.events(2)
                    stream.send(.more(Int32(events.count)))
                    // The next events are published only once the simulator has the top-up, as a client's
                    // would be in flight while it works: a loaded machine must not make this test run dry.
                    try await eventually("the top-up of round \(round) taken in") {
                        pubSub.sandbox.pubSubStreams.last?.fetchRequestsReceived == round + 2
                    }
                }
            }
            let report = try await pubSub.lastClosedStream()
            #expect(!report.ranDry)
            #expect(report.timesPendingReachedZero == 0)
            #expect(report.eventsDelivered == 8)
            #expect(report.ending == "client")
            #expect(pubSub.sandbox.pubSubStreamsThatRanDry.isEmpty)
        }
    }

    @Test func aFirstRequestForNothingCountsAsReachingZero() async throws {
        try await PubSubHarness.with(sandbox: Self.sandbox(idle: .milliseconds(200))) { pubSub async throws in
            let error = try await pubSub.subscribe(.fetch(.latest, requested: 0)) { stream async throws in await stream.failure(within: .seconds(3)) }
            #expect(error?.code == .unavailable)
            let report = try await pubSub.lastClosedStream()
            #expect(report.timesPendingReachedZero == 1)
            #expect(report.ranDry)
        }
    }
}
