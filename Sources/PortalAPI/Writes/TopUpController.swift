import Domain
import Foundation
import Hummingbird
import PortalUpstream

/// `POST /api/subscriptions/{id}/sim/top-up` with `{"megabytes": 1000, "expiresOn": "2026-12-31"?}`: adds
/// data quota to the SIM of the caller's subscription, once per `Idempotency-Key` (even when Freebit's
/// answer is lost: `TopUpWrite`), and drops the SIM's cached details and usage.
struct TopUpController {
    static let megabytes = 100...102_400

    let route: CachedRoute
    let upstreams: Upstreams
    let writes: IdempotentWrite

    struct TopUpRequest: Encodable, Sendable {
        let megabytes: Int
        let expiresOn: LocalDate?
    }

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("subscriptions/:id/sim/top-up", use: topUp)
    }

    @Sendable func topUp(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        let freebit = try upstreams.requireFreebit()
        let whmcs = try upstreams.whmcs(for: customer)
        let parsed = try Self.parse(Data(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        let cache = route.cache
        let invalidate: @Sendable () async -> Void = {
            if let group = try? CachedRoute.whmcsGroup(customer, clientId: whmcs.clientId, .sim) { try? await cache.invalidate([group]) }
        }
        let write = TopUpWrite(serviceId: serviceId, request: parsed, freebit: freebit, whmcs: whmcs, invalidate: invalidate)
        let response = try await writes.respond(
            to: request, context: context, scope: "top-up:\(serviceId)", customer: customer, fingerprinting: parsed, write: write)
        context.logger.info("SIM top-up answered", metadata: ["service": .stringConvertible(serviceId), "megabytes": .stringConvertible(parsed.megabytes)])
        return response
    }

    static func parse(_ body: Data) throws(APIError) -> TopUpRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .validation(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        for key in root.keys where !["megabytes", "expiresOn"].contains(key) { problems[key] = "is not accepted" }
        var megabytes: Int?
        if case .number(let literal)? = root["megabytes"], let value = Int(literal), Self.megabytes.contains(value) {
            megabytes = value
        } else {
            problems["megabytes"] = "must be a whole number from \(Self.megabytes.lowerBound) to \(Self.megabytes.upperBound)"
        }
        var expiresOn: LocalDate?
        if let raw = root["expiresOn"], raw != .null {
            if case .string(let text) = raw, text.utf8.count == 10, let date = LocalDate(text), date >= JapanDate.today() {
                expiresOn = date
            } else {
                problems["expiresOn"] = "must be a date YYYY-MM-DD, today or later"
            }
        }
        guard problems.isEmpty, let megabytes else { throw .validation(problems) }
        return TopUpRequest(megabytes: megabytes, expiresOn: expiresOn)
    }
}
