import APITestSupport
import Foundation
import PortalAPI
import TestSupport
import Testing

@Suite("Portal API: upstream log lines", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct UpstreamLogRoutesTests {
    @Test func anUpstreamCallMadeForARequestIsLoggedWithThatRequestsId() async throws {
        let logs = LogCapture()
        try await APIHarness.withRunning(logger: logs.logger()) { api in
            let token = try await api.token(customer: 19)
            #expect(try await api.get("/api/invoices?page=1&pageSize=25", token: token).status == 200)
            let access = logs.all.filter { $0.hasPrefix("info request ") && $0.contains("route=/api/invoices") }
            #expect(access.count == 1)
            let requestId = try #require(access.first.flatMap { Self.value(of: "hb.request.id", in: $0) })
            let upstream = logs.all.filter { $0.hasPrefix("info upstream call ") }
            #expect(upstream.contains { $0.contains("system=whmcs") && Self.value(of: "hb.request.id", in: $0) == requestId })
        }
    }

    @Test func anUpstreamCallMadeForAWebhookIsLoggedWithThatRequestsId() async throws {
        let logs = LogCapture()
        try await APIHarness.withRunning(logger: logs.logger()) { api in
            let seeded = api.sandbox.seed.customers[18]
            let token = try await api.token(customer: 18)
            let invoices = try await api.get("/api/invoices", token: token).json["items"] as? [[String: Any]]
            let invoiceId = try #require(invoices?.first?["id"] as? Int)
            // No client named: the webhook asks WHMCS whose invoice it is.
            let body = #"{"id":"\#(UUID().uuidString)","event":"InvoicePaid","occurredAt":"2026-11-23T10:00:00Z","data":{"invoiceid":\#(invoiceId)}}"#
            #expect(try await api.webhook("/webhooks/whmcs/\(seeded.whmcsInstance)", body).status == 200)
            let access = logs.all.filter { $0.hasPrefix("info request ") && $0.contains("route=/webhooks/whmcs") }
            #expect(access.count == 1)
            let requestId = try #require(access.first.flatMap { Self.value(of: "hb.request.id", in: $0) })
            let upstream = logs.all.filter { $0.hasPrefix("info upstream call ") }
            #expect(upstream.contains { $0.contains("system=whmcs") && Self.value(of: "hb.request.id", in: $0) == requestId })
        }
    }

    /// The value of `key=value` in a captured line (values hold no spaces here).
    private static func value(of key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix("\(key)=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
