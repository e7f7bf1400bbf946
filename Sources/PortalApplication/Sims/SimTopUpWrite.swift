import Domain
import Foundation
import PortalFreebit
import PortalUpstream

/// One quota top-up of the caller's SIM, reconcilable by its quota: the plan holds the SIM exclusively
/// (no other portal top-up of it runs until this one's outcome is known) and records its quota before
/// sending, so a later quota that grew by at least half the top-up shows it took effect.
public struct SimTopUpWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let account: String
        let megabytes: Int
        let expiresOn: LocalDate?
        let quotaBeforeMB: Int
    }

    let serviceId: Int
    let request: TopUpRequest
    let freebit: FreebitOrchestrator
    let billing: BillingAccount
    /// Drops the SIM's cached details and usage.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let (line, details) = try await SubscriptionSimService.claimedSim(of: serviceId, billing, freebit: freebit, claim: claim)
        guard let quota = details.remainingQuotaMB else {
            throw ServiceError.upstreamFailed(message: "This SIM's quota cannot be read, so it cannot be topped up safely now.")
        }
        return Plan(account: line, megabytes: request.megabytes, expiresOn: request.expiresOn, quotaBeforeMB: quota)
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> SimTopUp {
        let result: SimTopUp
        do {
            result = try await freebit.topUp(account: plan.account, megabytes: plan.megabytes, expiresOn: plan.expiresOn)
        } catch {
            throw WriteFailure(error, notFound: "SIM")
        }
        await invalidate()
        return result
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<SimTopUp> {
        let freebit = freebit
        let details = try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.details(account: plan.account)
        }
        guard let quota = details.remainingQuotaMB else { throw .upstreamFailed(message: nil) }
        guard quota - plan.quotaBeforeMB >= (plan.megabytes + 1) / 2 else { return .notApplied }
        await invalidate()
        return .applied(SimTopUp(account: plan.account, addedMB: plan.megabytes, expiresOn: plan.expiresOn))
    }
}
