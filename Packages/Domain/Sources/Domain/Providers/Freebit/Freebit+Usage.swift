import Foundation

extension Providers.Freebit {
    /// Maps a `getTrafficInfo` answer to daily usage: `today` is `context.today`, and `inRecentDays` lists
    /// the days before it, newest first (comma-separated KB). With a `context.window`, only the days inside it
    /// are kept (and totalled); `from`/`to` then say which of the wanted days Freebit had.
    public static func usage(from raw: RawJSON, context: FreebitMappingContext) throws(MappingError) -> SimUsage {
        let root = try successfulRoot(raw)
        guard let account = try root.phoneNumber("account") else { throw root.failure("account", .missing, "usage names its line") }
        let traffic = try root.object("traffic")
        guard let todayKB = try traffic.optionalInt("today") else { throw traffic.failure("today", .missing, "today's traffic is reported") }
        var kilobytesNewestFirst = [todayKB]
        if let recent = try traffic.trimmedText("inRecentDays") {
            for (index, part) in recent.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let text = part.trimmingCharacters(in: .whitespaces)
                guard let value = Int(text), value >= 0 else {
                    throw traffic.failure("inRecentDays[\(index)]", .invalidValue, "not a KB count: \(text.prefix(20))")
                }
                kilobytesNewestFirst.append(value)
            }
        }
        guard todayKB >= 0 else { throw traffic.failure("today", .outOfRange, "traffic cannot be negative") }
        var days: [DailyUsage] = []
        var totalKB = 0
        for (offset, kilobytes) in kilobytesNewestFirst.enumerated().reversed() {
            guard let date = context.today.adding(days: -offset) else {
                throw traffic.failure("inRecentDays", .outOfRange, "reaches before year 1")
            }
            if let window = context.window, !window.contains(date) { continue }
            days.append(DailyUsage(date: date, usedMB: kilobytes / 1024))
            let (sum, overflow) = totalKB.addingReportingOverflow(kilobytes)
            guard !overflow else { throw traffic.failure("inRecentDays", .outOfRange, "traffic total overflows") }
            totalKB = sum
        }
        return SimUsage(
            account: account,
            from: days.first?.date ?? context.window?.lowerBound ?? context.today,
            to: days.last?.date ?? context.window?.upperBound ?? context.today,
            days: days,
            totalUsedMB: totalKB / 1024,
            remainingQuotaMB: try traffic.megabytesFromKilobytes("remainingQuota")
        )
    }
}
