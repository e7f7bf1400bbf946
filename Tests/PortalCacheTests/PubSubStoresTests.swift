import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@Suite("Pub/Sub subscriber lease, replay ids and records", .enabled(if: TestRedis.isAvailable))
struct PubSubStoresTests {
    @Test func oneHolderAtATimeHoldsTheLease() async throws {
        let lease = SubscriberLease(redis: try TestRedis.client(), namespace: TestRedis.uniquePrefix())
        #expect(try await lease.acquire(holder: "a", for: .seconds(30)))
        #expect(try await lease.acquire(holder: "b", for: .seconds(30)) == false)
        #expect(try await lease.renew(holder: "b", for: .seconds(30)) == false)
        #expect(try await lease.renew(holder: "a", for: .seconds(30)))
        #expect(try await lease.acquire(holder: "a", for: .seconds(30)))
        #expect(try await lease.holder() == "a")
    }

    @Test func aStandbyTakesAnExpiredLeaseAndTheOldHolderCannotRenewIt() async throws {
        let lease = SubscriberLease(redis: try TestRedis.client(), namespace: TestRedis.uniquePrefix())
        #expect(try await lease.acquire(holder: "a", for: .milliseconds(100)))
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await lease.acquire(holder: "b", for: .seconds(30)))
        #expect(try await lease.renew(holder: "a", for: .seconds(30)) == false)
        #expect(try await lease.holder() == "b")
    }

    @Test func aReleasedLeaseIsFreeAtOnceButOnlyItsHolderCanReleaseIt() async throws {
        let lease = SubscriberLease(redis: try TestRedis.client(), namespace: TestRedis.uniquePrefix())
        #expect(try await lease.acquire(holder: "a", for: .seconds(30)))
        await lease.release(holder: "b")
        #expect(try await lease.holder() == "a")
        await lease.release(holder: "a")
        #expect(try await lease.acquire(holder: "b", for: .seconds(30)))
    }

    @Test func aReplayIdIsStoredOnlyByTheLeaseHolder() async throws {
        let redis = try TestRedis.client()
        let namespace = TestRedis.uniquePrefix()
        let lease = SubscriberLease(redis: redis, namespace: namespace)
        let replayIds = ReplayIdStore(redis: redis, namespace: namespace)
        let topic = "/event/OrderProvisionRequested__e"
        #expect(try await replayIds.replayId(topic: topic) == nil)
        #expect(try await replayIds.store([0, 0, 0, 0, 0, 0, 0, 7], topic: topic, holder: "a") == false)
        #expect(try await lease.acquire(holder: "a", for: .seconds(30)))
        #expect(try await replayIds.store([0, 0, 0, 0, 0, 0, 0, 7], topic: topic, holder: "a"))
        #expect(try await replayIds.store([0, 0, 0, 0, 0, 0, 0, 9], topic: topic, holder: "b") == false)
        #expect(try await replayIds.replayId(topic: topic) == [0, 0, 0, 0, 0, 0, 0, 7])
    }

    @Test func replayIdsAreOpaqueBytesKeptExactly() async throws {
        let redis = try TestRedis.client()
        let namespace = TestRedis.uniquePrefix()
        #expect(try await SubscriberLease(redis: redis, namespace: namespace).acquire(holder: "a", for: .seconds(30)))
        let replayIds = ReplayIdStore(redis: redis, namespace: namespace)
        let awkward: [UInt8] = [0, 0xFF, 0x0D, 0x0A, 0x24, 0x2A, 0x00, 0x80, 0x3A]
        #expect(try await replayIds.store(awkward, topic: "t", holder: "a"))
        #expect(try await replayIds.replayId(topic: "t") == awkward)
    }

    @Test func deadLettersAndGapsAreKeptForAnOperator() async throws {
        let records = PlatformEventRecords(redis: try TestRedis.client(), namespace: TestRedis.uniquePrefix())
        let letter = PlatformEventRecords.DeadLetter(
            topic: "t",
            eventId: "e1",
            schemaId: "s1",
            replayId: [1, 2],
            reason: "orderId__c: missing",
            payload: [9]
        )
        try await records.deadLetter(letter, at: Date())
        try await records.recordGap(topic: "t", refusedReplayId: [3], fallback: "EARLIEST", at: Date())
        try await records.recordGap(topic: "t", refusedReplayId: [4], fallback: "EARLIEST", at: Date())
        let counts = try await records.counts()
        #expect(counts.deadLetters == 1)
        #expect(counts.gaps == 2)
    }
}
