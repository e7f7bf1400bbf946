/// What Freebit mappers need to know that a Freebit payload does not say.
public struct FreebitMappingContext: Sendable {
    /// Today in Japan: `getTrafficInfo` reports "today" and the days before it without dates.
    public var today: LocalDate
    /// Display names of plan codes.
    public var planNames: [String: String]
    /// The days usage is wanted for; nil for every day Freebit reports.
    public var window: ClosedRange<LocalDate>?

    public init(today: LocalDate, planNames: [String: String] = [:], window: ClosedRange<LocalDate>? = nil) {
        self.today = today
        self.planNames = planNames
        self.window = window
    }
}
