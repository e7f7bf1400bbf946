import APITestSupport
import Configuration
import Foundation
import PortalCache
import PortalSandbox
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

/// Support tickets through the sandbox's WHMCS, on Redis database 7, one test at a time: writes empty the
/// customer's cached tickets and keep idempotency keys.
@Suite("Support tickets", .serialized, .enabled(if: TestRedis.isAvailable))
struct TicketRoutesTests {
    static let redisURL = TestRedis.url(database: 7)

    private func post(
        _ api: APIHarness,
        _ token: String,
        _ path: String,
        key: String? = UUID().uuidString,
        _ body: String
    ) async throws
        -> UpstreamResponseView
    {
        var headers = ["Content-Type": "application/json"]
        if let key { headers["Idempotency-Key"] = key }
        return UpstreamResponseView(try await api.send("POST", path, token: token, headers: headers, body: Data(body.utf8)))
    }

    private func calls(_ api: APIHarness, _ action: String) -> [WhmcsReceivedCall] {
        api.sandbox.whmcsReceivedCalls.filter { $0.fields["action"] == action }
    }

    private func total(_ api: APIHarness, _ token: String) async throws -> Int {
        try #require(try await api.get("/api/tickets", token: token).json["total"] as? Int)
    }

    /// Knobs that make one WHMCS action time out: `lostAnswer` carries it out and loses the answer, otherwise
    /// it is dropped unprocessed. The harness gives up after 2 seconds.
    private func timingOut(_ action: String, lostAnswer: Bool) -> SimulatorKnobs.Settings {
        var knobs = SimulatorKnobs.Settings()
        if lostAnswer { knobs.lostAnswerRate = 1 } else { knobs.droppedRate = 1 }
        knobs.timeoutDelay = .seconds(5)
        knobs.actions = [action]
        return knobs
    }

