import ArgumentParser
import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@testable import PortalServe

/// `portal-bff provisioning …` and `portal-bff pubsub list` against a redis-server of each test's own.
@Suite("portal-bff provisioning", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct ProvisioningCommandTests {
    /// A server holding three jobs: 801A dead-lettered after AcceptOrder was recorded, 801B taken by worker
    /// `w`, 801C waiting; and one undecodable Platform Event.
    private func withJobs(_ body: (_ url: String, _ queue: ProvisioningQueue) async throws -> Void) async throws {
        try await OwnRedisServer.withClient { redis, url in
            let queue = ProvisioningQueue(redis: redis)
            try await queue.prepare()
            for order in ["801A", "801B", "801C"] { _ = try await queue.enqueue(orderId: order, accountId: "001A") }
            let first = try #require(try await queue.next(consumer: "w"))
            try await queue.record("801A", ["state": "accepted", "whmcsOrderId": "77"])
            try await queue.deadLetter(first, reason: "Salesforce refused the update", at: Date(timeIntervalSince1970: 1_800_000_000))
            _ = try await queue.next(consumer: "w")
            try await PlatformEventRecords(redis: redis).deadLetter(
                .init(
                    topic: "/event/OrderProvisionRequested__e",
                    eventId: "evt-9",
                    schemaId: "s1",
                    replayId: [1],
                    reason: "unknown schema",
                    payload: []
                ),
                at: Date()
            )
            try await body(url, queue)
        }
    }

    @Test func listShowsWaitingJobsAndWithDeadTheDeadLetteredOnes() async throws {
        try await withJobs { url, _ in
            let text = try await ProvisioningCommand.List.parse(["--redis", url]).output()
            let rows = text.split(separator: "\n")
            #expect(rows.first?.hasPrefix("ORDER") == true)
            #expect(rows.dropFirst().map { $0.split(separator: " ").first.map(String.init) } == ["801B", "801C"])
            #expect(rows[1].contains(" w "), "801B's worker is shown")

            let json = try await ProvisioningCommand.List.parse(["--redis", url, "--dead", "--json"]).output()
            let letters = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            #expect(letters.map { $0["orderId"] as? String } == ["801A"])
            #expect(letters.first?["step"] as? String == "accepted")
            #expect(letters.first?["at"] as? String == "2027-01-15T08:00:00Z")
        }
    }

    @Test func retryRequeuesAtTheRecordedStepAndShowTellsTheStory() async throws {
        try await withJobs { url, queue in
            let retried = try await ProvisioningCommand.Retry.parse(["801A", "--redis", url, "--by", "alice", "--reason", "Salesforce is back"])
                .output()
            #expect(retried == "Queued 801A again at accepted (it was failed).\n")
            #expect(try await queue.job("801A")?.state == .accepted)

            let shown = try await ProvisioningCommand.Show.parse(["801A", "--redis", url]).output()
            #expect(shown.contains("state        accepted"))
            #expect(shown.contains("WHMCS order  77"))
            #expect(shown.contains("retry by alice: failed → accepted Salesforce is back"))
            #expect(!shown.contains("dead letter"))
        }
    }

    @Test func discardNeedsAReasonAndIsRefusedForAJobAlreadyDiscarded() async throws {
        try await withJobs { url, queue in
            #expect(throws: (any Error).self) { try ProvisioningCommand.Discard.parse(["801C", "--redis", url]) }
            let discarded = try await ProvisioningCommand.Discard.parse(["801C", "--redis", url, "--reason", "cancelled", "--by", "bob"]).output()
            #expect(discarded == "Discarded 801C (it was queued).\n")
            #expect(try await queue.job("801C")?.state == .discarded)
            let again = try ProvisioningCommand.Discard.parse(["801C", "--redis", url, "--reason", "cancelled"])
            await #expect(throws: OperatorCommandFailure.self) { try await again.output() }
            do {
                _ = try await again.output()
            } catch let failure as OperatorCommandFailure {
                #expect(failure.exitCode == .failure)
                #expect(failure.description == "The job is discarded; there is nothing to do.")
            }
        }
    }

    @Test func aRetryOfALostAddOrderAnswerIsAUsageErrorWithBothResolutions() async throws {
        try await withJobs { url, _ in
            let both = try ProvisioningCommand.Retry.parse(["801A", "--redis", url, "--whmcs-order", "5", "--not-placed"])
            await #expect(throws: ValidationError.self) { try await both.output() }
            let command = try ProvisioningCommand.Retry.parse(["801A", "--redis", url, "--not-placed"])
            do {
                _ = try await command.output()
                Issue.record("a resolution for a job whose steps are recorded was accepted")
            } catch let failure as OperatorCommandFailure {
                #expect(failure.exitCode == .failure)
            }
        }
    }

    @Test func pubSubListShowsTheUndecodableEvents() async throws {
        try await withJobs { url, _ in
            let text = try await PubSubCommand.List.parse(["--redis", url]).output()
            #expect(text.contains("evt-9"))
            #expect(text.contains("unknown schema"))
            #expect(try await PubSubCommand.List.parse(["--redis", url, "--gaps"]).output() == "No replay gap was recorded.\n")
        }
    }

    @Test func theBinaryExitsTwoWhenRedisDoesNotAnswerAndOneForAnUnknownJob() async throws {
        let silent = "redis://127.0.0.1:\(try OwnRedisServer().port)/0"
        #expect(try run(["provisioning", "show", "801A", "--redis", silent]).status == 2)
        try await withJobs { url, _ in
            let unknown = try run(["provisioning", "show", "801Z", "--redis", url])
            #expect(unknown.status == 1)
            #expect(unknown.error.contains("Provisioning job not found"))
            let listed = try run(["provisioning", "list", "--dead", "--redis", url])
            #expect(listed.status == 0)
            #expect(listed.outputText.contains("801A"))
        }
    }

    private func run(_ arguments: [String]) throws -> ChildProcessResult {
        try runChildProcess(ServeProcess.executable, arguments, directory: ServeProcess.root)
    }
}
