import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalApplication
@testable import PortalWhmcs

/// Webhook suites use Redis database 1 and run one at a time, so what they see in the cache is theirs.
@Suite("Webhooks", .serialized, .enabled(if: TestRedis.isAvailable))
struct WebhookRoutesTests {
    static let redisURL = TestRedis.url(database: 1)

    /// What a customer's cached routes look like after an event: which went cold.
    struct Observed {
        static let routes = [
            "invoices": "/api/invoices", "subscriptions": "/api/subscriptions", "paymethods": "/api/payment-methods", "profile": "/api/me",
            "dashboard": "/api/dashboard", "orders": "/api/orders",
        ]
    }

    private func warm(_ api: APIHarness, _ token: String) async throws {
        for path in Observed.routes.values {
            #expect(try await api.get(path, token: token).status == 200, "\(path)")
        }
    }

    /// The routes (by group name) that answered from the source instead of the cache.
    private func cold(_ api: APIHarness, _ token: String) async throws -> Set<String> {
        var cold: Set<String> = []
        for (group, path) in Observed.routes {
            let status = try await api.get(path, token: token).headers["cache-status"] ?? ""
            if !status.hasPrefix("portal-bff; hit") { cold.insert(group) }
        }
        return cold
    }

    private func event(_ name: String, _ data: String, id: String = UUID().uuidString) -> String {
        #"{"id":"\#(id)","event":"\#(name)","occurredAt":"2026-11-23T10:00:00Z","data":\#(data)}"#
    }

