import Foundation
import PortalUpstream
import TestSupport
import Testing

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
        let api = try await APIHarness.start(redisURL: Self.redisURL)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 9)
        let before = try #require(try await api.get("/api/orders", token: token).json["items"] as? [Any]).count
        let (productId, price) = try await product(api, token)
        let placed = try await place(api, token, key: UUID().uuidString, #"{"items":[{"productId":"\#(productId)","quantity":2}]}"#)
        #expect(placed.status == 201)
        let items = try #require(placed.json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["productId"] as? String == productId)
        #expect((items.first?["unitPrice"] as? [String: Any])?["amount"] as? String == (price["unitPrice"] as? [String: Any])?["amount"] as? String)
        let orders = try await api.get("/api/orders", token: token)
        #expect(orders.headers["cache-status"] == "portal-bff; fwd=miss; stored")
        #expect((orders.json["items"] as? [Any])?.count == before + 1)
    }

    @Test func theSameKeyAnswersTheSameOrderEvenConcurrentlyAndAnotherBodyIsAConflict() async throws {
        let api = try await APIHarness.start(redisURL: Self.redisURL)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 10)
        let (productId, _) = try await product(api, token)
        let body = #"{"items":[{"productId":"\#(productId)","quantity":1}]}"#
        let key = UUID().uuidString
        let creates = api.sandbox.salesforceKnobs.calls("salesforce.create")
        async let first = place(api, token, key: key, body)
        async let second = place(api, token, key: key, body)
        let (a, b) = try await (first, second)
        #expect(a.status == 201)
        #expect(b.status == 201)
        let orderId = try #require((a.json["summary"] as? [String: Any])?["id"] as? String ?? a.json["id"] as? String)
        #expect(a.body == b.body)
        #expect([a.replayed, b.replayed].filter { $0 }.count == 1)
        #expect(api.sandbox.salesforceKnobs.calls("salesforce.create") == creates + 2)

        let again = try await place(api, token, key: key, body)
        #expect(again.status == 201)
        #expect(again.body == a.body)
        #expect(again.replayed)
        #expect(String(decoding: again.body, as: UTF8.self).contains(orderId))
        #expect(api.sandbox.salesforceKnobs.calls("salesforce.create") == creates + 2)

        let different = try await place(api, token, key: key, #"{"items":[{"productId":"\#(productId)","quantity":3}]}"#)
        #expect(different.status == 409)
        #expect(different.error["code"] as? String == "CONFLICT")
    }

    @Test func pricesNamesAndUnknownProductsAreRefusedAndAKeyIsRequired() async throws {
        let api = try await APIHarness.start(redisURL: Self.redisURL)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 11, cold: false)
        let (productId, _) = try await product(api, token)
        let creates = api.sandbox.salesforceKnobs.calls("salesforce.create")

        let tampered = try await place(api, token, key: UUID().uuidString, #"{"items":[{"productId":"\#(productId)","quantity":1,"unitPrice":1}]}"#)
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
        #expect(api.sandbox.salesforceKnobs.calls("salesforce.create") == creates)
    }

    @Test func aTopUpIsForTheCallersSimOnlyOnceAndDropsTheCachedSim() async throws {
        let api = try await APIHarness.start(redisURL: Self.redisURL)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 12)
        let client = api.sandbox.seed.customers[12].whmcsClientId
        let sim = "/api/subscriptions/\(client * 10 + 1)/sim"
        let quotaBefore = try #require(try await api.get(sim, token: token).json["remainingQuotaMB"] as? Int)
        #expect(try await api.get(sim, token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
        let calls = api.sandbox.freebitKnobs.calls("freebit.addSpec")
        let key = UUID().uuidString
        func topUp(_ path: String, key: String, _ body: String) async throws -> UpstreamResponseView {
            UpstreamResponseView(try await api.send(
                "POST", path + "/top-up", token: token, headers: ["Idempotency-Key": key, "Content-Type": "application/json"], body: Data(body.utf8)))
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

/// A response with the write routes' own headers at hand.
struct UpstreamResponseView {
    let status: Int
    let body: Data
    let replayed: Bool
    let json: [String: Any]
    let error: [String: Any]

    init(_ response: PortalUpstream.UpstreamResponse) {
        status = response.status
        body = response.body
        replayed = response.headers["idempotent-replayed"] == "true"
        json = response.json
        error = response.error
    }
}
