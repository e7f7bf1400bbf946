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
                // The order's idempotency record is written (and acknowledged by the replica) before the 201.
                let orderId = try await api.placeOrder(customer: 14).orderId
                try await requestProvisioning(api, orderId, customer: 14)
                #expect(try await job(api, orderId)?.state == .queued)

                sentinels.replica.pause()
                await (try worker(api, "w1")).runOnce()
                let after = try #require(try await job(api, orderId))
                #expect(after.state == .queued, "put back: AddOrder was not sent")
                #expect(after.attempts == 1, "retried later, not dead-lettered")
                #expect(calls(api, "AddOrder") == 0)
            }
        }
    }
}
