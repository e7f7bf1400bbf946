import Foundation
import GRPCCore
import SalesforcePubSubAPI
import TestSupport
import Testing

@testable import PortalSalesforce

@Suite("Salesforce Pub/Sub subscriber against a scripted server")
struct SalesforcePubSubSubscriberTests {
    typealias Server = ScriptedPubSubServer
    let topic = PubSubHarness.topic

    @Test func theFirstRequestAsksForTheBatchAndEveryTopUpRestoresIt() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send((1...30).map { Server.event("a\($0)", replay: UInt64($0)) })
                try await stream.next()
                try await stream.sendKeepalive(latestReplayId: Server.replayId(30))
                try await stream.send((31...90).map { Server.event("b\($0)", replay: UInt64($0)) })
                try await stream.next()
                try await stream.holdOpen()
            }
        ])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("three fetch requests") { (server.subscriptions.first?.requests.count ?? 0) >= 3 }
            let subscription = try #require(server.subscriptions.first)
            #expect(subscription.requests.map(\.numRequested) == [100, 30, 60])
            #expect(subscription.pendingAfterRequests.allSatisfy { $0 == 100 })
            #expect(subscription.requests.allSatisfy { $0.topicName == topic })
        }
    }

    @Test func theTopUpIsSentBeforeTheBatchIsHandled() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send((1...40).map { Server.event("a\($0)", replay: UInt64($0)) })
                try await stream.holdOpen()
            }
        ])
        let sink = RecordingEventSink()
        await sink.delayReceive(by: .seconds(60))
        try await PubSubHarness.run(server: server, sink: sink) { harness in
            try await eventually("the top-up") { (server.subscriptions.first?.requests.count ?? 0) >= 2 }
            #expect(server.subscriptions.first?.requests.last?.numRequested == 40)
            #expect(await harness.sink.events.isEmpty)
        }
    }

    @Test func aStoredReplayIdResumesTheStreamAfterIt() async throws {
        let stored = Server.replayId(4711)
        let server = Server()
        try await PubSubHarness.run(server: server, sink: RecordingEventSink(stored: [topic: stored])) { _ in
            try await eventually("a subscription") { server.subscriptions.first?.first != nil }
            let first = try #require(server.subscriptions.first?.first)
            #expect(first.replayPreset == .custom)
            #expect([UInt8](first.replayID) == stored)
        }
    }

    @Test func withNoStoredReplayIdTheStreamStartsAtLatest() async throws {
        let server = Server()
        try await PubSubHarness.run(server: server) { _ in
            try await eventually("a subscription") { server.subscriptions.first?.first != nil }
            let first = try #require(server.subscriptions.first?.first)
            #expect(first.replayPreset == .latest)
            #expect(first.replayID.isEmpty)
        }
    }

    @Test func eventsReachTheSinkWithTheirFieldsAndAreCounted() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send([Server.event("e1", replay: 7, payload: [0, 2, 0x62])])
                try await stream.holdOpen()
            }
        ])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("an event") { await !harness.sink.events.isEmpty }
            let event = try #require(await harness.sink.events.first)
            #expect(event.eventId == "e1")
            #expect(event.schemaId == "schema-1")
            #expect(event.payload == [0, 2, 0x62])
            #expect(event.replayId == Server.replayId(7))
            #expect(event.headers == [ReceivedPlatformEvent.Header(key: "sfdc:origin", value: Array("test".utf8))])
            #expect(await harness.sink.stored[topic] == Server.replayId(7))
            #expect(harness.counter("portal_pubsub_events_received_total") == 1)
        }
    }

    @Test func eachSchemaIsFetchedOnceAndGivenWithEveryEventOfIt() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send([
                    Server.event("e1", schemaId: "schema-1", replay: 1), Server.event("e2", schemaId: "schema-1", replay: 2),
                    Server.event("e3", schemaId: "schema-2", replay: 3),
                ])
                try await stream.send([Server.event("e4", schemaId: "schema-2", replay: 4), Server.event("e5", schemaId: "schema-1", replay: 5)])
                try await stream.holdOpen()
            }
        ])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("five events") { await harness.sink.events.count == 5 }
            #expect(server.schemaRequests.sorted() == ["schema-1", "schema-2"])
            for event in await harness.sink.events {
                #expect(event.schemaJSON == Server.schemaJSON(of: event.schemaId))
            }
        }
    }

    @Test func everyCallCarriesTheAccessTokenTheInstanceAndTheOrgIdOfTheIdentityURL() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send([Server.event("e1", replay: 1)])
                try await stream.holdOpen()
            }
        ])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("an event") { await !harness.sink.events.isEmpty }
            let expected = ["accesstoken": "token-1", "instanceurl": TokenEndpointFake.instanceURL, "tenantid": TokenEndpointFake.orgId]
            #expect(server.topicRequests.first == expected)
            #expect(server.subscriptions.first?.metadata == expected)
        }
    }

    @Test func aRefusedTokenIsReplacedAndTheStreamOpenedAgainAtOnce() async throws {
        let server = Server([{ _ in throw Server.authenticationError() }])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("a second subscription") { server.subscriptions.count >= 2 }
            #expect(server.subscriptions.map { $0.metadata["accesstoken"] } == ["token-1", "token-2"])
            #expect(harness.tokens.grantCount == 2)
            #expect(harness.connects("reauth") == 1)
        }
    }

    @Test func aTokenRefusedAgainAndAgainIsRetriedWithBackoffOnceTheImmediateAttemptsAreSpent() async throws {
        let server = Server()
        for number in 1...3 { server.refuse(token: "token-\(number)") }
        var settings = PubSubHarness.settings
        settings.immediateReauthentications = 2
        settings.backoffBase = .seconds(30)
        settings.backoffMax = .seconds(30)
        try await PubSubHarness.run(settings: settings, server: server, jitter: { 1 }) { harness in
            try await eventually("a backoff") {
                if case .backingOff(_, .authentication) = harness.subscriber.state(of: topic) { return true }
                return false
            }
            #expect(harness.tokens.grantCount == 3)
        }
    }

    @Test func aCorruptedReplayIdIsReportedOnceAndNeverUsedAgain() async throws {
        let refused = Server.replayId(99)
        let server = Server([
            { stream in
                try await stream.next()
                throw Server.replayIdCorrupted()
            },
            { stream in
                try await stream.next()
                throw Server.unavailable()
            },
        ])
        try await PubSubHarness.run(server: server, sink: RecordingEventSink(stored: [topic: refused])) { harness in
            try await eventually("a third subscription") { server.subscriptions.count >= 3 && server.subscriptions[2].first != nil }
            let starts = server.subscriptions.compactMap(\.first)
            #expect(starts.map(\.replayPreset) == [.custom, .earliest, .earliest])
            #expect(starts.dropFirst().allSatisfy { $0.replayID.isEmpty })
            #expect(await harness.sink.rejections == [.init(topic: topic, replayId: refused, fallback: .earliest)])
            #expect(harness.counter("portal_pubsub_replay_fallbacks_total") == 1)
            #expect(harness.connects("replay_fallback") == 1)
        }
    }

    @Test func theFallbackCanBeLatest() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                throw Server.replayIdCorrupted()
            }
        ])
        var settings = PubSubHarness.settings
        settings.replayFallback = .latest
        try await PubSubHarness.run(settings: settings, server: server, sink: RecordingEventSink(stored: [topic: Server.replayId(5)])) {
            harness in
            try await eventually("a second subscription") { server.subscriptions.count >= 2 && server.subscriptions[1].first != nil }
            #expect(server.subscriptions[1].first?.replayPreset == .latest)
            #expect(await harness.sink.rejections.map(\.fallback) == [.latest])
        }
    }

    @Test func unavailableBacksOffForTheBackoffDelayThenSubscribesAgain() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                throw Server.unavailable()
            }
        ])
        var settings = PubSubHarness.settings
        settings.backoffBase = .milliseconds(400)
        settings.backoffMax = .milliseconds(400)
        try await PubSubHarness.run(settings: settings, server: server, jitter: { 1 }) { harness in
            var until: Date?
            try await eventually("a backoff") {
                if case .backingOff(let end, .unavailable) = harness.subscriber.state(of: topic) { until = end }
                return until != nil
            }
            #expect(server.subscriptions.count == 1)
            try await eventually("a second subscription") { server.subscriptions.count >= 2 }
            let backoffEnd = try #require(until)
            #expect(Date() >= backoffEnd)
            #expect(harness.connects("reconnect_unavailable") == 1)
        }
    }

    @Test func aSilentStreamIsCancelledAndSubscribedAgainByTheWatchdog() async throws {
        let server = Server()
        var settings = PubSubHarness.settings
        settings.watchdog = .milliseconds(300)
        try await PubSubHarness.run(settings: settings, server: server) { harness in
            let started = ContinuousClock.now
            try await eventually("a second subscription") { server.subscriptions.count >= 2 }
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(harness.connects("watchdog") >= 1)
        }
    }

    @Test func timeTheSinkTakesDoesNotCountAsSilence() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send([Server.event("slow", replay: 1)])
                try await stream.holdOpen()
            }
        ])
        var settings = PubSubHarness.settings
        settings.watchdog = .seconds(2)
        let sink = RecordingEventSink()
        await sink.delayReceive(by: .seconds(3))
        try await PubSubHarness.run(settings: settings, server: server, sink: sink) { harness in
            try await eventually("the slow event") { await !harness.sink.events.isEmpty }
            #expect(server.subscriptions.count == 1)
            #expect(harness.connects("watchdog") == 0)
        }
    }

    @Test func aSinkFailureSubscribesAgainFromTheLastStoredReplayId() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.send([Server.event("e1", replay: 11), Server.event("e2", replay: 12)])
                try await stream.holdOpen()
            },
            { stream in
                try await stream.next()
                try await stream.send([Server.event("e2", replay: 12)])
                try await stream.holdOpen()
            },
        ])
        let sink = RecordingEventSink()
        await sink.failOnce(eventId: "e2")
        try await PubSubHarness.run(server: server, sink: sink) { harness in
            try await eventually("both events") { await harness.sink.events.count == 2 }
            let second = try #require(server.subscriptions.dropFirst().first?.first)
            #expect(second.replayPreset == .custom)
            #expect([UInt8](second.replayID) == Server.replayId(11))
            #expect(await harness.sink.events.map(\.eventId) == ["e1", "e2"])
            #expect(harness.connects("sink_error") == 1)
        }
    }

    @Test func aKeepaliveHandsItsLatestReplayIdToTheSink() async throws {
        let server = Server([
            { stream in
                try await stream.next()
                try await stream.sendKeepalive(latestReplayId: Server.replayId(42))
                try await stream.holdOpen()
            }
        ])
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("a keepalive") { await !harness.sink.keepalives.isEmpty }
            #expect(await harness.sink.keepalives == [Server.replayId(42)])
            #expect(harness.counter("portal_pubsub_keepalives_total") == 1)
            #expect(harness.connects("first") == 1)
        }
    }

    @Test func theStateIsSubscribedWhileTheStreamIsOpen() async throws {
        let server = Server()
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("subscribed") {
                if case .subscribed = harness.subscriber.state(of: topic) { return true }
                return false
            }
            #expect(harness.subscriber.states.count == 1)
        }
    }

    @Test func aTopicTheUserMayNotSubscribeToIsReportedFailedAndNotSubscribed() async throws {
        let server = Server()
        server.setSubscribable(false)
        try await PubSubHarness.run(server: server) { harness in
            try await eventually("failed") { harness.subscriber.state(of: topic) == .failed(.topicNotSubscribable) }
            #expect(server.subscriptions.isEmpty)
        }
    }
}
