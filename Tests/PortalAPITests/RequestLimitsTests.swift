import Foundation
import TestSupport
import Testing

@Suite("Request body limit", .enabled(if: TestRedis.isAvailable))
struct RequestLimitsTests {
    @Test func aBodyOverTheLimitIs413BeforeAnyRouteSeesIt() async throws {
        let api = try await APIHarness.start(maxBodyBytes: 1024)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 0, cold: false)
        let answer = try await api.send("POST", "/api/invoices", token: token, body: Data(repeating: 0x41, count: 4096))
        #expect(answer.status == 413)
        #expect(answer.error["code"] as? String == "PAYLOAD_TOO_LARGE")
        #expect(answer.headers["x-request-id"] != nil)
    }

    @Test func aBodyWithinTheLimitGoesOnToRouting() async throws {
        let api = try await APIHarness.start(maxBodyBytes: 1024)
        defer { Task { await api.stop() } }
        let token = try await api.token(customer: 0, cold: false)
        let answer = try await api.send("POST", "/api/invoices", token: token, body: Data(repeating: 0x41, count: 512))
        #expect(answer.status != 413)
    }
}
