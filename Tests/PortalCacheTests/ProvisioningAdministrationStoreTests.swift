import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The queue's operator side on a redis-server of each test's own (the queue's keys are fixed): what the
/// lists show, and which retries and discards the scripts let through.
@Suite("Provisioning queue administration", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct ProvisioningAdministrationStoreTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A prepared queue on a server of its own, for `body`; the server is stopped afterwards.
    private func withQueue(_ body: (ProvisioningQueue, RedisClient) async throws -> Void) async throws {
        try await OwnRedisServer.withClient { redis, _ in
            let queue = ProvisioningQueue(redis: redis)
            try await queue.prepare()
            try await body(queue, redis)
        }
    }

    /// Queues `orderId`, takes it as worker `w`, records `fields` and dead-letters it; nothing else may wait.
    private func deadLetter(_ orderId: String, _ queue: ProvisioningQueue, fields: [String: String]) async throws {
        #expect(try await queue.enqueue(orderId: orderId, accountId: "001A"))
        let delivery = try #require(try await queue.next(consumer: "w"))
        try #require(delivery.orderId == orderId)
        if !fields.isEmpty { try await queue.record(orderId, fields) }
        try await queue.deadLetter(delivery, reason: "broken \(orderId)", at: now)
    }

    @Test func waitingJobsShowWhoHoldsThemAndDeadLettersTheStepReached() async throws {
        try await withQueue { queue, _ in
            for order in ["801A", "801B", "801C"] { #expect(try await queue.enqueue(orderId: order, accountId: "001A")) }
            let taken = try #require(try await queue.next(consumer: "worker-1"))
            #expect(taken.orderId == "801A")
            try await queue.record("801A", ["state": "added", "whmcsOrderId": "77"])

            let waiting = try await queue.waitingJobs(limit: 10)
            #expect(waiting.map(\.orderId) == ["801A", "801B", "801C"])
            #expect(waiting.map(\.consumer) == ["worker-1", nil, nil])
            #expect(waiting.map(\.deliveries) == [1, 0, 0])
            #expect(waiting.first?.job?.state == .added)
            #expect(try await queue.waitingJobs(limit: 1).map(\.orderId) == ["801A", "801B"], "at most the limit of each kind")

            try await queue.deadLetter(taken, reason: "AcceptOrder refused", at: now)
            let letters = try await queue.deadLetteredJobs(limit: 10)
            #expect(letters.map(\.orderId) == ["801A"])
            #expect(letters.first?.step == .added)
            #expect(letters.first?.at == now)
            #expect(letters.first?.job?.state == .failed)
            #expect(try await queue.waitingJobs(limit: 10).map(\.orderId) == ["801B", "801C"])
            let details = try #require(try await queue.details(of: "801A"))
            #expect(details.job.stoppedInState == .added)
            #expect(details.deadLetters.map(\.reason) == ["AcceptOrder refused"])
            #expect(try await queue.details(of: "801Z") == nil)
        }
    }

    @Test func aRetryResumesAtTheRecordedStepAndASecondOneFindsTheJobQueued() async throws {
        try await withQueue { queue, _ in
            try await deadLetter("801A", queue, fields: ["state": "accepted", "whmcsOrderId": "77", "attempts": "4"])
            let retried = try await queue.retry("801A", by: "alice", reason: "Salesforce was down", at: now)
            #expect(retried == .init(orderId: "801A", fromState: .failed, toState: .accepted))
            let job = try #require(try await queue.job("801A"))
            #expect(job.state == .accepted)
            #expect(job.attempts == 0)
            #expect(job.whmcsOrderId == 77)
            #expect(job.stoppedInState == nil)
            #expect(try await queue.deadLetteredJobs(limit: 10).isEmpty)
            #expect(try await queue.next(consumer: "w")?.orderId == "801A", "the job is on the stream again")

            let second = try await queue.retry("801A", by: "alice", reason: "again", at: now)
            #expect(second.fromState == .accepted && second.toState == .accepted)
            let audit = try await queue.auditEntries(of: "801A")
            #expect(audit.map(\.fromState) == ["accepted", "failed"])
            #expect(audit.last?.by == "alice")
            #expect(audit.last?.reason == "Salesforce was down")
        }
    }

    @Test func aLostAddOrderAnswerNeedsTheOperatorsResolution() async throws {
        try await withQueue { queue, _ in
            try await deadLetter("801A", queue, fields: ["state": "adding"])
            try await deadLetter("801B", queue, fields: ["state": "adding"])
            try await deadLetter("801C", queue, fields: ["state": "accepted", "whmcsOrderId": "9"])
            await #expect(throws: ProvisioningQueue.AdministrationError.needsResolution) {
                try await queue.retry("801A", by: "alice", reason: "", at: now)
            }
            #expect(try await queue.job("801A")?.state == .failed)
            #expect(try await queue.deadLetteredJobs(limit: 10).map(\.orderId) == ["801C", "801B", "801A"], "a refused retry keeps the dead letter")

            let placed = try await queue.retry("801A", resolution: .placed(whmcsOrderId: 512), by: "alice", reason: "", at: now)
            #expect(placed.toState == .added)
            #expect(try await queue.job("801A")?.whmcsOrderId == 512)

            #expect(try await queue.retry("801B", resolution: .notPlaced, by: "alice", reason: "", at: now).toState == .queued)
            await #expect(throws: ProvisioningQueue.AdministrationError.resolutionNotApplicable(.failed)) {
                try await queue.retry("801C", resolution: .notPlaced, by: "alice", reason: "", at: now)
            }
        }
    }

    @Test func aJobDeadLetteredBeforeItsStepWasKeptResumesOnlyWhereThatIsSafe() async throws {
        try await withQueue { queue, redis in
            for (order, whmcsOrderId) in [("801A", "31"), ("801B", "")] {
                var fields: [RedisArgument] = ["state", "failed", "accountId", "001A", "attempts", "3"]
                if !whmcsOrderId.isEmpty { fields += ["whmcsOrderId", RedisArgument(whmcsOrderId)] }
                try await redis.send(RedisCommand("HSET", [RedisArgument("pb:{provisioning}:job:\(order)")] + fields))
            }
            #expect(try await queue.retry("801A", by: "alice", reason: "", at: now).toState == .added)
            await #expect(throws: ProvisioningQueue.AdministrationError.needsResolution) {
                try await queue.retry("801B", by: "alice", reason: "", at: now)
            }
        }
    }

    @Test func runningDoneAndUnknownJobsAreRefusedAndChangeNothing() async throws {
        try await withQueue { queue, _ in
            #expect(try await queue.enqueue(orderId: "801A", accountId: "001A"))
            #expect(try await queue.lock("801A", holder: "worker-1", for: .seconds(30)))
            await #expect(throws: ProvisioningQueue.AdministrationError.running(holder: "worker-1")) {
                try await queue.discard("801A", by: "alice", reason: "no", at: now)
            }
            await #expect(throws: ProvisioningQueue.AdministrationError.running(holder: "worker-1")) {
                try await queue.retry("801A", by: "alice", reason: "", at: now)
            }
            #expect(try await queue.details(of: "801A")?.lockHolder == "worker-1")
            await queue.unlock("801A", holder: "worker-1")

            try await queue.record("801A", ["state": "done"])
            await #expect(throws: ProvisioningQueue.AdministrationError.finished(.done)) {
                try await queue.retry("801A", by: "alice", reason: "", at: now)
            }
            await #expect(throws: ProvisioningQueue.AdministrationError.finished(.done)) {
                try await queue.discard("801A", by: "alice", reason: "no", at: now)
            }
            await #expect(throws: ProvisioningQueue.AdministrationError.notFound) {
                try await queue.retry("801Z", by: "alice", reason: "", at: now)
            }
            #expect(try await queue.auditEntries(of: "801A").isEmpty)
        }
    }

    @Test func aDiscardedJobKeepsItsStepAndARetryBringsItBack() async throws {
        try await withQueue { queue, _ in
            try await deadLetter("801A", queue, fields: ["state": "added", "whmcsOrderId": "40"])
            #expect(
                try await queue.discard("801A", by: "bob", reason: "duplicate order", at: now)
                    == .init(orderId: "801A", fromState: .failed, toState: .discarded)
            )
            let discarded = try #require(try await queue.job("801A"))
            #expect(discarded.state == .discarded)
            #expect(discarded.stoppedInState == .added)
            #expect(try await queue.deadLetteredJobs(limit: 10).isEmpty)
            await #expect(throws: ProvisioningQueue.AdministrationError.finished(.discarded)) {
                try await queue.discard("801A", by: "bob", reason: "again", at: now)
            }
            #expect(try await queue.retry("801A", by: "bob", reason: "not a duplicate after all", at: now).toState == .added)
            #expect(try await queue.auditEntries(of: "801A").map(\.action) == ["retry", "discard"])
        }
    }

    @Test func pubSubDeadLettersAndGapsAreListedNewestFirst() async throws {
        try await withQueue { _, redis in
            let records = PlatformEventRecords(redis: redis)
            #expect(try await records.keptDeadLetters(limit: 10).isEmpty)
            for number in 1...3 {
                try await records.deadLetter(
                    .init(topic: "/event/T__e", eventId: "e\(number)", schemaId: "s", replayId: [0, UInt8(number)], reason: "bad", payload: [1, 2]),
                    at: now.addingTimeInterval(Double(number))
                )
            }
            try await records.recordGap(topic: "/event/T__e", refusedReplayId: [9], fallback: "EARLIEST", at: now)
            let letters = try await records.keptDeadLetters(limit: 2)
            #expect(letters.map(\.eventId) == ["e3", "e2"])
            #expect(letters.first?.replayId == Data([0, 3]).base64EncodedString())
            #expect(letters.first?.at == now.addingTimeInterval(3))
            let gaps = try await records.keptGaps(limit: 10)
            #expect(gaps.map(\.fallback) == ["EARLIEST"])
            #expect(gaps.first?.refusedReplayId == Data([9]).base64EncodedString())
        }
    }
}
