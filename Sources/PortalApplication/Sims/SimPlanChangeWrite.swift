import Domain
import Foundation
import PortalFreebit
import PortalUpstream

/// One plan change of the caller's SIM, reconcilable by the SIM's plan: the plan holds the SIM exclusively
/// (shared with top-ups, so they serialize) and checks that the SIM is on another plan with no change
/// reserved, so a later plan code (immediate) or reservation (scheduled) equal to the target shows it took
/// effect.
public struct SimPlanChangeWrite: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let account: String
        let planCode: String
        let effectiveOn: LocalDate
        let scheduled: Bool
    }

    let serviceId: Int
    let request: PlanChangeRequest
    let catalog: SimPlanCatalog
    let today: LocalDate
    let freebit: FreebitOrchestrator
    let billing: BillingAccount
    /// Drops the SIM's cached details, usage and plans.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let (line, details) = try await SubscriptionSimService.claimedSim(of: serviceId, billing, freebit: freebit, claim: claim)
        guard let target = catalog.plan(request.planCode) else { throw ServiceError.invalid(["planCode": "is not a plan offered here"]) }
        let family = catalog.family(of: details)
        guard target.family == family else {
            throw ServiceError.invalid(["planCode": "is a \(target.family.rawValue) plan; this SIM takes \(family.rawValue) plans only"])
        }
        guard details.planCode != target.code else { throw ServiceError.conflict(message: Self.samePlan, fields: Self.samePlanField) }
        if let pending = details.pendingPlanChange {
            throw ServiceError.conflict(
                message:
                    "A change to \(pending.planName ?? pending.planCode) on \(pending.effectiveOn) is already scheduled for this SIM; "
                    + "another can be made once it has taken effect."
            )
        }
        return Plan(account: line, planCode: target.code, effectiveOn: request.effectiveOn, scheduled: request.effectiveOn > today)
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> SimPlanChange {
        let outcome: SimPlanChangeOutcome
        do {
            outcome = try await freebit.changePlan(account: plan.account, planCode: plan.planCode, effectiveOn: plan.effectiveOn)
        } catch {
            throw WriteFailure(error, notFound: "SIM")
        }
        switch outcome {
        case .changed(let change):
            await invalidate()
            return change
        case .refused(let refusal):
            throw .notApplied(Self.shown(refusal))
        }
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<SimPlanChange> {
        let freebit = freebit
        let details = try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.details(account: plan.account)
        }
        let reserved = details.pendingPlanChange.map { $0.planCode == plan.planCode && $0.effectiveOn == plan.effectiveOn } ?? false
        guard details.planCode == plan.planCode || reserved else { return .notApplied }
        await invalidate()
        return .applied(
            SimPlanChange(
                account: plan.account,
                planCode: plan.planCode,
                planName: catalog.plan(plan.planCode)?.name,
                effectiveOn: plan.effectiveOn,
                scheduled: plan.scheduled
            )
        )
    }

    static let samePlan = "This SIM is already on that plan."
    static let samePlanField = ["planCode": "is the SIM's current plan"]

    /// How Freebit's refusal of a change is shown.
    static func shown(_ refusal: SimPlanChangeRefusal) -> ServiceError {
        switch refusal {
        case .unknownPlan: .invalid(["planCode": "is not a plan this SIM can change to"])
        case .invalidDate: .invalid(["effectiveOn": "is not a date this plan change can take effect on"])
        case .changePending: .conflict(message: "A plan change is already scheduled for this SIM; another can be made once it has taken effect.")
        case .notAllowed:
            .conflict(message: "This SIM's contract does not allow a change to that plan.", fields: ["planCode": "is not allowed for this SIM"])
        case .samePlan: .conflict(message: samePlan, fields: samePlanField)
        }
    }
}
