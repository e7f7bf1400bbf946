import Foundation
import Hummingbird
import PortalApplication

/// The operator listener's routes for provisioning jobs and Pub/Sub records (JSON, like the CLI's
/// `--json`):
/// `GET /provisioning/jobs[?dead=true][&limit=N]`, `GET /provisioning/jobs/{orderId}`,
/// `POST /provisioning/jobs/{orderId}/retry` `{"by","reason"?,"whmcsOrderId"? | "notPlaced"?}`,
/// `POST /provisioning/jobs/{orderId}/discard` `{"by","reason"}`,
/// `GET /pubsub/dead-letters[?limit=N]`, `GET /pubsub/gaps[?limit=N]`. Without Redis they answer 503.
struct ProvisioningAdministrationController {
    static let defaultLimit = 100

    let administration: ProvisioningAdministration?

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("provisioning/jobs", use: list)
        router.get("provisioning/jobs/:orderId", use: show)
        router.post("provisioning/jobs/:orderId/retry", use: retry)
        router.post("provisioning/jobs/:orderId/discard", use: discard)
        router.get("pubsub/dead-letters") { request, _ in
            let limit = try Self.limit(request)
            return try await respond { administration async throws(ServiceError) in try await administration.pubSubDeadLetters(limit: limit) }
        }
        router.get("pubsub/gaps") { request, _ in
            let limit = try Self.limit(request)
            return try await respond { administration async throws(ServiceError) in try await administration.pubSubGaps(limit: limit) }
        }
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let limit = try Self.limit(request)
        switch request.uri.queryParameters.get("dead") {
        case nil, "false":
            return try await respond { administration async throws(ServiceError) in try await administration.waitingJobs(limit: limit) }
        case "true":
            return try await respond { administration async throws(ServiceError) in try await administration.deadLetteredJobs(limit: limit) }
        default:
            throw APIError.validation(["dead": "must be true or false"])
        }
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let orderId = context.parameters.get("orderId") ?? ""
        return try await respond { administration async throws(ServiceError) in try await administration.job(orderId) }
    }

    @Sendable func retry(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await administer(request, context, reasonRequired: false) { administration, orderId, parsed async throws(ServiceError) in
            try await administration.retry(orderId, parsed)
        }
    }

    @Sendable func discard(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await administer(request, context, reasonRequired: true) { administration, orderId, parsed async throws(ServiceError) in
            try await administration.discard(orderId, parsed)
        }
    }

    private func administer(
        _ request: Request,
        _ context: PortalRequestContext,
        reasonRequired: Bool,
        _ action: (ProvisioningAdministration, String, JobAdministrationRequest) async throws(ServiceError) -> some Encodable
    ) async throws -> Response {
        let orderId = context.parameters.get("orderId") ?? ""
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try JobAdministrationRequest.parse(body, reasonRequired: reasonRequired) }
        let response = try await respond { administration async throws(ServiceError) in try await action(administration, orderId, parsed) }
        context.logger.notice(
            "provisioning job \(reasonRequired ? "discarded" : "retried") by an operator",
            metadata: ["order": .string(orderId), "by": .string(parsed.by), "reason": .string(parsed.reason)]
        )
        return response
    }

    private func respond(_ work: (ProvisioningAdministration) async throws(ServiceError) -> some Encodable) async throws -> Response {
        guard let administration else {
            throw APIError(status: .serviceUnavailable, code: "REDIS_UNAVAILABLE", message: "This instance runs without Redis.")
        }
        let value = try await APIError.showing { () async throws(ServiceError) in try await work(administration) }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try OperatorJSON.encode(value)))
        )
    }

    private static func limit(_ request: Request) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return defaultLimit }
        guard let limit = Int(text), ProvisioningAdministration.listLimits.contains(limit) else {
            let range = ProvisioningAdministration.listLimits
            throw .validation(["limit": "must be a whole number from \(range.lowerBound) to \(range.upperBound)"])
        }
        return limit
    }
}
