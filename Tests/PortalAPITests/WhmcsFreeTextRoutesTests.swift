import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

/// The sandbox answers WHMCS free text HTML-escaped, as WHMCS stores it; the customer sees what was typed.
@Suite("Portal API: WHMCS free text")
struct WhmcsFreeTextRoutesTests {
    @Test func invoiceItemsWhmcsStoresEscapedReachTheCustomerAsTyped() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 5, cold: false)
            let listed = try await api.get("/api/invoices?pageSize=5", token: token)
            let id = try #require((listed.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let shown = try await api.get("/api/invoices/\(id)", token: token)
            #expect(shown.status == 200)
            let descriptions = (shown.json["items"] as? [[String: Any]] ?? []).compactMap { $0["description"] as? String }
            #expect(descriptions.contains("ユニバーサルサービス料 & 電話リレーサービス料"))
            #expect(!String(decoding: shown.body, as: UTF8.self).contains("&amp;"))
        }
    }

    @Test func aPayMethodDescriptionWhmcsStoresEscapedReachesTheCustomerAsTyped() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/payment-methods", token: try await api.token(customer: 5, cold: false))
            #expect(response.status == 200)
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.map { $0["description"] as? String } == [#"仕事用 "法人" カード (O'Brien & Co.)"#])
        }
    }

    @Test func aRemoteBankAccountWithoutDescriptionIsCalledABankAccountNotByItsWhmcsTypeName() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/payment-methods", token: try await api.token(customer: 7, cold: false))
            #expect(response.status == 200)
            let method = try #require((response.json["items"] as? [[String: Any]])?.first)
            #expect(method["type"] as? String == "bankAccount")
            #expect(method["description"] as? String == "Bank account")
            #expect(method["lastFour"] as? String != nil)
            #expect(!String(decoding: response.body, as: UTF8.self).contains("ba_sandbox"))
        }
    }
}
