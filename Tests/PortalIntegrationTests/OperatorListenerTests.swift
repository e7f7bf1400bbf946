import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: operator listener", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct OperatorListenerTests {
    @Test func metricsAndTheDetailedReadinessAreServedOnlyOnTheOperatorListener() async throws {
        try await APIHarness.withRunning { api in
            let metrics = try await api.operatorGet("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            let readiness = try await api.operatorGet("/readyz")
            #expect(readiness.status == 200)
            #expect((readiness.json["checks"] as? [String: Any])?.keys.contains("redis") == true)

            let publicMetrics = try await api.get("/metrics")
            #expect(publicMetrics.status == 404)
            #expect(!String(decoding: publicMetrics.body, as: UTF8.self).contains("hb_requests"))
            let publicReadiness = try await api.get("/readyz")
            #expect(publicReadiness.status == 200)
            #expect(publicReadiness.json.keys.sorted() == ["status"])
            #expect(publicReadiness.json["status"] as? String == "ready")
        }
    }

    @Test func readinessAndTheProvisioningBacklogAreGaugesForTheAlertRules() async throws {
        try await APIHarness.withRunning { api in
            var text = ""
            try await eventually("the gauges' first sample") {
                text = String(decoding: try await api.operatorGet("/metrics").body, as: UTF8.self)
                return text.contains("portal_provisioning_waiting_jobs")
            }
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"portal_readiness_status{check="redis",status="up"} 1.0"#))
            #expect(lines.contains(#"portal_readiness_status{check="redis",status="down"} 0.0"#))
            #expect(lines.contains(#"portal_readiness_status{check="redis",status="degraded"} 0.0"#))
            #expect(lines.contains { $0.hasPrefix("portal_provisioning_oldest_waiting_seconds ") })
            #expect(lines.contains { $0.hasPrefix("portal_provisioning_dead_letters ") })
            #expect(lines.contains("portal_redis_master_switches 0.0"), "one server: never switched")
        }
    }

    @Test func healthzAnswersOnBothListeners() async throws {
        try await APIHarness.withRunning { api async throws in
            #expect(try await api.get("/healthz").status == 200)
            #expect(try await api.operatorGet("/healthz").status == 200)
        }
    }

    @Test func theOperatorListenerServesNoPortalRoute() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 13, cold: false)
            let onOperator = try await api.transport.send(
                .init(
                    method: "GET",
                    url: URL(string: api.operatorURL.absoluteString + "/api/invoices")!,
                    headers: ["Authorization": "Bearer \(token)"],
                    body: nil
                )
            )
            #expect(onOperator.status == 404)
            #expect(try await api.operatorGet("/openapi.json").status == 404)
        }
    }
}
