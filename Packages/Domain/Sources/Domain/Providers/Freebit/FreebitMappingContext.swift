/// What Freebit mappers need to know that a Freebit payload does not say.
public struct FreebitMappingContext: Sendable {
    /// Today in Japan: `getTrafficInfo` reports "today" and the days before it without dates.
    public var today: LocalDate
    /// Display names of plan codes.
    public var planNames: [String: String]

    public init(today: LocalDate, planNames: [String: String] = [:]) {
        self.today = today
        self.planNames = planNames
    }
}
