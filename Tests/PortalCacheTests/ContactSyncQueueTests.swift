import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@Suite("Contact synchronisation queue", .enabled(if: TestRedis.isAvailable))
struct ContactSyncQueueTests {
    let job = ContactSyncQueue.Job(instance: "default", clientId: 7, accountId: "001000000000007AAA")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func queue() throws -> ContactSyncQueue {
        ContactSyncQueue(redis: try TestRedis.client(), namespace: TestRedis.uniquePrefix())
    }

    @Test func aClaimedJobIsHiddenForItsLeaseAndFinishedOnce() async throws {
        let queue = try queue()
        try await queue.enqueue(job, now: now)
        let claimed = try await queue.claim(limit: 10, lease: .seconds(60), now: now)
        #expect(claimed.map(\.job) == [job])
        #expect(try await queue.claim(limit: 10, lease: .seconds(60), now: now.addingTimeInterval(30)).isEmpty)
        #expect(try await queue.claim(limit: 10, lease: .seconds(60), now: now.addingTimeInterval(61)).map(\.job) == [job])
        #expect(try await queue.finish(claimed[0]))
        #expect(try await queue.counts() == .init(pending: 0, dead: 0))
        #expect(try await queue.isPending(job) == false)
    }

    @Test func aChangeWhileTheJobRunsKeepsItForAnotherRun() async throws {
        let queue = try queue()
        try await queue.enqueue(job, now: now)
        let first = try #require(try await queue.claim(limit: 1, lease: .seconds(60), now: now).first)
        try await queue.enqueue(job, now: now.addingTimeInterval(1))
        #expect(try await queue.finish(first) == false)
        let second = try #require(try await queue.claim(limit: 1, lease: .seconds(60), now: now.addingTimeInterval(1)).first)
        #expect(second.generation == first.generation + 1)
        #expect(try await queue.finish(second))
    }

    @Test func aRetryWaitsItsDelayCountsAnAttemptAndABuriedJobIsCountedDead() async throws {
        let queue = try queue()
        try await queue.enqueue(job, now: now)
        let first = try #require(try await queue.claim(limit: 1, lease: .seconds(60), now: now).first)
        #expect(first.attempts == 0)
        try await queue.retry(first, after: .seconds(10), now: now)
        #expect(try await queue.claim(limit: 1, lease: .seconds(60), now: now.addingTimeInterval(9)).isEmpty)
        let again = try #require(try await queue.claim(limit: 1, lease: .seconds(60), now: now.addingTimeInterval(10)).first)
        #expect(again.attempts == 1)
        try await queue.bury(again, reason: "Salesforce keeps refusing", now: now)
        #expect(try await queue.counts() == .init(pending: 0, dead: 1))
        try await queue.enqueue(job, now: now)
        #expect(try await queue.counts() == .init(pending: 1, dead: 0))
    }
}
