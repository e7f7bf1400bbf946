import Domain
import Foundation
import Logging
import PortalFreebit
import PortalUpstream
import PortalWhmcs

/// One quota top-up of the caller's SIM, reconcilable by its quota: the plan holds the SIM exclusively
/// (no other portal top-up of it runs until this one's outcome is known) and records its quota before
/// sending, so a later quota that grew by at least half the top-up shows it took effect.
struct TopUpWrite: ReconcilableWrite {
    struct Plan: Codable, Sendable {
        let account: String
        let megabytes: Int
        let expiresOn: LocalDate?
        let quotaBeforeMB: Int
    }

    let serviceId: Int
    let request: TopUpController.TopUpRequest
    let freebit: FreebitSimService
    let whmcs: (connection: WhmcsConnection, clientId: Int)
    /// Drops the SIM's cached details and usage.
    let invalidate: @Sendable () async -> Void

    func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let whmcs = self.whmcs
        let account = try await APIError.showing(notFound: "SIM") { () async throws(UpstreamError) in
            try await SimController.account(of: serviceId, whmcs)
        }
        try await claim("freebit-sim:\(account)")
        let details = try await APIError.showing(notFound: "SIM") { () async throws(UpstreamError) in try await freebit.details(account: account) }
        guard let quota = details.remainingQuotaMB else {
            throw APIError(status: .badGateway, code: "UPSTREAM_ERROR", message: "This SIM's quota cannot be read, so it cannot be topped up safely now.")
        }
        return Plan(account: account, megabytes: request.megabytes, expiresOn: request.expiresOn, quotaBeforeMB: quota)
    }

    func perform(_ plan: Plan) async throws(WriteFailure) -> WriteAnswer {
        let result: SimTopUp
        do {
            result = try await freebit.topUp(account: plan.account, megabytes: plan.megabytes, expiresOn: plan.expiresOn)
        } catch {
            throw WriteFailure(error, notFound: "SIM")
        }
        return try await answer(result)
    }

    func reconcile(_ plan: Plan) async throws(UpstreamError) -> Reconciliation {
        let details = try await freebit.details(account: plan.account)
        guard let quota = details.remainingQuotaMB else { throw .invalidResponse(system: freebit.connection.system, cause: .malformedAnswer, detail: "getDetail: no quota") }
        guard quota - plan.quotaBeforeMB >= (plan.megabytes + 1) / 2 else { return .notApplied }
        do {
            return .applied(try await answer(SimTopUp(account: plan.account, addedMB: plan.megabytes, expiresOn: plan.expiresOn)))
        } catch {
            throw .invalidResponse(system: freebit.connection.system, cause: .malformedAnswer, detail: "top-up answer cannot be encoded")
        }
    }

    private func answer(_ result: SimTopUp) async throws(WriteFailure) -> WriteAnswer {
        await invalidate()
        do {
            return WriteAnswer(status: .ok, body: try JSONBody.encode(result))
        } catch {
            throw .outcomeUnknown(detail: "top-up answer cannot be encoded")
        }
    }
}
