import APITestSupport
import Foundation
import PortalCache
import PortalRedis
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalApplication

/// One customer cannot spend another's upstream budget, and requests that cannot be answered cost no
/// upstream call and no Redis growth.
@Suite("Portal API: fair upstream use", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct FairUpstreamUseTests {
    static let redisURL = TestRedis.url(database: 11)

    @Test func aCustomerFloodingColdReadsInsideItsBudgetLeavesAnothersColdReadsSucceeding() async throws {
        // Ten WHMCS calls for everyone that do not refill during the test; three for each customer.
        try await APIHarness.withRunning(redisURL: Self.redisURL, perMinute: 1, burst: 10, share: (perMinute: 1, burst: 3)) { api in
            let flooder = try await api.token(customer: 0)
            let other = try await api.token(customer: 1)
            var statuses: [Int] = []
            for status in ["", "&status=paid", "&status=unpaid", "&status=cancelled", "&status=refunded"] {
                for pageSize in [5, 10] {
                    let response = try await api.get("/api/invoices?pageSize=\(pageSize)\(status)", token: flooder)
                    statuses.append(response.status)
                    if response.status == 429 {
                        #expect(response.error["code"] as? String == "RATE_LIMITED")
                        #expect(Int(response.headers["retry-after"] ?? "") ?? 0 > 0)
                    }
                }
            }
            #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 }, "the flooder's own share runs out: \(statuses)")
            #expect(statuses.contains(429))
            for pageSize in [5, 10, 25] {
                let response = try await api.get("/api/invoices?pageSize=\(pageSize)", token: other)
                #expect(response.status == 200, "the other customer's cold read answered \(response.status)")
            }
        }
    }

    @Test func aPageSizeOutsideTheSetIs400WithoutAnUpstreamCall() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 2)
            for pageSize in ["7", "99", "1"] {
                let response = try await api.get("/api/invoices?pageSize=\(pageSize)", token: token)
                #expect(response.status == 400)
                #expect(response.error["code"] as? String == "VALIDATION_FAILED")
                #expect((response.error["fields"] as? [String: String])?["pageSize"] == "must be one of 5, 10, 25, 50, 100")
            }
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.GetInvoices") == 0)
            #expect(try await api.get("/api/invoices?pageSize=50", token: token).status == 200)
        }
    }

    @Test func aPagePastTheLastIsAnsweredFromTheKnownTotalWithoutCallingWhmcs() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 3)
            let first = try await api.get("/api/invoices?page=1&pageSize=5&status=paid", token: token)
            let total = try #require(first.json["total"] as? Int)
            let calls = api.sandbox.whmcsKnobs.calls("whmcs.GetInvoices")
            for (page, pageSize) in [(total / 5 + 2, 5), (total / 10 + 2, 10), (10_000, 100)] {
                let past = try await api.get("/api/invoices?page=\(page)&pageSize=\(pageSize)&status=paid", token: token)
                #expect(past.status == 200)
                #expect((past.json["items"] as? [Any])?.isEmpty == true)
                #expect(past.json["total"] as? Int == total)
                #expect(past.json["page"] as? Int == page)
                #expect(past.json["pageSize"] as? Int == pageSize)
            }
            #expect(api.sandbox.whmcsKnobs.calls("whmcs.GetInvoices") == calls)
        }
    }

    @Test func anUnknownCategoryIs404FromTheCachedListWithoutCallingSalesforce() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 4, cold: false)
            #expect(try await api.get("/api/catalog", token: token).status == 200)
            let calls = api.sandbox.salesforceKnobs.calls()
            let unknown = try await api.get("/api/catalog/no-such-category", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.error["code"] as? String == "NOT_FOUND")
            #expect(api.sandbox.salesforceKnobs.calls() == calls)
            #expect(try await api.get("/api/catalog/sim", token: token).status == 200)
        }
    }

    @Test func aCustomersRequestNeverAddsToTheGlobalCategorySet() async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            let token = try await api.token(customer: 5, cold: false)
            let invented = "invented-\(UUID().uuidString.prefix(8).lowercased())"
            #expect(try await api.get("/api/catalog/\(invented)", token: token).status == 404)
            #expect(try await api.get("/api/catalog/internet", token: token).status == 200)
            let members = try await api.redis.send(RedisCommand("SMEMBERS", "pb:{catalog}:rel:categories"))
            guard case .array(let items) = members else {
                Issue.record("SMEMBERS answered \(members)")
                return
            }
            let names = Set(
                items.compactMap { item -> String? in
                    if case .bytes(let bytes) = item { String(decoding: bytes, as: UTF8.self) } else { nil }
                }
            )
            #expect(names.contains("internet"))
            #expect(!names.contains(invented))
            #expect(try await api.redis.send(RedisCommand("EXISTS", RedisArgument("pb:{catalog}:category:\(invented)"))) == .integer(0))
        }
    }
}
