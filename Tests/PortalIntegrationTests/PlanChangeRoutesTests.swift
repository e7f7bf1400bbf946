import APITestSupport
import Configuration
import Domain
import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

/// SIM plan changes through the sandbox's Freebit, on Redis database 8, one at a time.
@Suite("SIM plan changes", .serialized, .enabled(if: TestRedis.isAvailable))
struct PlanChangeRoutesTests {
    static let redisURL = TestRedis.url(database: 8)

    /// Data plans (one of them, `PSX99G`, unknown to the sandbox's Freebit) and a voice plan.
    static let plans: [AbsoluteConfigKey: ConfigValue] = {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "freebit.plans": .init(.stringArray(["PSP3G", "PSP10G", "PSP20G", "PSV20G", "PSX99G"]), isSecret: false)
        ]
        for (code, name, price, family, today) in [
            ("PSP3G", "データ 3GB", "990", "data", true), ("PSP10G", "データ 10GB", "3800", "data", false),
            ("PSP20G", "データ 20GB", "4980", "data", false), ("PSV20G", "音声 20GB", "5980", "voice", true),
            ("PSX99G", "データ 99GB", "9900", "data", true),
        ] {
            values[AbsoluteConfigKey(["freebit", "plan", code, "name"])] = .init(.string(name), isSecret: false)
            values[AbsoluteConfigKey(["freebit", "plan", code, "monthlyPrice"])] = .init(.string(price), isSecret: false)
            values[AbsoluteConfigKey(["freebit", "plan", code, "family"])] = .init(.string(family), isSecret: false)
            values[AbsoluteConfigKey(["freebit", "plan", code, "changesToday"])] = .init(.bool(today), isSecret: false)
        }
        return values
    }()

    var today: LocalDate { JapanDate.today() }
    var nextMonth: LocalDate { PlanChangeRequest.firstOfNextMonth(after: today) }

    private func running(_ body: (APIHarness) async throws -> Void) async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2), configuration: Self.plans, body)
    }

    private func service(_ api: APIHarness, _ customer: Int) -> Int { api.sandbox.seed.customers[customer].whmcsClientId * 10 + 1 }

    private func change(
        _ api: APIHarness,
        _ token: String,
        service: Int,
        key: String = UUID().uuidString,
        _ body: String
    ) async throws
        -> UpstreamResponseView
    {
        UpstreamResponseView(
            try await api.send(
                "POST",
                "/api/subscriptions/\(service)/sim/plan-change",
                token: token,
                headers: ["Idempotency-Key": key, "Content-Type": "application/json"],
                body: Data(body.utf8)
            )
        )
    }

    private func changePlanCalls(_ api: APIHarness) -> Int { api.sandbox.freebitKnobs.calls("freebit.changePlan") }

    @Test func theCallersSimListsItsFamilysPlansWithTheCurrentOneMarked() async throws {
        try await running { api in
            let token = try await api.token(customer: 0)
            let listed = try await api.get("/api/subscriptions/\(service(api, 0))/sim/plans", token: token)
            #expect(listed.status == 200)
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["code"] as? String } == ["PSP3G", "PSP10G", "PSP20G", "PSX99G"])
            #expect(items.filter { $0["current"] as? Bool == true }.compactMap { $0["code"] as? String } == ["PSP10G"])
            #expect(listed.json["family"] as? String == "data")
            #expect(listed.json["currentPlanCode"] as? String == "PSP10G")
            #expect(listed.json["defaultEffectiveOn"] as? String == nextMonth.description)
            #expect((items.first?["monthlyPrice"] as? [String: Any])?["amount"] as? String == "990")
            #expect(items.first?["changesToday"] as? Bool == true)
        }
    }

    @Test func anotherCustomersSubscriptionIsNotFoundAndFreebitIsNotAsked() async throws {
        try await running { api in
            let token = try await api.token(customer: 1)
            let someoneElses = service(api, 2)
            let calls = api.sandbox.freebitKnobs.calls()
            let listed = try await api.get("/api/subscriptions/\(someoneElses)/sim/plans", token: token)
            #expect(listed.status == 404)
            let changed = try await change(api, token, service: someoneElses, #"{"planCode":"PSP20G"}"#)
            #expect(changed.status == 404)
            #expect(changed.error["code"] as? String == "NOT_FOUND")
            #expect(api.sandbox.freebitKnobs.calls() == calls)
            #expect(changePlanCalls(api) == 0)
        }
    }

    @Test func invalidRequestsNameTheirFieldsAndSendNothing() async throws {
        try await running { api in
            let token = try await api.token(customer: 3)
            let sim = service(api, 3)
            func fields(_ body: String) async throws -> [String: String] {
                let answer = try await change(api, token, service: sim, body)
                #expect(answer.status == 400)
                #expect(answer.error["code"] as? String == "VALIDATION_FAILED")
                return answer.error["fields"] as? [String: String] ?? [:]
            }
            #expect(try await fields(#"{"planCode":"PSP20G","effectiveOn":"2026-13-01"}"#).keys.sorted() == ["effectiveOn"])
            #expect(try await fields(#"{"planCode":"PSP20G","effectiveOn":"\#(today)"}"#).keys.sorted() == ["effectiveOn"])
            let midMonth = try #require(nextMonth.adding(days: 14))
            #expect(try await fields(#"{"planCode":"PSP3G","effectiveOn":"\#(midMonth)"}"#).keys.sorted() == ["effectiveOn"])
            #expect(try await fields(#"{"planCode":"NOPE"}"#).keys.sorted() == ["planCode"])
            #expect(try await fields(#"{"effectiveOn":"\#(nextMonth)","extra":1}"#).keys.sorted() == ["extra", "planCode"])
            let voice = try await fields(#"{"planCode":"PSV20G"}"#)
            #expect(voice["planCode"]?.contains("voice") == true)
            #expect(changePlanCalls(api) == 0)
        }
    }

    @Test func aScheduledChangeIsSentOnceShowsAsPendingAndTakesEffectOnItsDate() async throws {
        try await running { api in
            let token = try await api.token(customer: 4)
            let sim = "/api/subscriptions/\(service(api, 4))/sim"
            #expect(try await api.get(sim, token: token).json["pendingPlanChange"] == nil)
            #expect(try await api.get(sim, token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let key = UUID().uuidString
            let first = try await change(api, token, service: service(api, 4), key: key, #"{"planCode":"PSP20G"}"#)
            #expect(first.status == 200)
            #expect(first.json["planCode"] as? String == "PSP20G")
            #expect(first.json["planName"] as? String == "データ 20GB")
            #expect(first.json["effectiveOn"] as? String == nextMonth.description)
            #expect(first.json["scheduled"] as? Bool == true)
            let replayed = try await change(api, token, service: service(api, 4), key: key, #"{"planCode":"PSP20G"}"#)
            #expect(replayed.replayed)
            #expect(replayed.body == first.body)
            #expect(changePlanCalls(api) == 1)

            let after = try await api.get(sim, token: token)
            #expect(after.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            let pending = try #require(after.json["pendingPlanChange"] as? [String: Any])
            #expect(pending["planCode"] as? String == "PSP20G")
            #expect(pending["planName"] as? String == "データ 20GB")
            #expect(pending["effectiveOn"] as? String == nextMonth.description)
            #expect(after.json["planCode"] as? String == "PSP10G")

            let another = try await change(api, token, service: service(api, 4), #"{"planCode":"PSP3G"}"#)
            #expect(another.status == 409)
            #expect(another.error["code"] as? String == "CONFLICT")
            #expect((another.error["message"] as? String)?.contains("already scheduled") == true)
            #expect(changePlanCalls(api) == 1)

            api.sandbox.freebitToday = nextMonth
            let later = try await api.get(sim, token: try await api.token(customer: 4))
            #expect(later.json["pendingPlanChange"] == nil)
            #expect(later.json["planCode"] as? String == "PSP20G")
            #expect(later.json["planName"] as? String == "データ 20GB")
        }
    }

    @Test func aChangeTodayIsImmediateAndTheSamePlanIsAConflict() async throws {
        try await running { api in
            let token = try await api.token(customer: 5)
            let sim = service(api, 5)
            let now = try await change(api, token, service: sim, #"{"planCode":"PSP3G","effectiveOn":"\#(today)"}"#)
            #expect(now.status == 200)
            #expect(now.json["scheduled"] as? Bool == false)
            let details = try await api.get("/api/subscriptions/\(sim)/sim", token: token)
            #expect(details.json["planCode"] as? String == "PSP3G")
            #expect(details.json["pendingPlanChange"] == nil)
            let plans = try #require(try await api.get("/api/subscriptions/\(sim)/sim/plans", token: token).json["items"] as? [[String: Any]])
            #expect(plans.filter { $0["current"] as? Bool == true }.compactMap { $0["code"] as? String } == ["PSP3G"])

            let same = try await change(api, token, service: sim, #"{"planCode":"PSP3G","effectiveOn":"\#(today)"}"#)
            #expect(same.status == 409)
            #expect(same.error["code"] as? String == "CONFLICT")
            #expect((same.error["fields"] as? [String: String])?.keys.sorted() == ["planCode"])
            #expect(changePlanCalls(api) == 1)
        }
    }

    @Test func aPlanFreebitDoesNotKnowIsAValidationErrorOnPlanCode() async throws {
        try await running { api in
            let token = try await api.token(customer: 7)
            let refused = try await change(api, token, service: service(api, 7), #"{"planCode":"PSX99G"}"#)
            #expect(refused.status == 400)
            #expect(refused.error["code"] as? String == "VALIDATION_FAILED")
            #expect((refused.error["fields"] as? [String: String])?.keys.sorted() == ["planCode"])
            #expect(String(decoding: refused.body, as: UTF8.self).contains("Parameter error") == false)
            #expect(changePlanCalls(api) == 1)
            let retried = try await change(api, token, service: service(api, 7), #"{"planCode":"PSP20G"}"#)
            #expect(retried.status == 200)
        }
    }

    @Test func aChangeWhoseAnswerWasLostIsNotSentAgainByItsRetry() async throws {
        try await running { api in
            let token = try await api.token(customer: 8)
            let key = UUID().uuidString
            var knobs = SimulatorKnobs.Settings()
            knobs.lostAnswerRate = 1
            knobs.timeoutDelay = .seconds(5)
            knobs.actions = ["freebit.changePlan"]
            api.sandbox.freebitKnobs.settings = knobs
            let lost = try await change(api, token, service: service(api, 8), key: key, #"{"planCode":"PSP20G"}"#)
            #expect(lost.status == 503)
            #expect(lost.error["code"] as? String == "OUTCOME_UNKNOWN")

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await change(api, token, service: service(api, 8), key: key, #"{"planCode":"PSP20G"}"#)
            #expect(retried.status == 200)
            #expect(retried.replayed)
            #expect(retried.json["planCode"] as? String == "PSP20G")
            #expect(retried.json["scheduled"] as? Bool == true)
            #expect(changePlanCalls(api) == 1)
            let pending = try await api.get("/api/subscriptions/\(service(api, 8))/sim", token: token).json["pendingPlanChange"]
            #expect((pending as? [String: Any])?["planCode"] as? String == "PSP20G")
        }
    }

    @Test func aChangeThatWasDroppedIsSentOnceMoreByItsRetry() async throws {
        try await running { api in
            let token = try await api.token(customer: 9)
            let key = UUID().uuidString
            var knobs = SimulatorKnobs.Settings()
            knobs.droppedRate = 1
            knobs.timeoutDelay = .seconds(5)
            knobs.actions = ["freebit.changePlan"]
            api.sandbox.freebitKnobs.settings = knobs
            #expect(try await change(api, token, service: service(api, 9), key: key, #"{"planCode":"PSP20G"}"#).status == 503)

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await change(api, token, service: service(api, 9), key: key, #"{"planCode":"PSP20G"}"#)
            #expect(retried.status == 200)
            #expect(!retried.replayed)
            #expect(changePlanCalls(api) == 2)
        }
    }

    @Test func aChangeWaitsForATopUpOfTheSameSimWhoseOutcomeIsUnknown() async throws {
        try await running { api in
            let token = try await api.token(customer: 10)
            let sim = service(api, 10)
            func topUp(_ key: String) async throws -> UpstreamResponseView {
                UpstreamResponseView(
                    try await api.send(
                        "POST",
                        "/api/subscriptions/\(sim)/sim/top-up",
                        token: token,
                        headers: ["Idempotency-Key": key, "Content-Type": "application/json"],
                        body: Data(#"{"megabytes":1000}"#.utf8)
                    )
                )
            }
            let topUpKey = UUID().uuidString
            var knobs = SimulatorKnobs.Settings()
            knobs.lostAnswerRate = 1
            knobs.timeoutDelay = .seconds(5)
            knobs.actions = ["freebit.addSpec"]
            api.sandbox.freebitKnobs.settings = knobs
            #expect(try await topUp(topUpKey).status == 503)
            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()

            let waiting = try await change(api, token, service: sim, #"{"planCode":"PSP20G"}"#)
            #expect(waiting.status == 409)
            #expect(waiting.retryAfter != nil)
            #expect(changePlanCalls(api) == 0)

            #expect(try await topUp(topUpKey).status == 200)
            let changed = try await change(api, token, service: sim, #"{"planCode":"PSP20G"}"#)
            #expect(changed.status == 200)
            #expect(changePlanCalls(api) == 1)
        }
    }

    @Test func freebitRefusalsAreShownAsStableErrors() {
        #expect(SimPlanChangeWrite.shown(.unknownPlan) == .invalid(["planCode": "is not a plan this SIM can change to"]))
        #expect(APIError(SimPlanChangeWrite.shown(.invalidDate)).code == "VALIDATION_FAILED")
        for refusal in [SimPlanChangeRefusal.changePending, .notAllowed, .samePlan] {
            #expect(APIError(SimPlanChangeWrite.shown(refusal)).code == "CONFLICT")
        }
    }
}