    @Test func eachEventFamilyEmptiesExactlyItsGroupsOfThatCustomerOnly() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let mine = try await api.token(customer: 2)
            let others = try await api.token(customer: 3)
            let seeded = api.sandbox.seed.customers[2]
            let client = seeded.whmcsClientId
            let invoiceId = try #require((try await api.get("/api/invoices", token: mine).json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let orderId = try #require((try await api.get("/api/orders", token: mine).json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let cases: [(path: String, body: String, expected: Set<String>)] = [
                ("/webhooks/whmcs/default", event("InvoicePaid", #"{"invoiceid":\#(invoiceId),"userid":\#(client)}"#), ["invoices", "dashboard"]),
                ("/webhooks/whmcs/default", event("InvoicePaid", #"{"invoiceid":\#(invoiceId)}"#), ["invoices", "dashboard"]),
                (
                    "/webhooks/whmcs/default", event("AfterModuleSuspend", #"{"userid":\#(client),"serviceid":\#(client * 10 + 1)}"#),
                    ["subscriptions", "dashboard"]
                ),
                ("/webhooks/whmcs/default", event("ClientEdit", #"{"userid":\#(client)}"#), ["profile"]),
                (
                    "/webhooks/whmcs/default", event("AcceptOrder", #"{"userid":\#(client),"orderid":\#(client * 10)}"#),
                    ["subscriptions", "invoices", "dashboard"]
                ),
                ("/webhooks/whmcs/default", event("CCUpdate", #"{"userid":\#(client)}"#), ["paymethods"]),
                (
                    "/webhooks/salesforce",
                    event(
                        "OrderStatusChanged",
                        #"{"accountId":"\#(seeded.salesforceAccountId.value)","orderId":"\#(orderId)","status":"Activated"}"#
                    ), ["orders", "dashboard"]
                ),
            ]
            for (path, body, expected) in cases {
                try await warm(api, mine)
                try await warm(api, others)
                let answer = try await api.webhook(path, body)
                #expect(answer.status == 200, "\(body)")
                #expect(answer.json["status"] as? String == "processed", "\(body)")
                #expect(try await cold(api, mine) == expected, "\(body)")
                #expect(try await cold(api, others) == [], "\(body)")
            }
        }
    }

    @Test func theSimOfAServiceGoesWithItsServiceEvent() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 4)
            let client = api.sandbox.seed.customers[4].whmcsClientId
            let sim = "/api/subscriptions/\(client * 10 + 1)/sim"
            #expect(try await api.get(sim, token: token).status == 200)
            #expect(try await api.get(sim, token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
            let answer = try await api.webhook(
                "/webhooks/whmcs/default",
                event("ServiceEdit", #"{"userid":\#(client),"serviceid":\#(client * 10 + 1)}"#)
            )
            #expect(answer.status == 200)
            #expect(try await api.get(sim, token: token).headers["cache-status"] == "portal-bff; fwd=miss; stored")
        }
    }

    @Test func aCatalogChangeEmptiesItsCategoryOrEveryCachedOne() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 0, cold: false)
            let categories = try #require(
                (try await api.get("/api/catalog", token: token).json["items"] as? [Any])?.compactMap { item in
                    (item as? String) ?? (item as? [String: Any])?["name"] as? String ?? (item as? [String: Any])?["id"] as? String
                }
            )
            try #require(categories.count >= 2)
            func coldCategories() async throws -> Set<String> {
                var cold: Set<String> = []
                for category in categories {
                    let status = try await api.get("/api/catalog/\(category)", token: token).headers["cache-status"] ?? ""
                    if !status.hasPrefix("portal-bff; hit") { cold.insert(category) }
                }
                return cold
            }
            _ = try await coldCategories()
            #expect(try await api.webhook("/webhooks/salesforce", event("ProductChanged", #"{"category":"\#(categories[0])"}"#)).status == 200)
            #expect(try await coldCategories() == [categories[0]])
            #expect(try await api.webhook("/webhooks/salesforce", event("PricebookChanged", "{}")).status == 200)
            #expect(try await coldCategories() == Set(categories))
        }
    }

    @Test func aBadSignatureWrongSecretOrTamperedBodyIs401AndChangesNothing() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 5)
            let client = api.sandbox.seed.customers[5].whmcsClientId
            try await warm(api, token)
            let body = event("ClientEdit", #"{"userid":\#(client)}"#)
            let refusals = [
                try await api.webhook("/webhooks/whmcs/default", body, secret: "not-the-secret-of-this-instance"),
                try await api.webhook("/webhooks/whmcs/default", body, secret: APIHarness.webhookSecrets["brand-b"]),
                try await api.webhook("/webhooks/whmcs/default", body, signature: "v1,AAAA"),
                try await api.webhook("/webhooks/whmcs/default", body, age: .seconds(400)),
                try await api.webhook("/webhooks/whmcs/default", body, age: .seconds(-400)),
                try await api.send("POST", "/webhooks/whmcs/default", body: Data(body.utf8)),
            ]
            for answer in refusals {
                #expect(answer.status == 401)
                #expect(answer.error["code"] as? String == "WEBHOOK_SIGNATURE_INVALID")
            }
            let id = "tampered-\(UUID().uuidString)"
            let signed = Data(body.utf8)
            let timestamp = Int64(Date().timeIntervalSince1970)
            let tampered = try await api.send(
                "POST",
                "/webhooks/whmcs/default",
                headers: [
                    "webhook-id": id, "webhook-timestamp": String(timestamp),
                    "webhook-signature": WebhookSignature.sign(
                        id: id,
                        timestamp: timestamp,
                        body: signed,
                        secret: try WebhookSecret(APIHarness.webhookSecrets["default"]!)
                    ),
                ],
                body: Data(body.replacingOccurrences(of: "\(client)", with: "\(client + 1)").utf8)
            )
            #expect(tampered.status == 401)
            #expect(try await cold(api, token) == [])
        }
    }

    @Test func aSignatureAmongSeveralIsEnoughSoSecretsCanRotate() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let body = event("Unrelated", "{}")
            let id = UUID().uuidString
            let timestamp = Int64(Date().timeIntervalSince1970)
            let data = Data(body.utf8)
            let old = WebhookSignature.sign(id: id, timestamp: timestamp, body: data, secret: try WebhookSecret("the-retired-secret-of-last-month"))
            let current = WebhookSignature.sign(
                id: id,
                timestamp: timestamp,
                body: data,
                secret: try WebhookSecret(APIHarness.webhookSecrets["default"]!)
            )
            let answer = try await api.send(
                "POST",
                "/webhooks/whmcs/default",
                headers: [
                    "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": "\(old) \(current)",
                ],
                body: data
            )
            #expect(answer.status == 200)
        }
    }

    @Test func aRepeatedDeliveryIsAcknowledgedAndDoesNothingTwice() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 6)
            let client = api.sandbox.seed.customers[6].whmcsClientId
            let id = "evt-\(UUID().uuidString)"
            let body = event("ClientEdit", #"{"userid":\#(client)}"#, id: id)
            try await warm(api, token)
            #expect(try await api.webhook("/webhooks/whmcs/default", body, id: id).json["status"] as? String == "processed")
            try await warm(api, token)
            let repeated = try await api.webhook("/webhooks/whmcs/default", body, id: id)
            #expect(repeated.status == 200)
            #expect(repeated.json["status"] as? String == "duplicate")
            #expect(try await cold(api, token) == [])
        }
    }

    @Test func aRepeatIsRecognisedByTheSignedWebhookIdNotByTheBody() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 8)
            let client = api.sandbox.seed.customers[8].whmcsClientId
            let sameBody = event("ClientEdit", #"{"userid":\#(client)}"#, id: "evt-\(UUID().uuidString)")
            try await warm(api, token)
            #expect(try await api.webhook("/webhooks/whmcs/default", sameBody).json["status"] as? String == "processed")
            try await warm(api, token)
            let anotherDelivery = try await api.webhook("/webhooks/whmcs/default", sameBody)
            #expect(anotherDelivery.json["status"] as? String == "processed")
            #expect(try await cold(api, token) == ["profile"])
            let delivery = "msg_\(UUID().uuidString)"
            #expect(
                try await api.webhook("/webhooks/whmcs/default", event("ClientEdit", #"{"userid":\#(client)}"#), id: delivery).json["status"]
                    as? String == "processed"
            )
            try await warm(api, token)
            let sameDeliveryOtherBody = try await api.webhook("/webhooks/whmcs/default", event("ClientEdit", #"{"userid":\#(client)}"#), id: delivery)
            #expect(sameDeliveryOtherBody.json["status"] as? String == "duplicate")
            #expect(try await cold(api, token) == [])
        }
    }

    @Test func unknownInstanceOversizeMalformedAndUnknownEvents() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL, maxBodyBytes: 4096) { api in
            let unknownInstance = try await api.webhook(
                "/webhooks/whmcs/brand-z",
                event("ClientEdit", #"{"userid":1}"#),
                secret: "whatever-secret-of-24-characters"
            )
            #expect(unknownInstance.status == 404)
            let oversize = try await api.webhook(
                "/webhooks/whmcs/default",
                event("ClientEdit", #"{"userid":1,"pad":"\#(String(repeating: "x", count: 5000))"}"#)
            )
            #expect(oversize.status == 413)
            #expect(oversize.error["code"] as? String == "PAYLOAD_TOO_LARGE")
            let notJSON = try await api.webhook("/webhooks/whmcs/default", "{not json")
            #expect(notJSON.status == 400)
            #expect(notJSON.error["code"] as? String == "VALIDATION_FAILED")
            let wrongShape = try await api.webhook("/webhooks/whmcs/default", #"{"id":"x","occurredAt":"2026-11-23T10:00:00Z"}"#)
            #expect(wrongShape.status == 400)
            #expect((wrongShape.error["fields"] as? [String: String])?.keys.contains("event") == true)
            let missingClient = try await api.webhook("/webhooks/whmcs/default", event("ClientEdit", "{}"))
            #expect(missingClient.status == 400)
            let unknown = try await api.webhook("/webhooks/whmcs/default", event("SomeFutureHook", #"{"userid":1}"#))
            #expect(unknown.status == 200)
            #expect(unknown.json["status"] as? String == "ignored")
            let metrics = String(decoding: try await api.operatorGet("/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"portal_webhooks_total{source="whmcs",event="unknown",outcome="ignored"} 1"#))
            #expect(metrics.contains(#"portal_webhooks_total{source="whmcs",event="-",outcome="malformed"} 3"#))
        }
    }

    @Test func afterThe200AnotherInstanceSharingRedisServesFreshData() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { first in
            try await APIHarness.withRunning(redisURL: Self.redisURL, sharingSandboxOf: first) { second in
                let token = try await first.token(customer: 7)
                let client = first.sandbox.seed.customers[7].whmcsClientId
                let before = try #require(try await first.get("/api/subscriptions", token: token).json["items"] as? [Any]).count
                #expect(try await second.get("/api/subscriptions", token: token).headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)

                let whmcs = try #require(first.dependencies.services.upstreams.whmcs["default"])
                let receipt = try await whmcs.addOrder(
                    clientId: client,
                    lines: [.init(productId: 14, billingCycle: "monthly")],
                    paymentMethod: "stripe"
                )
                let cached = try await second.get("/api/subscriptions", token: token)
                #expect(cached.headers["cache-status"]?.hasPrefix("portal-bff; hit") == true)
                #expect((cached.json["items"] as? [Any])?.count == before)
                let answer = try await first.webhook(
                    "/webhooks/whmcs/default",
                    event("OrderPaid", #"{"userid":\#(client),"orderid":\#(receipt.orderId)}"#)
                )
                #expect(answer.status == 200)
                let after = try await second.get("/api/subscriptions", token: token)
                #expect(after.headers["cache-status"] == "portal-bff; fwd=miss; stored")
                #expect((after.json["items"] as? [Any])?.count == before + 1)
            }
        }
    }

    @Test func withRedisDownAWebhookIs503SoTheSenderRetries() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        try await APIHarness.withRunning(redisURL: server.url) { api in
            let client = api.sandbox.seed.customers[8].whmcsClientId
            try await server.stop()
            let answer = try await api.webhook("/webhooks/whmcs/default", event("ClientEdit", #"{"userid":\#(client)}"#))
            #expect(answer.status == 503)
            #expect(answer.headers["retry-after"] != nil)
            #expect(answer.error["code"] as? String == "UPSTREAM_UNAVAILABLE")
        }
    }
}
