import Foundation
import PortalAPI
import TestSupport
import Testing
@testable import PortalApplication
import PortalSupport
import PortalCache

@Suite("Portal API: dashboard", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct DashboardRouteTests {
    @Test func theDashboardGathersEverySection() async throws {
        try await APIHarness.withRunning { api in
            let response = try await api.get("/api/dashboard", token: try await api.token(customer: 0))
            #expect(response.status == 200)
            #expect((response.json["meta"] as? [String: Any])?["unavailable"] as? [String] == [])
            let counts = try #require(response.json["counts"] as? [String: Any])
            #expect(counts["orders"] as? Int == 2)
            #expect(counts["activeSubscriptions"] as? Int == (response.json["activeSubscriptions"] as? [Any])?.count)
            #expect(response.json["nextUnpaidInvoice"] is [String: Any] || (counts["unpaidInvoices"] as? Int) == 0)
            #expect(response.json["simUsage"] is [String: Any])
            #expect(response.headers["cache-status"] == "portal-bff; fwd=miss; stored")
        }
    }

    @Test func aFailingSystemLeavesItsSectionOutAndTheDashboardUncached() async throws {
        try await APIHarness.withRunning { api in
            var knobs = api.sandbox.salesforceKnobs.settings
            knobs.errorRate = 1
            api.sandbox.salesforceKnobs.settings = knobs
            let response = try await api.get("/api/dashboard", token: try await api.token(customer: 8))
            #expect(response.status == 200)
            #expect((response.json["meta"] as? [String: Any])?["unavailable"] as? [String] == ["orders"])
            #expect(response.json["recentOrders"] == nil)
            #expect(response.json["activeSubscriptions"] is [Any])
            #expect(response.headers["cache-status"] == "portal-bff; fwd=miss")
        }
    }
}
