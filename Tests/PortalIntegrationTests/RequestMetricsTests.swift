import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: request metrics", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct RequestMetricsTests {
    @Test func everyAnswerIsCountedWithTheStatusThatWasSent() async throws {
        try await APIHarness.withRunning(customerBurst: 1) { api in
            let token = try await api.token(customer: 13, cold: false)
            #expect(try await api.get("/api/invoices/not-a-number", token: token).status == 400)
            #expect(try await api.get("/api/payment-methods", token: token).status == 429)
            #expect(try await api.get("/api/me").status == 401)
            #expect(try await api.get("/no-such-route").status == 404)
            #expect(try await api.get("/healthz").status == 200)

            let metrics = String(decoding: try await api.operatorGet("/metrics").body, as: UTF8.self)
            let requests = Self.samples("hb_requests", in: metrics)
            #expect(requests[#"http_route="/api/invoices/{id}",http_request_method="GET",http_response_status_code="400""#] == "1")
            #expect(requests[#"http_route="/api/payment-methods",http_request_method="GET",http_response_status_code="429""#] == "1")
            #expect(requests[#"http_route="/api/me",http_request_method="GET",http_response_status_code="401""#] == "1")
            #expect(requests[#"http_route="NotFound",http_request_method="GET",http_response_status_code="404""#] == "1")
            #expect(requests[#"http_route="/healthz",http_request_method="GET",http_response_status_code="200""#] == "1")
            #expect(!requests.keys.contains { $0.contains(#"status_code="500""#) }, "\(requests)")

            let errors = Self.samples("hb_request_errors", in: metrics)
            #expect(errors[#"http_route="/api/payment-methods",http_request_method="GET",error_type="429""#] == "1")
            #expect(errors[#"http_route="/api/me",http_request_method="GET",error_type="401""#] == "1")
            #expect(!errors.keys.contains { $0.contains(#"error_type="500""#) || $0.contains("/healthz") }, "\(errors)")
        }
    }

    /// The samples of counter `name`: labels → value.
    private static func samples(_ name: String, in text: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("\(name){") {
            guard let close = line.lastIndex(of: "}") else { continue }
            let labels = line[line.index(line.startIndex, offsetBy: name.count + 1)..<close]
            found[String(labels)] = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        }
        return found
    }
}
