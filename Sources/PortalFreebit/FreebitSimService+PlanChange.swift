import Domain
import PortalUpstream

/// What Freebit made of a plan change request: accepted, or refused for a reason the portal tells apart.
public enum SimPlanChangeOutcome: Sendable {
    case changed(SimPlanChange)
    case refused(SimPlanChangeRefusal)
}

extension FreebitSimService {
    /// Changes the line's plan to `planCode`: now (no `runTime`) when `effectiveOn` is today, otherwise on
    /// `effectiveOn`. Not retried after a network error: whether Freebit applied it would be unknown.
    func changePlan(account: String, planCode: String, effectiveOn: LocalDate) async throws(UpstreamError) -> SimPlanChangeOutcome {
        let scheduled = effectiveOn > today()
        var fields: [String: any Sendable] = ["account": account, "planCode": planCode]
        if scheduled { fields["runTime"] = effectiveOn.description.replacingOccurrences(of: "-", with: "") }
        let (raw, failure) = try await connection.answer("mvno/changePlan/", fields, idempotent: false)
        if let failure {
            guard let refusal = SimPlanChangeRefusal(failure) else {
                throw FreebitConnection.error(failure, action: "mvno/changePlan/", system: connection.system)
            }
            return .refused(refusal)
        }
        let context = FreebitMappingContext(today: today(), planNames: planNames)
        return .changed(
            try connection.map(raw, action: "changePlan") { raw throws(MappingError) in
                try Providers.Freebit.planChange(
                    from: raw,
                    account: account,
                    planCode: planCode,
                    effectiveOn: effectiveOn,
                    scheduled: scheduled,
                    context: context
                )
            }
        )
    }
}
