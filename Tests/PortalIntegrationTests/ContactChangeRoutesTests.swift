import APITestSupport
import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

/// `PATCH /api/me` against the sandbox's WHMCS and Salesforce, on Redis database 6, one test at a time.
@Suite("Contact details changes", .serialized, .enabled(if: TestRedis.isAvailable))
struct ContactChangeRoutesTests {
    static let redisURL = TestRedis.url(database: 6)

    private func change(_ api: APIHarness, _ token: String, key: String? = UUID().uuidString, _ body: String) async throws -> UpstreamResponseView {
        var headers = ["Content-Type": "application/json"]
        if let key { headers["Idempotency-Key"] = key }
        return UpstreamResponseView(try await api.send("PATCH", "/api/me", token: token, headers: headers, body: Data(body.utf8)))
    }

    private static let tokyoAddress = #"{"postcode":"150-0002","prefecture":"東京都","city":"渋谷区","line1":"渋谷2-21-1","country":"jp"}"#

    @Test func aChangeReachesBothSystemsAndTheNextProfileShowsIt() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let seeded = api.sandbox.seed.customers[3]
            let token = try await api.token(customer: 3)
            _ = try await api.get("/api/me", token: token)
            #expect(try await api.get("/api/me", token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)

            let changed = try await change(api, token, #"{"email":"new.address@example.jp","address":\#(Self.tokyoAddress)}"#)
            #expect(changed.status == 200)
            #expect(changed.json["status"] as? String == "applied")
            #expect((changed.json["address"] as? [String: Any])?["country"] as? String == "JP")

            let profile = try await api.get("/api/me", token: token)
            #expect(profile.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect(String(decoding: profile.body, as: UTF8.self).contains("new.address@example.jp"))
            let whmcs = try #require(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId))
            let salesforce = try #require(api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId))
            #expect(whmcs.email == "new.address@example.jp")
            #expect(salesforce.email == whmcs.email)
            #expect(salesforce.postcode == "150-0002")
            #expect(whmcs.postcode == salesforce.postcode)
            #expect(whmcs.city == "渋谷区")
            #expect(salesforce.city == whmcs.city)
        }
    }

    @Test func everyBadFieldIsNamedAndNothingIsSent() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 4, cold: false)
            let before = api.sandbox.whmcsKnobs.calls("whmcs.UpdateClient")
            let bad = try await change(
                api,
                token,
                #"{"email":"not-an-email","phone":"12","nickname":"x","address":{"postcode":"1500002","prefecture":"東京都","city":"","line1":"1","country":"XX"}}"#
            )
            #expect(bad.status == 400)
            let fields = try #require(bad.error["fields"] as? [String: String])
            #expect(fields.keys.sorted() == ["address.city", "address.country", "email", "nickname", "phone"])
            let japanese = try await change(
                api,
                token,
                #"{"address":{"postcode":"1500002","prefecture":"東京都","city":"渋谷区","line1":"1","country":"JP"}}"#
            )
            #expect((japanese.error["fields"] as? [String: String])?.keys.sorted() == ["address.postcode"])
            #expect(try await change(api, token, "{}").status == 400)
            #expect(try await change(api, token, #"{"phone":null}"#).error["fields"] as? [String: String] == ["phone": "cannot be removed"])
            let noKey = try await change(api, token, key: nil, #"{"phone":"090-1234-5678"}"#)
            #expect((noKey.error["fields"] as? [String: String])?.keys.contains("Idempotency-Key") == true)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.UpdateClient") == before)
        }
    }

    @Test func anEmailAnotherClientHasIsAConflictNamingTheFieldAndChangesNothing() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 5, cold: false)
            let seeded = api.sandbox.seed.customers[5]
            let taken = try #require(api.sandbox.whmcsContact(clientId: api.sandbox.seed.customers[6].whmcsClientId)?.email)
            let updates = api.sandbox.salesforceKnobs.calls("salesforce.update")
            let refused = try await change(api, token, #"{"email":"\#(taken.uppercased())","phone":"090-0000-1111"}"#)
            #expect(refused.status == 409)
            #expect(refused.error["code"] as? String == "CONFLICT")
            #expect(refused.error["fields"] as? [String: String] == ["email": "is already in use"])
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.phone != "090-0000-1111")
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.update") == updates)
        }
    }

    @Test func aValueSalesforceRefusesPutsWhmcsBackAndNamesTheField() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 7)
            let seeded = api.sandbox.seed.customers[7]
            let whmcsBefore = try #require(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId))
            let antarctica = #"{"postcode":"AQ 1","prefecture":"Ross","city":"McMurdo","line1":"Station 1","country":"AQ"}"#
            let refused = try await change(api, token, #"{"address":\#(antarctica)}"#)
            #expect(refused.status == 400)
            #expect(refused.error["fields"] as? [String: String] == ["address.country": "is not accepted by our customer records"])
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.UpdateClient") == 2)
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId) == whmcsBefore)
            #expect(api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId)?.country == "JP")
        }
    }

    @Test func salesforceDownLeavesTheChangePendingUntilTheSynchronisationBringsItInLine() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 8)
            let seeded = api.sandbox.seed.customers[8]
            var failing = SimulatorKnobs.Settings()
            failing.errorRate = 1
            failing.actions = ["salesforce.update"]
            api.sandbox.salesforceKnobs.settings = failing
            let pending = try await change(api, token, #"{"phone":"080-2222-3333"}"#)
            #expect(pending.status == 202)
            #expect(pending.json["status"] as? String == "pending")
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.phone == "080-2222-3333")
            #expect(api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId)?.phone != "080-2222-3333")

            api.sandbox.salesforceKnobs.settings = SimulatorKnobs.Settings()
            try await eventually("Salesforce holds the change") {
                api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId)?.phone == "080-2222-3333"
            }
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.phone == "080-2222-3333")
        }
    }

    @Test func aPendingChangeThatSalesforceThenRefusesIsUndoneInWhmcs() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 10)
            let seeded = api.sandbox.seed.customers[10]
            var failing = SimulatorKnobs.Settings()
            failing.errorRate = 1
            failing.actions = ["salesforce.update"]
            api.sandbox.salesforceKnobs.settings = failing
            let antarctica = #"{"postcode":"AQ 1","prefecture":"Ross","city":"McMurdo","line1":"Station 1","country":"AQ"}"#
            let pending = try await change(api, token, #"{"address":\#(antarctica)}"#)
            #expect(pending.status == 202)
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.country == "AQ")

            api.sandbox.salesforceKnobs.settings = SimulatorKnobs.Settings()
            try await eventually("WHMCS holds Salesforce's address again") {
                api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.country == "JP"
            }
            let whmcs = api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)
            let salesforce = api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId)
            #expect(whmcs?.postcode == salesforce?.postcode)
            #expect(whmcs?.city == salesforce?.city)
        }
    }

    @Test func theSameKeyAnswersTheFirstChangeAndALostAnswerIsNotSentTwice() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 9, cold: false)
            let seeded = api.sandbox.seed.customers[9]
            let key = UUID().uuidString
            var losing = SimulatorKnobs.Settings()
            losing.lostAnswerRate = 1
            losing.timeoutDelay = .seconds(5)
            losing.actions = ["whmcs.UpdateClient"]
            api.sandbox.whmcsKnobs.settings = losing
            let lost = try await change(api, token, key: key, #"{"phone":"070-4444-5555"}"#)
            #expect(lost.status == 503)
            #expect(lost.error["code"] as? String == "OUTCOME_UNKNOWN")
            #expect(api.sandbox.whmcsContact(clientId: seeded.whmcsClientId)?.phone == "070-4444-5555")

            api.sandbox.whmcsKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await change(api, token, key: key, #"{"phone":"070-4444-5555"}"#)
            #expect(retried.status == 200)
            #expect(retried.replayed)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.UpdateClient") == 1)
            #expect(api.sandbox.salesforceContact(accountId: seeded.salesforceAccountId)?.phone == "070-4444-5555")
            let again = try await change(api, token, key: key, #"{"phone":"070-4444-5555"}"#)
            #expect(again.body == retried.body)
            #expect(again.replayed)
            let other = try await change(api, token, key: key, #"{"phone":"070-4444-6666"}"#)
            #expect(other.status == 409)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.UpdateClient") == 1)
        }
    }
}
