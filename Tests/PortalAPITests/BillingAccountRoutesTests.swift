import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: subscriptions and payment methods")
struct BillingAccountRoutesTests {
    @Test func subscriptionsAreAListWithTheirSim() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/subscriptions", token: try await api.token(customer: 9))
            #expect(response.status == 200)
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(response.json["total"] as? Int == items.count)
            #expect(items.contains { ($0["sim"] as? [String: Any])?["account"] != nil })
            #expect(!String(decoding: response.body, as: UTF8.self).contains("sandbox-service-password"))
        }
    }

    @Test func theStatusFilterKeepsOnlyThatStatus() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 9)
            let all = try #require(try await api.get("/api/subscriptions", token: token).json["items"] as? [[String: Any]])
            let statuses = Set(all.compactMap { $0["status"] as? String })
            try #require(statuses.contains("active") && statuses.count > 1, "seeded customer 9 has active and other subscriptions: \(statuses)")
            for status in statuses {
                let filtered = try #require(try await api.get("/api/subscriptions?status=\(status)", token: token).json["items"] as? [[String: Any]])
                let expected = all.filter { $0["status"] as? String == status }.compactMap { $0["id"] as? Int }
                #expect(!filtered.isEmpty)
                #expect(filtered.compactMap { $0["id"] as? Int } == expected, "\(status): only its subscriptions, all of them")
            }
            #expect(try await api.get("/api/subscriptions?status=sleeping", token: token).status == 400)
        }
    }

    @Test func oneSubscriptionOfTheCallerAndNotAnotherCustomers() async throws {
        try await RouteHarness.withRouter { api in
            let mine = try await api.token(customer: 10)
            let theirs = try await api.token(customer: 11)
            let myId = try #require(((try await api.get("/api/subscriptions", token: mine)).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let theirId = try #require(
                ((try await api.get("/api/subscriptions", token: theirs)).json["items"] as? [[String: Any]])?.first?["id"] as? Int
            )
            #expect(try await api.get("/api/subscriptions/\(myId)", token: mine).json["id"] as? Int == myId)
            let refused = try await api.get("/api/subscriptions/\(theirId)", token: mine)
            #expect(refused.status == 404)
            #expect(try await api.get("/api/subscriptions/abc", token: mine).status == 400)
        }
    }

    @Test func paymentMethodsAreMasked() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/payment-methods", token: try await api.token(customer: 12))
            #expect(response.status == 200)
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect((items[0]["lastFour"] as? String)?.count == 4)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(!text.contains("pm_sandbox"))
            #expect(!text.contains("remote_token"))
        }
    }
}
