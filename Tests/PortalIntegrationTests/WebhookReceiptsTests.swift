import APITestSupport
import Foundation
import PortalCache
import PortalRedis
import PortalSupport
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Webhook receipts", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct WebhookReceiptsTests {
    @Test func sourcesAndIdsThatJoinToTheSameTextAreDifferentDeliveries() async throws {
        let redis = try TestRedis.client(poolSize: 1)
        let receipts = WebhookReceipts(redis: redis)
        let unique = UUID().uuidString
        #expect(try await receipts.claim(source: "whmcs:\(unique)", id: "b:c"))
        #expect(try await receipts.claim(source: "whmcs:\(unique):b", id: "c"))
        #expect(try await receipts.claim(source: "whmcs:\(unique)", id: "b:c") == false)
        await redis.shutdown()
    }
}
