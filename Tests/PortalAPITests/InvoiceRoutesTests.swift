import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSandbox
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: invoices")
struct InvoiceRoutesTests {
    @Test func healthzAnswersWithARequestIdOrEchoesTheCallers() async throws {
        try await RouteHarness.withRouter { api in
            let generated = try await api.get("/healthz")
            #expect(generated.status == 200)
            #expect(generated.headers["x-request-id"]?.isEmpty == false)
            let echoed = try await api.get("/healthz", headers: ["X-Request-Id": "req-123"])
            #expect(echoed.headers["x-request-id"] == "req-123")
        }
    }

    @Test func withoutATokenTheAnswerIs401WithTheErrorShape() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/invoices", headers: ["X-Request-Id": "req-401"])
            #expect(response.status == 401)
            #expect(response.error["code"] as? String == "UNAUTHENTICATED")
            #expect(response.error["requestId"] as? String == "req-401")
            #expect(response.headers["www-authenticate"] == #"Bearer realm="portal""#)
        }
    }

    @Test func forgedAndExpiredTokensAre401() async throws {
        try await RouteHarness.withRouter { api in
            let forger = try await TokenVerifier(hmacSecret: "some-other-secret-0123456789abcdef")
            let forged = try await forger.token(
                for: Customer(userId: "cust-001", whmcsClientId: 1001, whmcsInstance: "default", salesforceAccountId: nil),
                expiresIn: 600
            )
            #expect(try await api.get("/api/invoices", token: forged).status == 401)
            let expired = try await api.token(customer: 1, expiresIn: -60, cold: false)
            #expect(try await api.get("/api/invoices", token: expired).status == 401)
        }
    }

    @Test func aPageOfInvoicesIsListedThenServedFromTheCache() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 2)
            let first = try await api.get("/api/invoices?page=1&pageSize=5", token: token)
            #expect(first.status == 200)
            #expect(first.json["total"] as? Int == 7)
            #expect((first.json["items"] as? [Any])?.count == 5)
            #expect(first.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            let second = try await api.get("/api/invoices?page=1&pageSize=5", token: token)
            #expect(second.headers["cache-status"]?.hasPrefix("portal-bff; hit; ttl=") == true)
            #expect(second.headers["etag"] == first.headers["etag"])
            #expect(second.body == first.body)
            let etag = try #require(first.headers["etag"])
            let notModified = try await api.get("/api/invoices?page=1&pageSize=5", token: token, headers: ["If-None-Match": etag])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)
        }
    }

    @Test func anInvoiceOfTheCallerHasItsItemsAndAnotherCustomersIsNotFound() async throws {
        try await RouteHarness.withRouter { api in
            let mine = try await api.token(customer: 3)
            let theirs = try await api.token(customer: 4)
            let theirInvoice = try #require(
                (try await api.get("/api/invoices?pageSize=5", token: theirs).json["items"] as? [[String: Any]])?.first?["id"] as? Int
            )
            let myInvoice = try #require(
                (try await api.get("/api/invoices?pageSize=5", token: mine).json["items"] as? [[String: Any]])?.first?["id"] as? Int
            )
            let shown = try await api.get("/api/invoices/\(myInvoice)", token: mine)
            #expect(shown.status == 200)
            #expect((shown.json["items"] as? [Any])?.count == 2)
            let refused = try await api.get("/api/invoices/\(theirInvoice)", token: mine)
            #expect(refused.status == 404)
            #expect(refused.error["code"] as? String == "NOT_FOUND")
            let missing = try await api.get("/api/invoices/999999999", token: mine)
            #expect(missing.status == 404)
            #expect(missing.body == refused.body.replacingRequestIds(with: missing))
        }
    }

    @Test func badQueryValuesAreNamedInFields() async throws {
        try await RouteHarness.withRouter { api in
            let response = try await api.get("/api/invoices?page=0&pageSize=1000&status=lost", token: try await api.token(customer: 5))
            #expect(response.status == 400)
            #expect(response.error["code"] as? String == "VALIDATION_FAILED")
            let fields = try #require(response.error["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["page", "pageSize", "status"])
        }
    }

    @Test func whmcsDownWithAStaleCachedPageAnswers200WithThatPageMarkedStale() async throws {
        try await RouteHarness.withRouter(freshSeconds: 1) { api in
            let token = try await api.token(customer: 6)
            let cached = try await api.get("/api/invoices", token: token)
            #expect(cached.status == 200)
            #expect(cached.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            try await Task.sleep(for: .milliseconds(1100))
            api.sandbox.whmcsKnobs.settings.errorRate = 1
            let calls = api.sandbox.whmcsKnobs.calls()

            let stale = try await api.get("/api/invoices", token: token)
            #expect(stale.status == 200)
            #expect(stale.headers["cache-status"] == "portal-bff; fwd=stale")
            #expect(api.sandbox.whmcsKnobs.calls() > calls, "past its fresh time the page is asked of WHMCS again")
            #expect((stale.json["items"] as? [Any])?.isEmpty == false)
            #expect(stale.body == cached.body, "the stale answer is the cached page (a page has no meta to mark)")
        }
    }

    @Test func whmcsDownWithNothingCachedIs503WithRetryAfterAndNoUpstreamText() async throws {
        try await RouteHarness.withRouter { api in
            let token = try await api.token(customer: 7)
            var knobs = api.sandbox.whmcsKnobs.settings
            knobs.errorRate = 1
            api.sandbox.whmcsKnobs.settings = knobs
            let response = try await api.get("/api/invoices", token: token)
            #expect(response.status == 503)
            #expect(response.error["code"] as? String == "UPSTREAM_UNAVAILABLE")
            #expect(response.headers["retry-after"] != nil)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(!text.contains("HTTP 500"))
            #expect(!text.contains("whmcs"))
        }
    }
}

extension Data {
    /// This error body with its request id swapped for `other`'s, to compare two errors' content.
    fileprivate func replacingRequestIds(with other: UpstreamResponse) -> Data {
        guard let mine = (try? JSONSerialization.jsonObject(with: self)) as? [String: [String: Any]],
            let theirs = other.error["requestId"] as? String, let id = mine["error"]?["requestId"] as? String
        else { return self }
        return Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: id, with: theirs).utf8)
    }
}
