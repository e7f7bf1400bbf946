/// A Freebit plan a SIM may be on, as the portal's configuration describes it.
public struct SimPlan: Sendable, Hashable, Codable {
    /// Freebit's plan code (`PSP10G`).
    public var code: String
    public var name: String
    public var monthlyPrice: Money
    public var family: SimPlanFamily
    /// Whether a change to this plan may take effect today; otherwise it takes effect on the 1st of next month.
    public var changesToday: Bool

    public init(code: String, name: String, monthlyPrice: Money, family: SimPlanFamily, changesToday: Bool) {
        self.code = code
        self.name = name
        self.monthlyPrice = monthlyPrice
        self.family = family
        self.changesToday = changesToday
    }
}

/// What a SIM can do, which decides the plans it may change to: a plan change stays within its family
/// (a data-only SIM has no voice line to take a voice plan; a voice SIM would lose its number).
public enum SimPlanFamily: String, Sendable, Hashable, Codable, CaseIterable {
    case data
    case voice
}