    @Test func theListAndATicketAreTheCallersInPlainTextAndCached() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 1)
            let client = api.sandbox.seed.customers[1].whmcsClientId
            let list = try await api.get("/api/tickets?page=1&pageSize=5", token: token)
            #expect(list.status == 200)
            #expect(list.json["total"] as? Int == 2)
            #expect(list.json["pageSize"] as? Int == 5)
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.first?["subject"] as? String == "請求書 <10月分> & 領収書")
            #expect(calls(api, "GetTickets").last?.fields["clientid"] == String(client))
            #expect(try await api.get("/api/tickets?page=1&pageSize=5", token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)

            let id = try #require(items.first?["id"] as? Int)
            let ticket = try await api.get("/api/tickets/\(id)", token: token)
            #expect(ticket.status == 200)
            let messages = try #require(ticket.json["messages"] as? [[String: Any]])
            #expect(messages.map { $0["author"] as? String } == ["customer", "staff"])
            #expect(messages.first?["message"] as? String == "\"A&amp;B\" と書かれた領収書を再発行してください。")
            #expect(messages.last?["message"] as? String == "再発行しました。<マイページ> からご確認ください。")
            #expect(ticket.json["status"] as? String == "answered")
        }
    }

    @Test func anotherCustomersTicketIsNotFoundAndGetsNoReply() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let mine = try await api.token(customer: 2)
            let others = try await api.token(customer: 3)
            let theirs = try #require((try await api.get("/api/tickets", token: others).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let shown = try await api.get("/api/tickets/\(theirs)", token: mine)
            #expect(shown.status == 404)
            #expect(shown.error["code"] as? String == "NOT_FOUND")
            let replied = try await post(api, mine, "/api/tickets/\(theirs)/replies", #"{"message":"hello"}"#)
            #expect(replied.status == 404)
            #expect(calls(api, "AddTicketReply").isEmpty)
            let missing = try await api.get("/api/tickets/999999", token: mine)
            #expect(missing.status == 404)
            #expect(missing.error["code"] as? String == "NOT_FOUND")
        }
    }

    @Test func openingATicketSendsTheConfiguredDepartmentAndShowsOnTheNextRead() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 4)
            let client = api.sandbox.seed.customers[4].whmcsClientId
            let before = try await total(api, token)
            #expect(try await api.get("/api/tickets", token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let body = #"{"subject":"  Roaming <EU> & more ","message":"It says \"A&amp;B\"\nplease","subscriptionId":\#(client * 10 + 1)}"#
            let opened = try await post(api, token, "/api/tickets", body)
            #expect(opened.status == 201)
            #expect(opened.json["subject"] as? String == "Roaming <EU> & more")
            #expect(opened.json["subscriptionId"] as? Int == client * 10 + 1)
            #expect((opened.json["messages"] as? [[String: Any]])?.first?["message"] as? String == "It says \"A&amp;B\"\nplease")
            let sent = try #require(calls(api, "OpenTicket").last?.fields)
            #expect(sent["deptid"] == "1")
            #expect(sent["priority"] == "Medium")
            #expect(sent["clientid"] == String(client))
            #expect(sent["serviceid"] == String(client * 10 + 1))
            let after = try await api.get("/api/tickets", token: token)
            #expect(after.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect(after.json["total"] as? Int == before + 1)
        }
    }

    @Test func aReplyIsPostedAsTheCustomerAndEmptiesTheCachedTicket() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 5)
            let client = api.sandbox.seed.customers[5].whmcsClientId
            let id = try #require((try await api.get("/api/tickets", token: token).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await api.get("/api/tickets/\(id)", token: token).status == 200)
            #expect(try await api.get("/api/tickets/\(id)", token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let key = UUID().uuidString
            let replied = try await post(api, token, "/api/tickets/\(id)/replies", key: key, #"{"message":"Still <slow> & patchy"}"#)
            #expect(replied.status == 201)
            #expect((replied.json["messages"] as? [[String: Any]])?.last?["message"] as? String == "Still <slow> & patchy")
            #expect(replied.json["status"] as? String == "customerReply")
            #expect(calls(api, "AddTicketReply").last?.fields["clientid"] == String(client))
            let repeated = try await post(api, token, "/api/tickets/\(id)/replies", key: key, #"{"message":"Still <slow> & patchy"}"#)
            #expect(repeated.replayed)
            #expect(repeated.body == replied.body)
            #expect(calls(api, "AddTicketReply").count == 1)
            let after = try await api.get("/api/tickets/\(id)", token: token)
            #expect(after.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect((after.json["messages"] as? [Any])?.count == (replied.json["messages"] as? [Any])?.count)
        }
    }

    @Test func invalidBodiesNameTheirFieldsAndReachNoUpstreamWrite() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 6)
            let others = api.sandbox.seed.customers[7].whmcsClientId * 10 + 1
            let unknown = try await post(api, token, "/api/tickets", #"{"subject":"","message":"x","priority":"High","deptid":3}"#)
            #expect(unknown.status == 400)
            #expect((unknown.error["fields"] as? [String: String])?.keys.sorted() == ["deptid", "priority", "subject"])
            let long = try await post(api, token, "/api/tickets", #"{"subject":"\#(String(repeating: "a", count: 256))"}"#)
            #expect((long.error["fields"] as? [String: String])?.keys.sorted() == ["message", "subject"])
            let notMine = try await post(api, token, "/api/tickets", #"{"subject":"s","message":"m","subscriptionId":\#(others)}"#)
            #expect(notMine.status == 400)
            #expect((notMine.error["fields"] as? [String: String])?.keys.sorted() == ["subscriptionId"])
            let id = try #require((try await api.get("/api/tickets", token: token).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let blank = try await post(api, token, "/api/tickets/\(id)/replies", #"{"message":"   ","extra":1}"#)
            #expect((blank.error["fields"] as? [String: String])?.keys.sorted() == ["extra", "message"])
            let noKey = try await post(api, token, "/api/tickets", key: nil, #"{"subject":"s","message":"m"}"#)
            #expect(noKey.status == 400)
            #expect((noKey.error["fields"] as? [String: String])?.keys.sorted() == ["Idempotency-Key"])
            #expect(calls(api, "OpenTicket").isEmpty)
            #expect(calls(api, "AddTicketReply").isEmpty)
        }
    }

    @Test func theSameKeyReplaysTheFirstTicketAndAnotherBodyIsAConflict() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 8)
            let before = try await total(api, token)
            let key = UUID().uuidString
            let first = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Once","message":"only once"}"#)
            #expect(first.status == 201)
            #expect(!first.replayed)
            let again = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Once","message":"only once"}"#)
            #expect(again.status == 201)
            #expect(again.replayed)
            #expect(again.body == first.body)
            let other = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Twice","message":"another"}"#)
            #expect(other.status == 409)
            #expect(calls(api, "OpenTicket").count == 1)
            #expect(try await total(api, token) == before + 1)
        }
    }

    @Test func aTicketWhoseAnswerWasLostIsOpenedOnceAndItsRetryGetsIt() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 9)
            let before = try await total(api, token)
            let key = UUID().uuidString
            api.sandbox.whmcsKnobs.settings = timingOut("whmcs.OpenTicket", lostAnswer: true)
            let lost = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Lost answer","message":"hello"}"#)
            #expect(lost.status == 503)
            #expect(lost.error["code"] as? String == "OUTCOME_UNKNOWN")

            api.sandbox.whmcsKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Lost answer","message":"hello"}"#)
            #expect(retried.status == 201)
            #expect(retried.replayed)
            #expect(retried.json["subject"] as? String == "Lost answer")
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.OpenTicket") == 1)
            #expect(try await total(api, token) == before + 1)
        }
    }

    @Test func aTicketThatWasDroppedIsOpenedOnceByItsRetry() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 10)
            let before = try await total(api, token)
            let key = UUID().uuidString
            api.sandbox.whmcsKnobs.settings = timingOut("whmcs.OpenTicket", lostAnswer: false)
            #expect(try await post(api, token, "/api/tickets", key: key, #"{"subject":"Dropped","message":"hello"}"#).status == 503)

            api.sandbox.whmcsKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await post(api, token, "/api/tickets", key: key, #"{"subject":"Dropped","message":"hello"}"#)
            #expect(retried.status == 201)
            #expect(!retried.replayed)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.OpenTicket") == 2)
            #expect(try await total(api, token) == before + 1)
        }
    }

    @Test func aReplyWhoseAnswerWasLostIsPostedOnce() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 11)
            let id = try #require((try await api.get("/api/tickets", token: token).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let key = UUID().uuidString
            api.sandbox.whmcsKnobs.settings = timingOut("whmcs.AddTicketReply", lostAnswer: true)
            let lost = try await post(api, token, "/api/tickets/\(id)/replies", key: key, #"{"message":"are you there?"}"#)
            #expect(lost.status == 503)
            api.sandbox.whmcsKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await post(api, token, "/api/tickets/\(id)/replies", key: key, #"{"message":"are you there?"}"#)
            #expect(retried.status == 201)
            #expect(retried.replayed)
            let messages = try #require(retried.json["messages"] as? [[String: Any]])
            #expect(messages.filter { $0["message"] as? String == "are you there?" }.count == 1)
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.AddTicketReply") == 1)
        }
    }

    @Test func aSignedTicketWebhookEmptiesOnlyThatCustomersTickets() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let mine = try await api.token(customer: 12)
            let others = try await api.token(customer: 13)
            let id = try #require((try await api.get("/api/tickets", token: mine).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await api.get("/api/tickets", token: others).status == 200)
            #expect(try await api.get("/api/tickets", token: mine).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let instance = api.sandbox.seed.customers[12].whmcsInstance
            let event = #"{"id":"\#(UUID().uuidString)","event":"TicketAdminReply","occurredAt":"2026-11-23T10:00:00Z","data":{"ticketid":"\#(id)"}}"#
            let answer = try await api.webhook("/webhooks/whmcs/\(instance)", event)
            #expect(answer.status == 200)
            #expect(answer.json["status"] as? String == "processed")
            #expect(try await api.get("/api/tickets", token: mine).headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect(try await api.get("/api/tickets", token: others).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
        }
    }

    @Test func anUnknownConfiguredDepartmentIsAnUpstreamErrorNotAMissingTicket() async throws {
        try await APIHarness.withRunning(
            redisURL: Self.redisURL,
            configuration: ["whmcs.default.tickets.departmentId": ConfigValue(.int(99), isSecret: false)]
        ) { api in
            let token = try await api.token(customer: 0)
            let refused = try await post(api, token, "/api/tickets", #"{"subject":"s","message":"m"}"#)
            #expect(refused.status == 502)
            #expect(refused.error["code"] as? String == "UPSTREAM_ERROR")
            #expect(calls(api, "OpenTicket").last?.fields["deptid"] == "99")
            let retried = try await post(api, token, "/api/tickets", #"{"subject":"s","message":"m"}"#)
            #expect(retried.status == 502)
        }
    }
}
