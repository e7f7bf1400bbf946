import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

/// The near cache over a Sentinel-managed primary: when the sentinels name another master, its
/// invalidation connection follows (memory is emptied meanwhile), so memory answers again from the new
/// master and never with what was changed there.
@Suite("Near cache over Sentinel", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct NearCacheOverSentinelTests {
    @Test func afterAFailoverWhileUpMemoryAnswersAgainFromTheNewMasterAndSeesItsChanges() async throws {
        let sentinels = try SentinelSet()
        try await sentinels.start()
        try await withTeardown(sentinels, stop: { await $0.stop() }) { sentinels in
            try await NearCacheClients.with(url: sentinels.url(database: 3)) { clients in
                let key = CacheKey(group: CacheGroup(tag: "whmcs:default:\(UUID().uuidString)", name: "invoices")!, field: "page=1")
                try await eventually("the near cache's lease") { clients.near.leaseHolds() }
                try await eventually("a memory hit before the failover") { isMemoryHit(try await clients.read(key, loading: "v1")) }

                try await sentinels.failOver()
                try await eventually("the sentinels naming the replica", timeout: .seconds(20)) {
                    try await sentinels.masterPort() == sentinels.replica.port
                }
                try await eventually("a write accepted by the new master", timeout: .seconds(20)) {
                    (try? await clients.otherRedis.send(RedisCommand("SET", "near:probe", "1"))) == .status("OK")
                }
                // No replica acknowledges until the old master has become one.
                try await clients.changeElsewhere(key, to: "v2")
                let changed = ContinuousClock.now
                try await eventually("a memory hit from the new master", timeout: .seconds(10)) {
                    let value = try await clients.read(key, loading: "v3")
                    #expect(String(decoding: value.body, as: UTF8.self) != "v1", "never the body from before the change")
                    return isMemoryHit(value)
                }
                #expect(ContinuousClock.now - changed < .seconds(5), "memory answers again within 5 s of the change on the new master")
            }
        }
    }
}
