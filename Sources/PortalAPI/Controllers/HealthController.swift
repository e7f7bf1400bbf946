import Foundation
import Hummingbird
import PortalApplication

/// `GET /healthz` (the process answers) and `GET /readyz`. On the public listener `/readyz` is bare
/// (`{"status":"ready"}`), what a load balancer needs; on the operator listener it details Redis and each upstream
/// as `up`, `degraded` or `down`, with how long ago each upstream last failed. The instance still serves when
/// Redis or an upstream is down (it bypasses the cache, or answers 503 for that upstream's routes), so both answer
/// 200; only while the instance drains before a shutdown do they answer 503 (`"status": "draining"`), so that
/// load balancers stop sending it traffic.
struct HealthController {
    let readiness: ReadinessService
    let draining: Draining

    struct Readiness: Encodable {
        let status: String
        let checks: [String: ReadinessService.Check]
    }

    /// The public listener's routes.
    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("readyz") { _, _ in draining.isDraining ? Self.draining() : Self.json(#"{"status":"ready"}"#) }
    }

    /// The operator listener's routes.
    func addOperatorRoutes(to router: Router<PortalRequestContext>) {
        router.get("healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("readyz") { _, _ in try await detailedReadiness() }
    }

    func detailedReadiness() async throws -> Response {
        if draining.isDraining { return Self.draining() }
        let checks = await readiness.checks()
        let overall = checks.values.allSatisfy { $0.status == "up" } ? "up" : "degraded"
        return Self.json(String(decoding: try JSONBody.encode(Readiness(status: overall, checks: checks)), as: UTF8.self))
    }

    static func draining() -> Response {
        Response(
            status: .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"draining"}"#))
        )
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
