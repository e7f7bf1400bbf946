import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: health", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct HealthRoutesTests {
    @Test func readyzReportsRedisTheNearCacheAndEveryUpstream() async throws {
        try await APIHarness.withRunning { api in
            // The near cache answers once its invalidation connection's first PONG is back.
            try await eventually("readiness up") { try await api.operatorGet("/readyz").json["status"] as? String == "up" }
            let response = try await api.operatorGet("/readyz")
            #expect(response.status == 200)
            let checks = try #require(response.json["checks"] as? [String: [String: Any]])
            #expect(Set(checks.keys) == ["redis", "near-cache", "whmcs:default", "whmcs:brand-b", "salesforce", "freebit"])
            #expect(checks.values.allSatisfy { $0["status"] as? String == "up" })
            #expect((checks["near-cache"]?["detail"] as? String)?.hasSuffix("of 67108864 bytes") == true)
            #expect((checks["redis"]?["detail"] as? String)?.hasPrefix("standalone 127.0.0.1:") == true)
        }
    }

    @Test func theNearCacheIsDegradedWhileItsInvalidationConnectionIsGone() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        try await APIHarness.withRunning(redisURL: server.url) { api in
            func nearCache() async throws -> String? {
                (try await api.operatorGet("/readyz").json["checks"] as? [String: [String: Any]])?["near-cache"]?["status"] as? String
            }
            try await eventually("the near cache answering") { try await nearCache() == "up" }
            try await server.stop()
            try await eventually("the near cache degraded") { try await nearCache() == "degraded" }
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
