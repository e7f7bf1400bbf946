import Domain

/// The Freebit plans the portal offers, read once from configuration (`freebit.plans`).
public struct SimPlanCatalog: Sendable, Equatable {
    public let plans: [SimPlan]

    public init(_ plans: [SimPlan] = []) {
        self.plans = plans
    }

    public func plan(_ code: String) -> SimPlan? { plans.first { $0.code == code } }

    /// Display names by plan code, for the Freebit mappers.
    public var names: [String: String] { Dictionary(plans.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first }) }

    /// The family of a SIM on `details`: its plan's, or voice when Freebit shows a voice line, else data.
    func family(of details: SimDetails) -> SimPlanFamily {
        details.planCode.flatMap(plan)?.family ?? (details.voice == true ? .voice : .data)
    }
}
