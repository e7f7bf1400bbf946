import APITestSupport
import Configuration
import Domain
import Foundation
import PortalCache
import PortalRedis
import PortalSandbox
import TestSupport
import Testing

@testable import PortalApplication

/// Orders provisioned from Salesforce Platform Events: the BFF subscribed to the sandbox's Pub/Sub simulator
/// over loopback gRPC, its jobs in Redis database 4 (emptied before each test; one test at a time, since the
/// job stream and the subscriber lease are shared).
@Suite("Provisioning from Platform Events", .serialized, .enabled(if: TestRedis.isAvailable), .timeLimit(.minutes(3)))
struct PlatformEventTests {
    static let redisURL = TestRedis.url(database: 4)
    static let event = "OrderProvisionRequested__e"
    static let topic = "/event/OrderProvisionRequested__e"

    static let configuration: [AbsoluteConfigKey: ConfigValue] = [
        "salesforce.pubsub.enabled": true,
        "salesforce.pubsub.leaseMilliseconds": 1000,
        "salesforce.pubsub.leaseRenewMilliseconds": 300,
        "salesforce.pubsub.standbyMilliseconds": 100,
        "salesforce.pubsub.backoffBaseMilliseconds": 50,
        "salesforce.pubsub.backoffMaxSeconds": 1,
        "provisioning.whmcsProducts": .init(.stringArray(["SIM-D-3G=12", "SIM-D-10G=12", "SIM-V-20G=14", "SIM-FEE=-"]), isSecret: false),
    ]

    /// A harness subscribed to the sandbox (which `other` shares, if given), on an empty database 4 unless
    /// it shares one; stopped before this returns.
    private func withSubscribed(
        sharingSandboxOf other: APIHarness? = nil,
        _ body: (APIHarness) async throws -> Void
    ) async throws {
        if other == nil {
            let redis = RedisClient(configuration: RedisConfiguration(url: try RedisURL(Self.redisURL ?? ""), poolSize: 1))
            try await redis.sendToEveryMaster(RedisCommand("FLUSHDB"))
            await redis.shutdown()
        }
        try await APIHarness.withRunning(redisURL: Self.redisURL, sharingSandboxOf: other, configuration: Self.configuration, body)
    }

