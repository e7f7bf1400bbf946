import APITestSupport
import Domain
import Foundation
import PortalSandbox
import TestSupport
import Testing

/// `POST /api/invoices/{id}/payment-session` against the sandbox's WHMCS, on Redis database 6.
@Suite("Payment links", .serialized, .enabled(if: TestRedis.isAvailable))
struct PaymentSessionRoutesTests {
    static let redisURL = TestRedis.url(database: 6)

    private func session(_ api: APIHarness, _ token: String, invoice: Int, key: String = UUID().uuidString) async throws -> UpstreamResponseView {
        UpstreamResponseView(
            try await api.send("POST", "/api/invoices/\(invoice)/payment-session", token: token, headers: ["Idempotency-Key": key])
        )
    }

    /// A seeded customer with an invoice of each status asked for (`unpaid`, `paid`, …), by index.
    private func customer(
        _ api: APIHarness,
        with statuses: [String],
        excluding excluded: Int? = nil
    ) async throws -> (index: Int, token: String, invoices: [Int]) {
        for index in 0..<api.sandbox.seed.customers.count where index != excluded {
            let token = try await api.token(customer: index, cold: false)
            var invoices: [Int] = []
            for status in statuses {
                let page = try await api.get("/api/invoices?status=\(status)&pageSize=5", token: token)
                guard let id = (page.json["items"] as? [[String: Any]])?.first?["id"] as? Int else { break }
                invoices.append(id)
            }
            if invoices.count == statuses.count { return (index, token, invoices) }
        }
        throw NoSuchCustomer()
    }

    private struct NoSuchCustomer: Error {}

    @Test func aLinkForAnUnpaidInvoiceOpensThatInvoiceOnceAndItsReplayIsTheSameLink() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let (_, token, invoices) = try await customer(api, with: ["unpaid"])
            let key = UUID().uuidString
            let started = Date()
            let created = try await session(api, token, invoice: invoices[0], key: key)
            #expect(created.status == 201)
            let url = try #require((created.json["url"] as? String).flatMap(URLComponents.init(string:)))
            #expect(url.path.hasSuffix("/oauth/singlesignon.php"))
            let expiresAt = try #require((created.json["expiresAt"] as? String).flatMap { Instant($0) })
            #expect(abs(Double(expiresAt.millisecondsSinceEpoch) / 1000 - started.timeIntervalSince1970 - 60) < 5)

            let replay = try await session(api, token, invoice: invoices[0], key: key)
            #expect(replay.replayed)
            #expect(replay.body == created.body)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.CreateSsoToken") == 1)
            let sso = try #require(api.sandbox.whmcsReceivedCalls.last { $0.fields["action"] == "CreateSsoToken" })
            #expect(sso.fields["sso_redirect_path"] == "viewinvoice.php?id=\(invoices[0])")
            #expect(sso.fields["destination"] == "sso:custom_redirect")

            let accessToken = try #require(url.queryItems?.first { $0.name == "access_token" }?.value)
            #expect(api.sandbox.redeemWhmcsAccessToken(accessToken) == "viewinvoice.php?id=\(invoices[0])")
            #expect(api.sandbox.redeemWhmcsAccessToken(accessToken) == nil)
        }
    }

    @Test func aPaidInvoiceIsAConflictAndAnotherCustomersIsNotFoundWithNoLinkMade() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let (index, token, invoices) = try await customer(api, with: ["paid"])
            let paid = try await session(api, token, invoice: invoices[0])
            #expect(paid.status == 409)
            #expect(paid.error["code"] as? String == "CONFLICT")
            let other = try await customer(api, with: ["unpaid"], excluding: index)
            let foreign = try await session(api, token, invoice: other.invoices[0])
            #expect(foreign.status == 404)
            #expect(try await session(api, token, invoice: 999_999).status == 404)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.CreateSsoToken") == 0)
        }
    }

    @Test func eachCustomerHasItsOwnSmallBudgetOfLinks() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let (_, token, invoices) = try await customer(api, with: ["unpaid"])
            for _ in 0..<5 { #expect(try await session(api, token, invoice: invoices[0]).status == 201) }
            let refused = try await session(api, token, invoice: invoices[0])
            #expect(refused.status == 429)
            #expect(refused.retryAfter != nil)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.CreateSsoToken") == 5)
        }
    }

    @Test func theLinkIsNeverLoggedAndItsAnswerForbidsCaching() async throws {
        let logs = LogCapture()
        try await APIHarness.withRunning(redisURL: Self.redisURL, logger: logs.logger()) { api in
            let (_, token, invoices) = try await customer(api, with: ["unpaid"])
            let created = UpstreamResponseView(
                try await api.send("POST", "/api/invoices/\(invoices[0])/payment-session", token: token, headers: ["Idempotency-Key": "k"])
            )
            let url = try #require(created.json["url"] as? String)
            let accessToken = try #require(URLComponents(string: url)?.queryItems?.first { $0.name == "access_token" }?.value)
            #expect(logs.all.contains { $0.contains("payment session answered") })
            #expect(!logs.text.contains(accessToken))
            let headers = try await api.send("POST", "/api/invoices/\(invoices[0])/payment-session", token: token, headers: ["Idempotency-Key": "k"])
            #expect(headers.headers["cache-control"] == "no-store")
        }
    }
}
