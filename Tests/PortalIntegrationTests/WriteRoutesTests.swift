import APITestSupport
import Foundation
import PortalCache
import PortalSandbox
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

/// Write suites use Redis database 2 and run one at a time: placing an order empties the customer's cached
/// orders, which other suites' customers must not feel.
@Suite("Orders and top-ups", .serialized, .enabled(if: TestRedis.isAvailable))
struct WriteRoutesTests {
    static let redisURL = TestRedis.url(database: 2)

    /// A catalog product with exactly one price, as the catalog route shows it.
    private func product(_ api: APIHarness, _ token: String) async throws -> (id: String, price: [String: Any]) {
        let categories = try #require(try await api.get("/api/catalog", token: token).json["items"] as? [String])
        for category in categories {
            for product in try #require(try await api.get("/api/catalog/\(category)", token: token).json["items"] as? [[String: Any]]) {
                if let prices = product["prices"] as? [[String: Any]], prices.count == 1, let id = product["id"] as? String { return (id, prices[0]) }
            }
        }
        throw NoSuchProduct()
    }

    private struct NoSuchProduct: Error {}

    private func place(_ api: APIHarness, _ token: String, key: String?, _ body: String) async throws -> UpstreamResponseView {
        var headers = ["Content-Type": "application/json"]
        if let key { headers["Idempotency-Key"] = key }
        return UpstreamResponseView(try await api.send("POST", "/api/orders", token: token, headers: headers, body: Data(body.utf8)))
    }

    @Test func anOrderIsPlacedWithCatalogPricesAndShowsInTheOrders() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 9)
            let before = try #require(try await api.get("/api/orders", token: token).json["items"] as? [Any]).count
            let (productId, price) = try await product(api, token)
            let placed = try await place(api, token, key: UUID().uuidString, #"{"items":[{"productId":"\#(productId)","quantity":2}]}"#)
            #expect(placed.status == 201)
            let items = try #require(placed.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["productId"] as? String == productId)
            #expect(
                (items.first?["unitPrice"] as? [String: Any])?["amount"] as? String == (price["unitPrice"] as? [String: Any])?["amount"] as? String
            )
            let orders = try await api.get("/api/orders", token: token)
            #expect(orders.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect((orders.json["items"] as? [Any])?.count == before + 1)
        }
    }

    @Test func theSameKeyAnswersTheSameOrderEvenConcurrentlyAndAnotherBodyIsAConflict() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 10)
            let (productId, _) = try await product(api, token)
            let body = #"{"items":[{"productId":"\#(productId)","quantity":1}]}"#
            let key = UUID().uuidString
            let creates = api.sandbox.salesforceKnobs.calls("salesforce.createTree")
            async let first = place(api, token, key: key, body)
            async let second = place(api, token, key: key, body)
            let (a, b) = try await (first, second)
            #expect(a.status == 201)
            #expect(b.status == 201)
            let orderId = try #require((a.json["summary"] as? [String: Any])?["id"] as? String ?? a.json["id"] as? String)
            #expect(a.body == b.body)
            #expect([a.replayed, b.replayed].filter { $0 }.count == 1)
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.createTree") == creates + 1)

            let again = try await place(api, token, key: key, body)
            #expect(again.status == 201)
            #expect(again.body == a.body)
            #expect(again.replayed)
            #expect(String(decoding: again.body, as: UTF8.self).contains(orderId))
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.createTree") == creates + 1)

            let different = try await place(api, token, key: key, #"{"items":[{"productId":"\#(productId)","quantity":3}]}"#)
            #expect(different.status == 409)
            #expect(different.error["code"] as? String == "CONFLICT")
        }
    }

    @Test func pricesNamesAndUnknownProductsAreRefusedAndAKeyIsRequired() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 11, cold: false)
            let (productId, _) = try await product(api, token)
            let creates = api.sandbox.salesforceKnobs.calls("salesforce.createTree")

            let tampered = try await place(
                api,
                token,
                key: UUID().uuidString,
                #"{"items":[{"productId":"\#(productId)","quantity":1,"unitPrice":1}]}"#
            )
            #expect(tampered.status == 400)
            #expect((tampered.error["fields"] as? [String: String])?["items[0].unitPrice"]?.contains("catalog") == true)
            let unknown = try await place(api, token, key: UUID().uuidString, #"{"items":[{"productId":"01t000000000000AAA","quantity":1}]}"#)
            #expect(unknown.status == 400)
            #expect((unknown.error["fields"] as? [String: String])?.keys.contains("items[0].productId") == true)
            let noKey = try await place(api, token, key: nil, #"{"items":[{"productId":"\#(productId)","quantity":1}]}"#)
            #expect(noKey.status == 400)
            #expect((noKey.error["fields"] as? [String: String])?.keys.contains("Idempotency-Key") == true)
            let badQuantity = try await place(api, token, key: UUID().uuidString, #"{"items":[{"productId":"\#(productId)","quantity":0}]}"#)
            #expect((badQuantity.error["fields"] as? [String: String])?.keys.contains("items[0].quantity") == true)
            let empty = try await place(api, token, key: UUID().uuidString, #"{"items":[]}"#)
            #expect(empty.status == 400)
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.createTree") == creates)
        }
    }

    @Test func aTopUpIsForTheCallersSimOnlyOnceAndDropsTheCachedSim() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 12)
            let client = api.sandbox.seed.customers[12].whmcsClientId
            let sim = "/api/subscriptions/\(client * 10 + 1)/sim"
            let quotaBefore = try #require(try await api.get(sim, token: token).json["remainingQuotaMB"] as? Int)
            #expect(try await api.get(sim, token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let calls = api.sandbox.freebitKnobs.calls("freebit.addSpec")
            let key = UUID().uuidString
            func topUp(_ path: String, key: String, _ body: String) async throws -> UpstreamResponseView {
                UpstreamResponseView(
                    try await api.send(
                        "POST",
                        path + "/top-up",
                        token: token,
                        headers: ["Idempotency-Key": key, "Content-Type": "application/json"],
                        body: Data(body.utf8)
                    )
                )
            }
            let first = try await topUp(sim, key: key, #"{"megabytes":1000}"#)
            #expect(first.status == 200)
            #expect(first.json["addedMB"] as? Int == 1000)
            let repeated = try await topUp(sim, key: key, #"{"megabytes":1000}"#)
            #expect(repeated.body == first.body)
            #expect(repeated.replayed)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == calls + 1)
            let after = try await api.get(sim, token: token)
            #expect(after.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect(after.json["remainingQuotaMB"] as? Int == quotaBefore + 1000)

            let someoneElses = "/api/subscriptions/\(api.sandbox.seed.customers[13].whmcsClientId * 10 + 1)/sim"
            let refused = try await topUp(someoneElses, key: UUID().uuidString, #"{"megabytes":1000}"#)
            #expect(refused.status == 404)
            let invalid = try await topUp(sim, key: UUID().uuidString, #"{"megabytes":5,"expiresOn":"yesterday"}"#)
            #expect(invalid.status == 400)
            #expect((invalid.error["fields"] as? [String: String])?.keys.sorted() == ["expiresOn", "megabytes"])
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == calls + 1)
        }
    }
}

extension WriteRoutesTests {
    /// Knobs that make one action of a simulator time out: `lostAnswer` carries the call out and loses its
    /// answer, otherwise the call is dropped unprocessed. The harness gives up after 2 seconds.
    private func timingOut(_ action: String, lostAnswer: Bool) -> SimulatorKnobs.Settings {
        var knobs = SimulatorKnobs.Settings()
        if lostAnswer { knobs.lostAnswerRate = 1 } else { knobs.droppedRate = 1 }
        knobs.timeoutDelay = .seconds(5)
        knobs.actions = [action]
        return knobs
    }

    private func topUp(_ api: APIHarness, _ token: String, service: Int, key: String, megabytes: Int = 1000) async throws -> UpstreamResponseView {
        UpstreamResponseView(
            try await api.send(
                "POST",
                "/api/subscriptions/\(service)/sim/top-up",
                token: token,
                headers: ["Idempotency-Key": key, "Content-Type": "application/json"],
                body: Data(#"{"megabytes":\#(megabytes)}"#.utf8)
            )
        )
    }

    private func quota(_ api: APIHarness, _ token: String, service: Int) async throws -> Int {
        try #require(try await api.get("/api/subscriptions/\(service)/sim", token: token).json["remainingQuotaMB"] as? Int)
    }

    private func orderCount(_ api: APIHarness, _ token: String) async throws -> Int {
        try #require(try await api.get("/api/orders", token: token).json["items"] as? [Any]).count
    }

    @Test func aTopUpWhoseAnswerWasLostIsNotAddedTwiceAndItsRetryGetsTheAnswer() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 14)
            let service = api.sandbox.seed.customers[14].whmcsClientId * 10 + 1
            let before = try await quota(api, token, service: service)
            let key = UUID().uuidString
            api.sandbox.freebitKnobs.settings = timingOut("freebit.addSpec", lostAnswer: true)
            let lost = try await topUp(api, token, service: service, key: key)
            #expect(lost.status == 503)
            #expect(lost.error["code"] as? String == "OUTCOME_UNKNOWN")
            #expect(lost.retryAfter != nil)

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await topUp(api, token, service: service, key: key)
            #expect(retried.status == 200)
            #expect(retried.replayed)
            #expect(retried.json["addedMB"] as? Int == 1000)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == 1)
            #expect(try await quota(api, token, service: service) == before + 1000)
            let again = try await topUp(api, token, service: service, key: key)
            #expect(again.body == retried.body)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == 1)
        }
    }

    @Test func aTopUpThatWasDroppedIsDoneOnceByItsRetry() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 15)
            let service = api.sandbox.seed.customers[15].whmcsClientId * 10 + 1
            let before = try await quota(api, token, service: service)
            let key = UUID().uuidString
            api.sandbox.freebitKnobs.settings = timingOut("freebit.addSpec", lostAnswer: false)
            #expect(try await topUp(api, token, service: service, key: key).status == 503)

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await topUp(api, token, service: service, key: key)
            #expect(retried.status == 200)
            #expect(!retried.replayed)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == 2)
            #expect(try await quota(api, token, service: service) == before + 1000)
        }
    }

    @Test func anUnknownTopUpIsNotRedoneWhileItCouldStillTakeEffectAndHoldsItsSim() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2), writeSettleDelay: .seconds(3600)) { api in
            let token = try await api.token(customer: 16)
            let service = api.sandbox.seed.customers[16].whmcsClientId * 10 + 1
            let before = try await quota(api, token, service: service)
            let key = UUID().uuidString
            api.sandbox.freebitKnobs.settings = timingOut("freebit.addSpec", lostAnswer: false)
            #expect(try await topUp(api, token, service: service, key: key).status == 503)

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await topUp(api, token, service: service, key: key)
            #expect(retried.status == 503)
            #expect(retried.error["code"] as? String == "OUTCOME_UNKNOWN")
            #expect(retried.retryAfter != nil)
            let another = try await topUp(api, token, service: service, key: UUID().uuidString)
            #expect(another.status == 409)
            #expect(another.retryAfter != nil)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == 1)
            #expect(try await quota(api, token, service: service) == before)
        }
    }

    @Test func anotherTopUpOfTheSameSimFirstSettlesTheOneWhoseAnswerWasLost() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 12)
            let service = api.sandbox.seed.customers[12].whmcsClientId * 10 + 1
            let before = try await quota(api, token, service: service)
            let (first, second) = (UUID().uuidString, UUID().uuidString)
            api.sandbox.freebitKnobs.settings = timingOut("freebit.addSpec", lostAnswer: true)
            #expect(try await topUp(api, token, service: service, key: first).status == 503)

            api.sandbox.freebitKnobs.settings = SimulatorKnobs.Settings()
            let next = try await topUp(api, token, service: service, key: second, megabytes: 500)
            #expect(next.status == 200)
            #expect(!next.replayed)
            #expect(try await quota(api, token, service: service) == before + 1500)
            let retried = try await topUp(api, token, service: service, key: first)
            #expect(retried.status == 200)
            #expect(retried.replayed)
            #expect(retried.json["addedMB"] as? Int == 1000)
            #expect(api.sandbox.freebitKnobs.calls("freebit.addSpec") == 2)
        }
    }

    @Test func anOrderWhoseAnswerWasLostIsCreatedOnceAndItsRetryGetsIt() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 17)
            let before = try await orderCount(api, token)
            let (productId, _) = try await product(api, token)
            let body = #"{"items":[{"productId":"\#(productId)","quantity":2}]}"#
            let key = UUID().uuidString
            api.sandbox.salesforceKnobs.settings = timingOut("salesforce.createTree", lostAnswer: true)
            let lost = try await place(api, token, key: key, body)
            #expect(lost.status == 503)
            #expect(lost.error["code"] as? String == "OUTCOME_UNKNOWN")

            api.sandbox.salesforceKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await place(api, token, key: key, body)
            #expect(retried.status == 201)
            #expect(retried.replayed)
            #expect((retried.json["items"] as? [[String: Any]])?.first?["productId"] as? String == productId)
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.createTree") == 1)
            #expect(api.sandbox.salesforceKnobs.calls("salesforce.create") == 0)
            #expect(try await orderCount(api, token) == before + 1)
        }
    }

    @Test func anOrderThatWasDroppedIsPlacedOnceByItsRetry() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, upstreamTimeout: .seconds(2)) { api in
            let token = try await api.token(customer: 18)
            let before = try await orderCount(api, token)
            let (productId, _) = try await product(api, token)
            let body = #"{"items":[{"productId":"\#(productId)","quantity":1}]}"#
            let key = UUID().uuidString
            api.sandbox.salesforceKnobs.settings = timingOut("salesforce.createTree", lostAnswer: false)
            #expect(try await place(api, token, key: key, body).status == 503)

            api.sandbox.salesforceKnobs.settings = SimulatorKnobs.Settings()
            let retried = try await place(api, token, key: key, body)
            #expect(retried.status == 201)
            #expect(!retried.replayed)
            #expect(try await orderCount(api, token) == before + 1)
        }
    }

    @Test func subjectsWithColonsDoNotShareIdempotencyKeys() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            func token(_ index: Int, userId: String) async throws -> String {
                let seeded = api.sandbox.seed.customers[index]
                return try await api.verifier.token(
                    for: Customer(
                        userId: userId,
                        whmcsClientId: seeded.whmcsClientId,
                        whmcsInstance: seeded.whmcsInstance,
                        salesforceAccountId: seeded.salesforceAccountId
                    ),
                    expiresIn: 600
                )
            }
            let subject = "collide-\(UUID().uuidString)"
            let first = try await token(19, userId: subject + ":a")
            let second = try await token(13, userId: subject)
            let (productId, _) = try await product(api, first)
            let body = #"{"items":[{"productId":"\#(productId)","quantity":1}]}"#
            let placed = try await place(api, first, key: "k", body)
            #expect(placed.status == 201)
            let other = try await place(api, second, key: "a:k", body)
            #expect(other.status == 201)
            #expect(!other.replayed)
            #expect(other.body != placed.body)
            #expect(WriteKey(scope: "order", subject: "a:b", key: "c").name != WriteKey(scope: "order", subject: "a", key: "b:c").name)
        }
    }
}

/// A response with the write routes' own headers at hand.
struct UpstreamResponseView {
    let status: Int
    let body: Data
    let replayed: Bool
    let retryAfter: String?
    let json: [String: Any]
    let error: [String: Any]

    init(_ response: PortalUpstream.UpstreamResponse) {
        status = response.status
        body = response.body
        replayed = response.headers["idempotent-replayed"] == "true"
        retryAfter = response.headers["retry-after"]
        json = response.json
        error = response.error
    }
}