    /// Waits until one of `apis` holds the lease with its stream open, and then until a warm-up event has
    /// come through it (a stream that starts at LATEST misses what was published before it was set up).
    private func waitUntilSubscribed(_ apis: APIHarness...) async throws {
        try await eventually("a subscribed stream", timeout: .seconds(20)) {
            apis.contains { api in
                api.dependencies.services.platformEventStatus.streams[Self.topic].map { if case .subscribed = $0 { true } else { false } } ?? false
            }
        }
        let api = apis[0]
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let warmUp = try publish(api, order: orderId(999), key: "warm-up")
            let arrived = ContinuousClock.now + .milliseconds(500)
            while ContinuousClock.now < arrived {
                if try await storedReplayId(api) == warmUp { return }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        throw TimedOut(description: "timed out waiting for the warm-up event")
    }

    @discardableResult
    private func publish(_ api: APIHarness, order: String, key: String? = UUID().uuidString) throws -> Data {
        try api.sandbox.publishPlatformEvent(Self.event, fields: ["orderId__c": .string(order), "idemKey__c": key.map { .string($0) } ?? .null])
    }

    private func job(_ api: APIHarness, _ orderId: String) async throws -> ProvisioningQueue.Job? {
        try await ProvisioningQueue(redis: api.redis).job(orderId)
    }

    /// The jobs queued besides the warm-up event's.
    private func queuedJobs(_ api: APIHarness) async throws -> Int {
        Int(try await api.redis.send(RedisCommand("XLEN", RedisArgument(ProvisioningQueue.stream))).integer ?? 0) - 1
    }

    private func storedReplayId(_ api: APIHarness) async throws -> Data? {
        try await ReplayIdStore(redis: api.redis).replayId(topic: Self.topic).map { Data($0) }
    }

    /// A fake but well-formed Order id, for tests that look at queueing only.
    private func orderId(_ number: Int) -> String { SalesforceId("801" + String(format: "%012d", number))?.value ?? "" }

    @Test func aPublishedEventProvisionsItsOrderOnceWhateverIsRedelivered() async throws {
        try await withSubscribed { api in
            try await waitUntilSubscribed(api)
            let order = try await api.placeOrder(customer: 16).orderId
            try publish(api, order: order.value, key: "idem-1")
            try publish(api, order: order.value, key: "idem-1")
            let last = try publish(api, order: order.value, key: "idem-2")
            try await eventually("the last event's replay id stored") { try await storedReplayId(api) == last }
            #expect(try await queuedJobs(api) == 1)
            #expect(try await job(api, order.value)?.state == .queued)

            let worker = try ProvisioningWorker(name: "w", services: api.dependencies.services, logger: .init(label: "test"))
            for _ in 0..<20 where try await job(api, order.value)?.state != .done { await worker.runOnce() }
            #expect(try await job(api, order.value)?.state == .done)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.AddOrder") == 1)
            #expect(api.sandbox.pubSubStreamsThatRanDry.isEmpty)
            #expect(api.sandbox.pubSubStreams.allSatisfy { $0.timesPendingReachedZero == 0 })
        }
    }

    @Test func anEventWithoutAnIdempotencyKeyIsDeduplicatedByItsOrder() async throws {
        try await withSubscribed { api in
            try await waitUntilSubscribed(api)
            try publish(api, order: orderId(1), key: nil)
            let last = try publish(api, order: orderId(1), key: nil)
            try await eventually("the last event's replay id stored") { try await storedReplayId(api) == last }
            #expect(try await queuedJobs(api) == 1)
        }
    }

    @Test func anEventThatDoesNotDecodeIsDeadLetteredAndSkipped() async throws {
        try await withSubscribed { api in
            try await waitUntilSubscribed(api)
            var faults = api.sandbox.pubSubFaults.current
            faults.malformedEvents = 1
            api.sandbox.pubSubFaults.current = faults
            let malformed = try publish(api, order: orderId(2))
            let next = try publish(api, order: orderId(3))
            try await eventually("the next event's replay id stored") { try await storedReplayId(api) == next }
            #expect(try await job(api, orderId(2)) == nil)
            #expect(try await job(api, orderId(3))?.state == .queued)
            let records = PlatformEventRecords(redis: api.redis)
            #expect(try await records.counts().deadLetters == 1)
            let entries = try await api.redis.send(RedisCommand("XRANGE", RedisArgument(records.deadLetters), "-", "+"))
            guard case .array(let letters) = entries, case .array(let letter)? = letters.first, case .array(let fields) = letter.last else {
                Issue.record("no dead letter entry")
                return
            }
            let values = fields.compactMap(\.string)
            #expect(values.contains(malformed.base64EncodedString()))
        }
    }

    @Test func eventsWrittenWithAChangedSchemaAreReadWithTheirOwnSchema() async throws {
        try await withSubscribed { api in
            try await waitUntilSubscribed(api)
            try publish(api, order: orderId(4))
            let changed = try #require(api.sandbox.pubSubFaults.changeSchema(of: Self.event))
            #expect(api.sandbox.pubSubSchemaId(of: Self.topic) == changed)
            let last = try publish(api, order: orderId(5))
            try await eventually("the last event's replay id stored") { try await storedReplayId(api) == last }
            #expect(try await job(api, orderId(4))?.state == .queued)
            #expect(try await job(api, orderId(5))?.state == .queued)
            #expect(try await PlatformEventRecords(redis: api.redis).counts().deadLetters == 0)
        }
    }

    @Test func anExpiredReplayIdFallsBackRecordsTheGapAndDoesNotLoop() async throws {
        try await withSubscribed { api in
            try await waitUntilSubscribed(api)
            let holder = try #require(try await SubscriberLease(redis: api.redis).holder())
            #expect(try await ReplayIdStore(redis: api.redis).store([0, 0, 0, 0, 0, 0, 0x7F, 0xFF], topic: Self.topic, holder: holder))
            api.sandbox.pubSubFaults.endOpenStreams()
            try await eventually("the gap recorded") { try await PlatformEventRecords(redis: api.redis).counts().gaps == 1 }
            let next = try publish(api, order: orderId(6))
            try await eventually("the next event queued") { try await job(api, orderId(6)) != nil }
            try await eventually("its replay id stored") { try await storedReplayId(api) == next }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await PlatformEventRecords(redis: api.redis).counts().gaps == 1)
        }
    }

    @Test func oneOfTwoInstancesSubscribesEachOrderIsQueuedOnceAndTheOtherTakesOverWhenItStops() async throws {
        try await withSubscribed { first in
            try await APIHarness.withRunning(redisURL: Self.redisURL, sharingSandboxOf: first, configuration: Self.configuration) { second in
                try await waitUntilSubscribed(first, second)
                let subscribing = [first, second].filter { $0.dependencies.services.platformEventStatus.role == .subscribing }
                #expect(subscribing.count == 1)
                for number in 10..<15 { try publish(first, order: orderId(number)) }
                try await eventually("five jobs") { try await queuedJobs(first) == 5 }
                #expect(first.sandbox.pubSubStreams.filter(\.isOpen).count == 1)

                let holder = try #require(subscribing.first)
                let standby = holder.baseURL == first.baseURL ? second : first
                let stopped = ContinuousClock.now
                await holder.services.triggerGracefulShutdown()
                _ = await holder.server.result
                try await waitUntilSubscribed(standby)
                let takeover = ContinuousClock.now - stopped
                print("Pub/Sub takeover after the holder stopped: \(takeover)")
                try publish(standby, order: orderId(15))
                try await eventually("the sixth job") { try await queuedJobs(standby) == 6 }
                #expect(takeover < .seconds(5))
            }
        }
    }
}
