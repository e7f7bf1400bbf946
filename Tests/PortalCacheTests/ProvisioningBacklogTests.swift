import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The backlog an operator's alerts watch, read from a redis-server of the test's own (the queue's keys are
/// fixed, so no other suite may share them).
@Suite("Provisioning queue backlog", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct ProvisioningBacklogTests {
    @Test func waitingJobsTheOldestOnesAgeAndDeadLettersAreCounted() async throws {
        try await OwnRedisServer.withClient { redis, _ in try await countsTheBacklog(redis) }
    }

    private func countsTheBacklog(_ redis: RedisClient) async throws {
        let queue = ProvisioningQueue(redis: redis)
        #expect(try await queue.backlog() == .init(waiting: 0, oldestSince: nil, deadLetters: 0))

        try await queue.prepare()
        let before = Date()
        for order in ["801A", "801B", "801C"] { #expect(try await queue.enqueue(orderId: order, accountId: "001A")) }
        let queued = try await queue.backlog()
        #expect(queued.waiting == 3)
        let oldest = try #require(queued.oldestSince)
        #expect(oldest >= before.addingTimeInterval(-1) && oldest <= Date().addingTimeInterval(1))

        let taken = try #require(try await queue.next(consumer: "w"))
        #expect(try await queue.backlog().waiting == 3)
        try await queue.acknowledge(taken)
        #expect(try await queue.backlog().waiting == 2)

        let failing = try #require(try await queue.next(consumer: "w"))
        try await queue.deadLetter(failing, reason: "test", at: Date())
        let after = try await queue.backlog()
        #expect(after.waiting == 1)
        #expect(after.deadLetters == 1)
        #expect(try #require(after.oldestSince) >= oldest)
    }
}
