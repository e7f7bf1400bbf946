import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: dashboard")
struct DashboardRouteTests {
    /// Seeded customer 0 has unpaid invoices, so the dashboard names the one due first.
    @Test func theDashboardGathersEverySection() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 0)
            let response = try await api.get("/api/dashboard", token: token)
            #expect(response.status == 200)
            #expect((response.json["meta"] as? [String: Any])?["unavailable"] as? [String] == [])
            let counts = try #require(response.json["counts"] as? [String: Any])
            #expect(counts["orders"] as? Int == 2)
            #expect(counts["activeSubscriptions"] as? Int == (response.json["activeSubscriptions"] as? [Any])?.count)
            let unpaid = try await api.get("/api/invoices?status=unpaid&pageSize=100", token: token).json
            let unpaidItems = try #require(unpaid["items"] as? [[String: Any]])
            try #require(!unpaidItems.isEmpty, "seeded customer 0 has unpaid invoices")
            let dueFirst = unpaidItems.min { ($0["dueOn"] as? String ?? "") < ($1["dueOn"] as? String ?? "") }
            let next = try #require(response.json["nextUnpaidInvoice"] as? [String: Any])
            #expect(next["id"] as? Int == dueFirst?["id"] as? Int)
            #expect(next["status"] as? String == "unpaid")
            #expect(counts["unpaidInvoices"] as? Int == unpaid["total"] as? Int)
            #expect(response.json["simUsage"] is [String: Any])
            #expect(response.headers["cache-status"] == "portal-bff; fwd=miss; stored")
        }
    }

    @Test func aFailingSystemLeavesItsSectionOutAndTheDashboardUncached() async throws {
        try await RouteHarness.withRouter { api in
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
