/// A plan change Freebit accepted: immediate when `scheduled` is false, otherwise it takes effect on
/// `effectiveOn`.
public struct SimPlanChange: Sendable, Hashable, Codable {
    public var account: String
    public var planCode: String
    public var planName: String?
    public var effectiveOn: LocalDate
    public var scheduled: Bool

    public init(account: String, planCode: String, planName: String?, effectiveOn: LocalDate, scheduled: Bool) {
        self.account = account
        self.planCode = planCode
        self.planName = planName
        self.effectiveOn = effectiveOn
        self.scheduled = scheduled
    }
}

/// A plan change reserved at Freebit that has not taken effect yet.
public struct SimPendingPlanChange: Sendable, Hashable, Codable {
    public var planCode: String
    public var planName: String?
    public var effectiveOn: LocalDate

    public init(planCode: String, planName: String?, effectiveOn: LocalDate) {
        self.planCode = planCode
        self.planName = planName
        self.effectiveOn = effectiveOn
    }
}

/// Why Freebit refused a plan change, read from its result and status codes (`freebit.md`).
public enum SimPlanChangeRefusal: Sendable, Hashable {
    /// Freebit knows no such plan code (`400`/`358`).
    case unknownPlan
    /// The date is not one Freebit accepts for a change (`400`/`359`).
    case invalidDate
    /// Another change is already reserved for the line (`500`/`521`).
    case changePending
    /// The line's contract does not allow this plan (`500`/`522`).
    case notAllowed
    /// The line is already on this plan (`500`/`523`).
    case samePlan

    /// The refusal a failure stands for, or nil when it is not one of the plan-change refusals.
    public init?(_ failure: FreebitAPIError) {
        switch (failure.resultCode, failure.statusCode) {
        case ("400", "358"): self = .unknownPlan
        case ("400", "359"): self = .invalidDate
        case ("500", "521"): self = .changePending
        case ("500", "522"): self = .notAllowed
        case ("500", "523"): self = .samePlan
        default: return nil
        }
    }
}
