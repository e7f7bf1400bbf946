import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// A queue written before its keys carried the `{provisioning}` hash tag, moved at start: nothing queued,
/// delivered or remembered is lost, and the workers carry on where the old version stopped.
@Suite("Provisioning queue: keys from before the hash tag", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct ProvisioningUntaggedKeysTests {
    private func writeUntaggedQueue(_ redis: RedisClient) async throws -> String {
        try await redis.send(RedisCommand("XGROUP", "CREATE", "pb:provisioning:jobs", "provisioners", "0", "MKSTREAM"))
        for order in ["801A", "801B"] {
            try await redis.send(RedisCommand("HSET", RedisArgument("pb:provisioning:job:\(order)"), "state", "queued", "accountId", "001A"))
            try await redis.send(RedisCommand("XADD", "pb:provisioning:jobs", "*", "orderId", RedisArgument(order)))
        }
        try await redis.send(RedisCommand("SET", "pb:provisioning:idem:event-1", "801A"))
        try await redis.send(RedisCommand("SET", "pb:provisioning:lock:801A", "old-worker"))
        try await redis.send(RedisCommand("XADD", "pb:provisioning:dead", "*", "orderId", "801C", "reason", "old"))
        // The old version's worker took 801A and had not acknowledged it.
        let delivered = try await redis.send(
            RedisCommand("XREADGROUP", "GROUP", "provisioners", "old-worker", "COUNT", "1", "STREAMS", "pb:provisioning:jobs", ">")
        )
        return "\(delivered)"
    }

    @Test func everyKeyMovesWithTheGroupsDeliveriesAndASecondStartMovesNothing() async throws {
        try await OwnRedisServer.withClient { (redis: RedisClient, _: String) async throws in
            _ = try await writeUntaggedQueue(redis)
            let queue = ProvisioningQueue(redis: redis)
            #expect(try await queue.prepare() == .init(moved: 6, leftBehind: 0))
            let untagged = try await redis.send(RedisCommand("SCAN", "0", "MATCH", "pb:provisioning:*", "COUNT", "1000"))
            #expect(untagged == .array([.bytes(Array("0".utf8)), .array([])]))

            let pending = try await redis.send(RedisCommand("XPENDING", RedisArgument(ProvisioningQueue.stream), "provisioners"))
            guard case .array(let summary) = pending else { throw NotReady(what: "an XPENDING summary") }
            #expect(summary.first == .integer(1), "the old worker's unacknowledged delivery is still pending")
            let next = try #require(try await queue.next(consumer: "new-worker"))
            #expect(next.orderId == "801B", "the new workers go on after what the group had delivered")
            #expect(try await queue.job("801B")?.accountId == "001A")
            #expect(
                try await queue.enqueue(orderId: "801D", accountId: nil, idempotencyKey: "event-1") == false,
                "the remembered event stays remembered"
            )
            #expect(try await queue.backlog().deadLetters == 1)
            #expect(try await queue.prepare() == .init())
        }
    }

    @Test func aKeyWhoseTaggedNameIsTakenIsLeftBehindAndCounted() async throws {
        try await OwnRedisServer.withClient { (redis: RedisClient, _: String) async throws in
            _ = try await writeUntaggedQueue(redis)
            try await redis.send(RedisCommand("SET", "pb:{provisioning}:idem:event-1", "801Z"))
            let moved = try await ProvisioningQueue(redis: redis).prepare()
            #expect(moved == .init(moved: 5, leftBehind: 1))
            #expect(try await redis.send(RedisCommand("GET", "pb:{provisioning}:idem:event-1")).string == "801Z", "nothing is overwritten")
            #expect(try await redis.send(RedisCommand("GET", "pb:provisioning:idem:event-1")).string == "801A")
        }
    }
}
