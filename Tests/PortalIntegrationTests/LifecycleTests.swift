import APITestSupport
import Foundation
import PortalCache
import PortalRedis
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Shutdown and Redis outages", .enabled(if: TestRedis.isAvailable))
struct LifecycleTests {
    @Test func gracefulShutdownFinishesTheRequestInFlightThenClosesRedis() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 15)
            api.sandbox.whmcsKnobs.settings.latency = .milliseconds(600)
            let inFlight = Task { try await api.get("/api/invoices", token: token) }
            while api.sandbox.whmcsKnobs.calls() == 0 { try await Task.sleep(for: .milliseconds(5)) }

            await api.services.triggerGracefulShutdown()
            let answer = try await inFlight.value
            #expect(answer.status == 200)
            #expect((answer.json["items"] as? [Any])?.isEmpty == false)
            try await api.server.value

            await #expect(throws: (any Error).self) { try await api.get("/healthz") }
            await #expect(throws: RedisError.shutDown) { try await api.redis.send(RedisCommand("PING")) }
        }
    }

    @Test func duringTheDrainPeriodReadyzIs503WhileRequestsAreStillServed() async throws {
        try await APIHarness.withRunning(drainSeconds: 2) { api in
            let token = try await api.token(customer: 14, cold: false)
            #expect(try await api.get("/readyz").status == 200)
            await api.services.triggerGracefulShutdown()
            var readiness = try await api.get("/readyz")
            for _ in 0..<100 where readiness.status == 200 {
                try await Task.sleep(for: .milliseconds(10))
                readiness = try await api.get("/readyz")
            }
            #expect(readiness.status == 503)
            #expect(readiness.json["status"] as? String == "draining")
            #expect(try await api.get("/api/invoices", token: token).status == 200)
            try await api.server.value
            await #expect(throws: (any Error).self) { try await api.get("/healthz") }
        }
    }

    @Test func withRedisStoppedEveryRouteStillAnswersFromTheUpstreams() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        try await APIHarness.withRunning(redisURL: server.url) { api in
            let token = try await api.token(customer: 16, cold: false)
            #expect(try await api.get("/api/invoices", token: token).headers["cache-status"] == "portal-bff; fwd=miss; stored")

            try await server.stop()
            for path in ["/api/invoices", "/api/me", "/api/dashboard", "/api/subscriptions", "/api/payment-methods", "/api/orders", "/api/catalog"] {
                let answer = try await api.get(path, token: token)
                #expect(answer.status == 200, "\(path)")
                #expect(answer.headers["cache-status"] == "portal-bff; fwd=bypass", "\(path)")
            }
            let readiness = try await api.operatorGet("/readyz")
            #expect(readiness.status == 200)
            #expect((readiness.json["checks"] as? [String: [String: Any]])?["redis"]?["status"] as? String == "down")
        }
    }
}
