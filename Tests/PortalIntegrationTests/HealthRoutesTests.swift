import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: health", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct HealthRoutesTests {
    @Test func readyzReportsRedisAndEveryUpstream() async throws {
        try await APIHarness.withRunning { api in
            let response = try await api.operatorGet("/readyz")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "up")
            let checks = try #require(response.json["checks"] as? [String: [String: Any]])
            #expect(Set(checks.keys) == ["redis", "whmcs:default", "whmcs:brand-b", "salesforce", "freebit"])
            #expect(checks.values.allSatisfy { $0["status"] as? String == "up" })
        }
    }

    @Test func anUpstreamWithAnOpenBreakerIsDownWithTheAgeOfItsLastError() async throws {
        try await APIHarness.withRunning(breakerFailures: 1) { api in
            var knobs = api.sandbox.whmcsKnobs.settings
            knobs.errorRate = 1
            api.sandbox.whmcsKnobs.settings = knobs
            _ = try await api.get("/api/payment-methods", token: try await api.token(customer: 3))
            let response = try await api.operatorGet("/readyz")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "degraded")
            let whmcs = try #require((response.json["checks"] as? [String: [String: Any]])?["whmcs:default"])
            #expect(whmcs["status"] as? String == "down")
            #expect((whmcs["lastErrorAgeSeconds"] as? Int).map { $0 >= 0 } == true)
        }
    }

    @Test func metricsAreServedInPrometheusTextFormat() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 1)
            _ = try await api.get("/api/payment-methods", token: token)
            _ = try await api.get("/api/payment-methods", token: token)
            let response = try await api.operatorGet("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains("portal_cache_hits_total 1"))
            #expect(text.contains("portal_cache_misses_total 1"))
            #expect(text.contains(#"portal_upstream_calls_total{system="whmcs:default",action="GetPayMethods",outcome="ok"} 1"#))
            #expect(text.contains(#"portal_upstream_breaker_state{system="whmcs:default"} 0"#))
            #expect(text.contains(#"portal_upstream_seconds_count{system="whmcs:default"}"#))
        }
    }

    @Test func aCustomerPastTheirBudgetIs429WithRetryAfterWhileOthersAreServed() async throws {
        try await APIHarness.withRunning(customerBurst: 2) { api in
            let busy = try await api.token(customer: 5, cold: false)
            #expect(try await api.get("/api/payment-methods", token: busy).status == 200)
            #expect(try await api.get("/api/payment-methods", token: busy).status == 200)
            let refused = try await api.get("/api/payment-methods", token: busy)
            #expect(refused.status == 429)
            #expect(refused.error["code"] as? String == "RATE_LIMITED")
            #expect(refused.headers["retry-after"] != nil)
            #expect(try await api.get("/api/payment-methods", token: try await api.token(customer: 6, cold: false)).status == 200)
        }
    }
}
