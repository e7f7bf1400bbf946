/// A SIM's data use per day from `from` to `to`, oldest first. `totalUsedMB` is the sum of the days in KB,
/// converted once, so it can exceed the sum of the rounded-down days.
public struct SimUsage: Sendable, Hashable, Codable {
    public var account: String
    public var from: LocalDate
    public var to: LocalDate
    public var days: [DailyUsage]
    public var totalUsedMB: Int
    public var remainingQuotaMB: Int?

    public init(account: String, from: LocalDate, to: LocalDate, days: [DailyUsage], totalUsedMB: Int, remainingQuotaMB: Int?) {
        self.account = account
        self.from = from
        self.to = to
        self.days = days
        self.totalUsedMB = totalUsedMB
        self.remainingQuotaMB = remainingQuotaMB
    }
}

public struct DailyUsage: Sendable, Hashable, Codable {
    public var date: LocalDate
    public var usedMB: Int

    public init(date: LocalDate, usedMB: Int) {
        self.date = date
        self.usedMB = usedMB
    }
}

/// Data quota added to a SIM, as Freebit confirmed it.
public struct SimTopUp: Sendable, Hashable, Codable {
    public var account: String
    public var addedMB: Int
    public var expiresOn: LocalDate?

    public init(account: String, addedMB: Int, expiresOn: LocalDate?) {
        self.account = account
        self.addedMB = addedMB
        self.expiresOn = expiresOn
    }
}
