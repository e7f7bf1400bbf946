import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: profile, orders, catalog and SIM")
struct CustomerRoutesTests {
    @Test func theProfileMergesSalesforceAndWhmcs() async throws {
        try await RouteHarness.withRouter { api in
            let seeded = api.sandbox.seed.customers[13]
            let response = try await api.get("/api/me", token: try await api.token(customer: 13))
            #expect(response.status == 200)
            #expect(response.json["name"] as? String == seeded.name)
            #expect(response.json["whmcsClientId"] as? Int == seeded.whmcsClientId)
            #expect(response.json["salesforceAccountId"] as? String == seeded.salesforceAccountId.value)
            #expect(response.json["customerId"] as? String == seeded.customerId)
        }
    }

    @Test func withWhmcsDownTheProfileStillComesFromSalesforce() async throws {
        try await RouteHarness.withRouter { api in
            var knobs = api.sandbox.whmcsKnobs.settings
            knobs.errorRate = 1
            api.sandbox.whmcsKnobs.settings = knobs
            let response = try await api.get("/api/me", token: try await api.token(customer: 14))
            #expect(response.status == 200)
            #expect(response.json["whmcsClientId"] == nil)
            #expect(response.json["name"] as? String == api.sandbox.seed.customers[14].name)
            #expect(response.headers["cache-status"] == "portal-bff; fwd=miss")
        }
    }

    @Test func ordersAndOneOrderOfTheCallerOnly() async throws {
        try await RouteHarness.withRouter { api in
            let mine = try await api.token(customer: 15)
            let listed = try await api.get("/api/orders", token: mine)
            #expect(listed.status == 200)
            let orders = try #require(listed.json["items"] as? [[String: Any]])
            #expect(orders.count == 2)
            let id = try #require(orders.first?["id"] as? String)
            let shown = try await api.get("/api/orders/\(id)", token: mine)
            #expect((shown.json["items"] as? [Any])?.count == 2)
            #expect(try await api.get("/api/orders/\(id)", token: try await api.token(customer: 16)).status == 404)
            #expect(try await api.get("/api/orders/not-an-id", token: mine).status == 400)
        }
    }

    @Test func theCatalogOfACategoryAndHostileCategoriesAreRefused() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 17)
            let categories = try await api.get("/api/catalog", token: token)
            #expect(categories.json["items"] as? [String] == ["equipment", "internet", "sim", "topup"])
            let sim = try await api.get("/api/catalog/sim", token: token)
            #expect((sim.json["items"] as? [Any])?.count == 4)
            #expect(try await api.get("/api/catalog/sim'%20OR%20Name%20!%3D%20'", token: token).status == 400)
        }
    }

    @Test func theSimOfASubscriptionAndItsUsage() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 18)
            let subscriptions = try #require(try await api.get("/api/subscriptions", token: token).json["items"] as? [[String: Any]])
            let mobile = try #require(subscriptions.first { $0["sim"] != nil }?["id"] as? Int)
            let sim = try await api.get("/api/subscriptions/\(mobile)/sim", token: token)
            #expect(sim.status == 200)
            #expect((sim.json["account"] as? String)?.count == 11)
            let usage = try await api.get("/api/subscriptions/\(mobile)/sim/usage", token: token)
            #expect(usage.status == 200)
            #expect((usage.json["days"] as? [Any])?.isEmpty == false)
            #expect(try await api.get("/api/subscriptions/\(mobile)/sim/usage?from=2026-13-01", token: token).status == 400)
        }
    }

    @Test func anotherCustomersSimIsNotFound() async throws {
        try await RouteHarness.withRouter { api in
            let theirs = try #require(
                try await api.get("/api/subscriptions", token: try await api.token(customer: 19)).json["items"] as? [[String: Any]]
            )
            let theirMobile = try #require(theirs.first { $0["sim"] != nil }?["id"] as? Int)
            let response = try await api.get("/api/subscriptions/\(theirMobile)/sim", token: try await api.token(customer: 1, cold: false))
            #expect(response.status == 404)
            #expect(api.sandbox.freebitKnobs.calls("freebit.getDetail") == 0)
        }
    }
}
