import APITestSupport
import Domain
import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@testable import PortalApplication

/// Provisioning on a Sentinel-managed primary whose replica stops acknowledging: a step the replica may
/// not have is never taken as done.
extension ProvisioningTests {
    @Test func aJobWhoseSendingStepNoReplicaAcknowledgedIsPutBackAndSendsNothing() async throws {
        let sentinels = try SentinelSet()
        try await sentinels.start()
        try await withTeardown(sentinels, stop: { await $0.stop() }) { sentinels in
            try await APIHarness.withRunning(redisURL: sentinels.url(database: 0)) { api in
                let token = try await api.token(customer: 14)
                let placed = try await api.send(
                    "POST",
                    "/api/orders",
                    token: token,
                    headers: ["Idempotency-Key": UUID().uuidString, "Content-Type": "application/json"],
                    body: Data(#"{"items":[{"productId":"01t5g0000000001AAA"},{"productId":"01t5g0000000004AAA"}]}"#.utf8)
                )
                #expect(placed.status == 201, "the idempotency record was acknowledged by the replica")
                let orderId = try #require((placed.json["id"] as? String).flatMap(SalesforceId.init))
                try await requestProvisioning(api, orderId, customer: 14)
                #expect(try await job(api, orderId)?.state == .queued)

                try await sentinels.replica.stop()
                await (try worker(api, "w1")).runOnce()
                let after = try #require(try await job(api, orderId))
                #expect(after.state == .queued, "put back: AddOrder was not sent")
                #expect(after.attempts == 1, "retried later, not dead-lettered")
                #expect(calls(api, "AddOrder") == 0)
            }
        }
    }
}
