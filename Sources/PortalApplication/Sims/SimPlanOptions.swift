import Domain

/// The plans the SIM of a subscription may change to (its family's), the current one marked, and the
/// change already reserved, if any.
public struct SimPlanOptions: Encodable, Sendable {
    public let currentPlanCode: String?
    public let family: SimPlanFamily
    public let pendingPlanChange: SimPendingPlanChange?
    /// When a change takes effect unless the plan allows today: the 1st of next month in Japan.
    public let defaultEffectiveOn: LocalDate
    public let items: [Item]

    public struct Item: Encodable, Sendable {
        public let code: String
        public let name: String
        public let monthlyPrice: Money
        public let family: SimPlanFamily
        public let changesToday: Bool
        public let current: Bool
    }

    init(details: SimDetails, catalog: SimPlanCatalog, defaultEffectiveOn: LocalDate) {
        let family = catalog.family(of: details)
        currentPlanCode = details.planCode
        self.family = family
        pendingPlanChange = details.pendingPlanChange
        self.defaultEffectiveOn = defaultEffectiveOn
        items = catalog.plans.filter { $0.family == family }.map { plan in
            Item(
                code: plan.code,
                name: plan.name,
                monthlyPrice: plan.monthlyPrice,
                family: plan.family,
                changesToday: plan.changesToday,
                current: plan.code == details.planCode
            )
        }
    }
}
