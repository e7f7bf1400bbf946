import Configuration
import Foundation
import PortalCache
import TestSupport
import Testing

/// Two instances on one Redis (a server of the suite's own) sharing one sandbox, with a short lease so that
/// many rounds fit in a test run. The reading instance reaches Redis through a proxy that delivers Redis's
/// bytes 10 ms late, so its invalidations arrive after the webhook's write has been acknowledged to the
/// other: only the lease stands between its memory and an old answer.
@Suite("Near cache across instances", .serialized, .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct NearCacheRoutesTests {
    /// `NEAR_CACHE_ROUNDS` overrides the 10^4 rounds, e.g. for a longer soak.
    static let rounds = ProcessInfo.processInfo.environment["NEAR_CACHE_ROUNDS"].flatMap(Int.init) ?? 10_000

    static let configuration: [AbsoluteConfigKey: ConfigValue] = [
        "cache.near.leaseMilliseconds": .init(.int(40), isSecret: false),
        "cache.near.heartbeatMilliseconds": .init(.int(5), isSecret: false),
        "api.customerRequestsPerMinute": .init(.int(100_000_000), isSecret: false),
    ]

    struct Lane {
        var rounds = 0
        var readsUntilMemory = 0
        var hitsAfterTheWebhook = 0
        var memoryHitsAfterTheWebhook = 0
        var failures: [String] = []
    }

    @Test func afterAWebhooksAnswerTheOtherInstanceNeverAnswersWithWhatItDropped() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let slowLink = try DelayingProxy(targetPort: server.port, delay: .milliseconds(10))
        defer {
            slowLink.stop()
            Task { try? await server.stop() }
        }
        try await APIHarness.withRunning(
            customerBurst: 100_000_000,
            redisURL: server.url,
            perMinute: 100_000,
            burst: 10_000,
            configuration: Self.configuration
        ) {
            first in
            try await APIHarness.withRunning(
                customerBurst: 100_000_000,
                redisURL: "redis://127.0.0.1:\(slowLink.port)/0",
                sharingSandboxOf: first,
                perMinute: 100_000,
                burst: 10_000,
                configuration: Self.configuration
            ) { second in
                // Half the seeded customers, one lane each: enough to overlap the lease waits, not so many
                // that the lanes crowd out the suites running beside this one.
                let customers = Array(first.sandbox.seed.customers.indices.prefix(10))
                let perLane = Self.rounds / customers.count
                let lanes = try await withThrowingTaskGroup(of: Lane.self) { group in
                    for index in customers {
                        group.addTask { try await Self.lane(customer: index, rounds: perLane, webhooksOn: first, readsOn: second) }
                    }
                    return try await group.reduce(into: [Lane]()) { $0.append($1) }
                }
                let rounds = lanes.reduce(0) { $0 + $1.rounds }
                #expect(rounds == perLane * customers.count)
                #expect(rounds >= Self.rounds - customers.count)
                #expect(lanes.flatMap(\.failures).isEmpty, "\(lanes.flatMap(\.failures).prefix(5))")
                #expect(lanes.reduce(0) { $0 + $1.memoryHitsAfterTheWebhook } == 0)
                #expect(lanes.reduce(0) { $0 + $1.hitsAfterTheWebhook } == 0)
                print("near cache coherence: \(rounds) rounds, \(lanes.reduce(0) { $0 + $1.readsUntilMemory }) reads to reach memory")
            }
        }
    }

    /// Rounds of: read on `second` until memory answers, webhook on `first`, read on `second` right after its
    /// 200. Nothing reads the customer's invoices between the webhook and that read, so any hit is the old entry.
    static func lane(customer index: Int, rounds: Int, webhooksOn first: APIHarness, readsOn second: APIHarness) async throws -> Lane {
        let token = try await second.token(customer: index)
        let seeded = first.sandbox.seed.customers[index]
        let listing = try await second.get("/api/invoices", token: token)
        let invoiceId = try #require((listing.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
        var lane = Lane()
        for round in 0..<rounds {
            var reads = 0
            while true {
                let answer = try await second.get("/api/invoices", token: token)
                reads += 1
                guard answer.status == 200 else {
                    lane.failures.append("customer \(index) round \(round): read answered \(answer.status)")
                    return lane
                }
                if answer.headers["cache-status"]?.hasSuffix("detail=memory") == true { break }
                guard reads < 100 else {
                    lane.failures.append("customer \(index) round \(round): no memory hit in 100 reads")
                    return lane
                }
            }
            lane.readsUntilMemory += reads
            let event =
                #"{"id":"near-\#(index)-\#(round)","event":"InvoicePaid","occurredAt":"2026-11-23T10:00:00Z","data":{"invoiceid":\#(invoiceId),"userid":\#(seeded.whmcsClientId)}}"#
            let webhook = try await first.webhook("/webhooks/whmcs/\(seeded.whmcsInstance)", event)
            guard webhook.status == 200 else {
                lane.failures.append("customer \(index) round \(round): webhook answered \(webhook.status) \(webhook.error)")
                return lane
            }
            let after = try await second.get("/api/invoices", token: token)
            let status = after.headers["cache-status"] ?? ""
            if status.hasPrefix("portal-bff; hit") { lane.hitsAfterTheWebhook += 1 }
            if status.hasSuffix("detail=memory") { lane.memoryHitsAfterTheWebhook += 1 }
            lane.rounds += 1
        }
        return lane
    }
}
