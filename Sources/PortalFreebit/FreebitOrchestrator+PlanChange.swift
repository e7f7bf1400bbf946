import Domain
import PortalUpstream

extension FreebitOrchestrator {
    /// Changes a line's plan, now when `effectiveOn` is today in Japan, otherwise on that date. Not retried
    /// after a network error: whether Freebit applied it would be unknown.
    public func changePlan(account: String, planCode: String, effectiveOn: LocalDate) async throws(UpstreamError) -> SimPlanChangeOutcome {
        try await sims.changePlan(account: account, planCode: planCode, effectiveOn: effectiveOn)
    }
}
