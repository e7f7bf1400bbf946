import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Verified token cache")
struct VerifiedTokensTests {
    private let customer = Customer(userId: "cust-001", whmcsClientId: 1001, whmcsInstance: "default", salesforceAccountId: nil)

    @Test func aTokenIsRememberedUntilItExpiresThenForgotten() {
        let tokens = VerifiedTokens()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        tokens.remember("t", as: customer, until: now.addingTimeInterval(60))
        #expect(tokens.customer(for: "t", now: now) == customer)
        #expect(tokens.customer(for: "other", now: now) == nil)
        #expect(tokens.customer(for: "t", now: now.addingTimeInterval(60)) == nil)
        #expect(tokens.customer(for: "t", now: now) == nil)
    }

    @Test func whenFullItStartsAfresh() {
        let tokens = VerifiedTokens(capacity: 2)
        let later = Date().addingTimeInterval(600)
        tokens.remember("a", as: customer, until: later)
        tokens.remember("b", as: customer, until: later)
        tokens.remember("c", as: customer, until: later)
        #expect(tokens.customer(for: "a") == nil)
        #expect(tokens.customer(for: "c") == customer)
    }
}
